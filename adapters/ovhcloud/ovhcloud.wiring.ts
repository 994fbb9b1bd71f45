import type { CommandContext } from '../../src/core/command.js';
import type { Locale } from '../../src/core/i18n.js';
import type { Clock } from '../../src/ports/clock.js';
import type { Logger } from '../../src/ports/logger.js';
import type { Notifier } from '../../src/ports/notifier.js';
import type { CloudProvider } from '../../src/ports/provider.js';
import type { RemoteEffects } from '../../src/ports/remote-effects.js';
import type { UnitOfWork } from '../../src/ports/store.js';
import { createSecretBox, type AesGcmSecretBox } from '../crypto/aes-gcm.secret-box.js';
import { StoreRemoteEffects, type StoreRemoteEffectsOptions } from '../store/store.remote-effects.js';
import { ConnectPoller, type PollScheduler } from './connect-poller.js';
import { createOvhClient, type OvhClient } from './ovh-client.js';
import { isOvhApiError } from './ovh-errors.js';
import { realTimers, type OvhTimers } from './ovh-timers.js';
import { ThrottleRegistry, DEFAULT_THROTTLE } from './ovh-throttle.js';
import { createOvhcloudProvider } from './ovhcloud.provider.js';
import { OvhcloudConnector } from './ovhcloud.connector.js';

/** What `GUICHET_PROVIDER=ovhcloud` is built from. */
export interface OvhcloudWiring {
  /** `GUICHET_SECRET_KEY` (64 hex), `OVH_ENDPOINT`, `OVH_APPLICATION_KEY`, `OVH_APPLICATION_SECRET`. */
  readonly secretKey: string;
  readonly endpoint: string;
  readonly applicationKey: string;
  readonly applicationSecret: string;
  readonly store: UnitOfWork;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Private messages of the background poller (the process's notifier router). */
  readonly notifier: Notifier;
  /** Language of the poller's messages before the account is known. */
  readonly locale: Locale;
  /** Tests: timers of the API client, scheduler of the poller, options or a wrapper of the effect journal. */
  readonly timers?: OvhTimers;
  readonly scheduler?: PollScheduler;
  readonly effects?: Partial<Omit<StoreRemoteEffectsOptions, 'store' | 'clock'>>;
  readonly wrapEffects?: (effects: RemoteEffects) => RemoteEffects;
}

/** The OVHcloud pieces of one process, wired once at start. */
export interface OvhcloudParts {
  readonly box: AesGcmSecretBox;
  readonly effects: RemoteEffects;
  /** The application's client at a region or base URL (one per endpoint; one server-time delta and throttle registry for all). */
  clientAt(endpoint: string): OvhClient;
  /** The client of the caller's connected account, or undefined when it has none. */
  clientFor(ctx: CommandContext): Promise<OvhClient | undefined>;
  readonly connector: OvhcloudConnector;
  readonly poller: ConnectPoller;
  readonly provider: CloudProvider;
}

/** True when a failed call certainly changed nothing at the provider: its intent is forgotten, a retry calls again. */
export function ovhNoEffect(error: unknown): boolean {
  return isOvhApiError(error) && error.effect === 'none';
}

/** Builds the secret box, the effect journal, the clients, the connector, its poller and the provider. */
export function createOvhcloudParts(w: OvhcloudWiring): OvhcloudParts {
  const box = createSecretBox(w.secretKey);
  const journal = new StoreRemoteEffects({ store: w.store, clock: w.clock, noEffect: ovhNoEffect, ...w.effects });
  const effects = w.wrapEffects ? w.wrapEffects(journal) : journal;
  const throttles = new ThrottleRegistry(w.clock, w.timers ?? realTimers, DEFAULT_THROTTLE);
  const clients = new Map<string, OvhClient>();
  const clientAt = (endpoint: string): OvhClient => {
    let client = clients.get(endpoint);
    if (!client) {
      client = createOvhClient({
        endpoint, applicationKey: w.applicationKey, applicationSecret: w.applicationSecret, clock: w.clock, logger: w.logger, throttles,
        ...(w.timers ? { timers: w.timers } : {}),
      });
      clients.set(endpoint, client);
    }
    return client;
  };
  const clientFor = async (ctx: CommandContext): Promise<OvhClient | undefined> => {
    if (!ctx.account) return undefined;
    const connection = await ctx.tx.connections.get(ctx.account.id);
    return connection && clientAt(connection.endpoint).withConsumerKey(box.open(connection.sealedKey));
  };
  let poller: ConnectPoller | undefined;
  const connector = new OvhcloudConnector({ clientAt, box, effects, defaultEndpoint: w.endpoint, onWatch: (chatUser) => poller?.watch(chatUser) });
  poller = new ConnectPoller({ store: w.store, connector, notifier: w.notifier, clock: w.clock, logger: w.logger, locale: w.locale, ...(w.scheduler ? { scheduler: w.scheduler } : {}) });
  const provider = createOvhcloudProvider({ effects, clientFor });
  return { box, effects, clientAt, clientFor, connector, poller, provider };
}
