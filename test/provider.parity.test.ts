import { afterEach, describe, expect, it } from 'vitest';
import { createOvhcloudProvider } from '../adapters/ovhcloud/ovhcloud.provider.js';
import type { OvhClient } from '../adapters/ovhcloud/ovh-client.js';
import { replyToPlainText } from '../src/core/reply.js';
import type { RemoteEffects } from '../src/ports/remote-effects.js';
import { makeHarness, type Harness } from './support/harness.js';
import { startOvhBed, type OvhBed } from './support/ovhcloud-fake/bed.js';

/** Effects kept in process for this comparison (the store-backed journal has its own tests). */
class MapEffects implements RemoteEffects {
  readonly #done = new Map<string, unknown>();
  async once<T>(key: string, call: () => Promise<T>): Promise<T> {
    if (!this.#done.has(key)) this.#done.set(key, await call());
    return this.#done.get(key) as T;
  }
}

/** One step of the newcomer's tour; `{order}` is replaced by the order the purchase created. */
const TOUR = [
  '/renew status',
  '/credit buy 100 pc-demo',
  '/orders pay {order}',
  '/voucher activate WELCOME-50 pc-demo',
  '/voucher activate WELCOME-50 pc-demo',
  '/voucher activate EXPIRED-10 pc-demo',
  '/renew auto vps-demo-1',
  '@bob /renew auto vps-demo-1',
  '/renew cancel hosting-demo not needed any more',
  '/contacts change pc-demo billing=dave-ovh',
  '@carol /credit list pc-demo',
  '/renew delete-now example-demo.fr',
];

/** Runs the tour and returns, per step, the tone of the reply (success, error, warning, info). */
async function tour(h: Harness): Promise<string[]> {
  let order = '';
  const tones: string[] = [];
  for (const step of TOUR) {
    const reply = await h.run(step.replace('{order}', order));
    order ||= /Purchase order (\S+) generated/.exec(replyToPlainText(reply))?.[1] ?? '';
    tones.push(`${step} → ${reply.tone ?? 'info'}`);
  }
  return tones;
}

let bed: OvhBed | undefined;
const harnesses: Harness[] = [];
afterEach(async () => {
  await bed?.close();
  for (const h of harnesses.splice(0)) await h.close();
});

describe('the same tour on both providers', () => {
  it('GIVEN the demo data on the ledger and the same accounts on the OVHcloud fake WHEN the tour runs on each THEN every step succeeds or is refused alike', async () => {
    const ledger = await makeHarness();
    harnesses.push(ledger);
    const clients = new Map<string, OvhClient>();
    const effects = new MapEffects();
    const ovh = await makeHarness({
      provider: () => createOvhcloudProvider({
        effects,
        clientFor: async (ctx) => {
          const id = ctx.account?.id;
          if (!id) return undefined;
          if (!clients.has(id)) clients.set(id, bed!.clientFor(id));
          return clients.get(id);
        },
      }),
    });
    harnesses.push(ovh);
    bed = await startOvhBed({ clock: ovh.clock });
    const onLedger = await tour(ledger);
    const onOvh = await tour(ovh);
    expect(onOvh).toEqual(onLedger);
    expect(onLedger.filter((t) => t.endsWith('error'))).toHaveLength(4);
    expect(bed.fake.mismatches).toEqual([]);
  });
});
