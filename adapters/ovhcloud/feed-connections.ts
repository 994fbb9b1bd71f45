import type { SecretBox, StoredConnection } from '../../src/ports/connections.js';
import type { Page } from '../../src/ports/store.js';
import type { OvhClient } from './ovh-client.js';
import type { OvhcloudFeedDeps } from './ovhcloud.feed.js';

/** The reads of the validated connections the feed needs (the store's `tx.connections`). */
export interface ConnectionReads {
  /** The account's validated connection, if any. */
  get(account: string): Promise<StoredConnection | undefined>;
  /** Validated connections in account order, paged. */
  list(after?: string, limit?: number): Promise<Page<StoredConnection>>;
}

/** What {@link feedOfConnections} needs from the process. */
export interface FeedConnectionsDeps {
  /** Runs reads on the connections in a unit of work, e.g. `(f) => uow.run(async (tx) => ({ commit: false, result: await f(tx.connections) }))`. */
  readonly read: <T>(reads: (connections: ConnectionReads) => Promise<T>) => Promise<T>;
  readonly box: SecretBox;
  /** The application's client at an endpoint, shared with the commands (one throttle registry per process). */
  readonly clientAt: (endpoint: string) => OvhClient;
}

/** Pages of 200 connections. */
const PAGE = 200;

/**
 * The feed's connected accounts and clients from the stored connections: every validated connection, its
 * consumer key opened only to build the client of one sync (never cached nor logged). A key that cannot be
 * opened (sealed with another `GUICHET_SECRET_KEY`) counts as no connection.
 */
export function feedOfConnections(deps: FeedConnectionsDeps): OvhcloudFeedDeps {
  return {
    connectedAccounts: () =>
      deps.read(async (connections) => {
        const out: string[] = [];
        let after: string | undefined;
        for (;;) {
          const page = await connections.list(after, PAGE);
          out.push(...page.items.filter((c) => c.state === 'validated').map((c) => c.account));
          if (!page.next) return out;
          after = page.next;
        }
      }),
    async clientFor(account) {
      const connection = await deps.read((connections) => connections.get(account));
      if (connection?.state !== 'validated') return undefined;
      let key: string;
      try {
        key = deps.box.open(connection.sealedKey);
      } catch {
        return undefined;
      }
      return deps.clientAt(connection.endpoint).withConsumerKey(key);
    },
  };
}
