import type { CommandContext } from '../../../src/core/command.js';
import { refuse, RefusalError } from '../../../src/core/reply.js';
import type { Service } from '../../../src/domain/service.js';
import type { RemoteEffects } from '../../../src/ports/remote-effects.js';
import type { OvhClient } from '../ovh-client.js';
import type { Service as OvhService } from '../operations/services.ops.js';
import { api } from './ovh-refusals.js';
import { serviceOf } from './ovh-mapping.js';

/** What the OVHcloud desks need from the process: the caller's API client and the effect journal. */
export interface OvhProviderDeps {
  /** The API client bound to the caller's connected account, or undefined when it has none. */
  clientFor(ctx: CommandContext): Promise<OvhClient | undefined>;
  readonly effects: RemoteEffects;
}

/** One command attempt's view of the caller's OVHcloud account: its client, and services looked up once. */
export class OvhSession {
  #client: Promise<OvhClient> | undefined;
  readonly #services = new Map<string, OvhService | null>();

  /** Binds a command attempt. */
  constructor(readonly ctx: CommandContext, private readonly deps: OvhProviderDeps) {}

  /** The caller's client; refuses (as a reply) when the caller's account is not connected. */
  client(): Promise<OvhClient> {
    this.#client ??= this.deps.clientFor(this.ctx).then((c) => {
      if (c) return c;
      throw new RefusalError(refuse('OVH.NOT_CONNECTED', {
        en: 'Your account is not connected to OVHcloud yet. Type /account connect to connect it (you validate the access in your browser).',
        fr: 'Votre compte n’est pas encore connecté à OVHcloud. Tapez /account connect pour le connecter (vous validez l’accès dans votre navigateur).',
      }));
    });
    return this.#client;
  }

  /** Runs a state-changing call once per invocation and operation, reconciling after a crash. */
  once<T>(operation: string, call: () => Promise<T>, reconcile: () => Promise<T | undefined>): Promise<T> {
    return this.deps.effects.once(`${this.ctx.invocation.id}:${operation}`, () => api(call), () => api(reconcile));
  }

  /** The provider's record of a service by name (any case), looked up once per attempt. */
  async raw(name: string): Promise<OvhService | undefined> {
    const key = name.trim().toLowerCase();
    if (!this.#services.has(key)) {
      const client = await this.client();
      const ids = await api(() => client.services.ids({ resourceName: key }));
      const first = ids[0];
      this.#services.set(key, first === undefined ? null : await api(() => client.services.get(first)));
    }
    return this.#services.get(key) ?? undefined;
  }

  /** Remembers services read in a list, so later lookups cost nothing. */
  remember(services: readonly OvhService[]): void {
    for (const s of services) this.#services.set(s.resource.name.toLowerCase(), s);
  }

  /** The provider's service ID of a domain service (it must have been read in this attempt). */
  async serviceId(service: Service): Promise<number> {
    const raw = await this.raw(service.id);
    if (!raw) throw new RefusalError(refuse('SERVICE.NOT_FOUND', { en: `OVHcloud has no service ${service.id} on your account.`, fr: `OVHcloud n’a aucun service ${service.id} sur votre compte.` }));
    return raw.serviceId;
  }

  /** Domain view of a service by name. */
  async service(name: string): Promise<Service | undefined> {
    const raw = await this.raw(name);
    return raw && serviceOf(raw);
  }
}
