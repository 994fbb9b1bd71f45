import { createOvhcloudProvider } from '../../adapters/ovhcloud/ovhcloud.provider.js';
import type { OvhClient } from '../../adapters/ovhcloud/ovh-client.js';
import type { CloudProvider } from '../../src/ports/provider.js';
import type { RemoteEffects } from '../../src/ports/remote-effects.js';
import { startOvhBed, type OvhBed } from './ovhcloud-fake/bed.js';
import { makeHarness, type Harness } from './harness.js';

/** Effects kept in process (the store-backed journal has its own tests): a key runs its call once. */
export class MapEffects implements RemoteEffects {
  readonly #done = new Map<string, unknown>();
  /** Runs the call the first time a key is seen, then returns its outcome. */
  async once<T>(key: string, call: () => Promise<T>): Promise<T> {
    if (!this.#done.has(key)) this.#done.set(key, await call());
    return this.#done.get(key) as T;
  }
}

/**
 * The OVHcloud provider on a fake, each linked account connected with a validated key of its own
 * (`bed()` is read lazily, so the harness may be built before the fake starts on its clock).
 */
export function ovhProviderOn(bed: () => OvhBed, effects: RemoteEffects = new MapEffects()): () => CloudProvider {
  return () => {
    const clients = new Map<string, OvhClient>();
    return createOvhcloudProvider({
      effects,
      clientFor: async (ctx) => {
        const id = ctx.account?.id;
        if (!id) return undefined;
        if (!clients.has(id)) clients.set(id, bed().clientFor(id));
        return clients.get(id);
      },
    });
  };
}

/** A console harness on the OVHcloud provider and the fake it talks to, on the harness's clock. */
export interface OvhHarness {
  readonly h: Harness;
  readonly bed: OvhBed;
  /** Stops the fake, then the harness. */
  close(): Promise<void>;
}

/** Opens a harness whose provider is OVHcloud on a fresh fake (the fake starts on the harness's clock). */
export async function openOvhHarness(effects: RemoteEffects = new MapEffects()): Promise<OvhHarness> {
  let bed: OvhBed | undefined;
  const h = await makeHarness({ provider: ovhProviderOn(() => bed!, effects) });
  bed = await startOvhBed({ clock: h.clock });
  const started = bed;
  return { h, bed: started, close: async () => { await started.close(); await h.close(); } };
}
