import { DAY_MS } from '../domain/time.js';
import { AccountFeedError, type AccountSnapshot, type CloudAccountFeed } from '../ports/account-feed.js';
import type { DueEntry } from '../ports/store.js';
import { applySnapshot, EMPTY_SNAPSHOT, readKnown, type MirrorCounts } from './account-mirror.js';
import type { SyncContext, SyncHandler, SyncResult } from './job-registry.js';
import { thresholdsOf } from './renewal-reminders.js';
import { moveEntry, reschedule } from '../flows/schedule.js';

/** The kind of the date-index entry that says when an account is synced next (`ref` is the account). */
export const ACCOUNT_SYNC = 'account-sync';
/** The schedule owner of an account's sync entry. */
export const syncOwner = (account: string) => `sync:${account}`;

/** How the account sync spreads its work. */
export interface AccountSyncOptions {
  /** Time between two syncs of one account (1 hour by default). */
  readonly everyMs?: number;
  /** Accounts synced per run at most (20 by default); the others wait for the next run, the longest-waiting first. */
  readonly accountsPerRun?: number;
}

/** One hour between two syncs of an account. */
export const DEFAULT_SYNC_EVERY_MS = 3_600_000;
/** Twenty accounts per run. */
export const DEFAULT_ACCOUNTS_PER_RUN = 20;
/** Connected accounts whose sync entry is checked per unit of work. */
const PREPARE_BATCH = 200;

/** Orders placed since then may still call for an unpaid-order reminder (a day after the last threshold). */
function ordersSince(ctx: SyncContext): string {
  const days = Math.max(0, ...thresholdsOf(ctx, 'order-unpaid')) + 1;
  return new Date(ctx.now.getTime() - days * DAY_MS).toISOString();
}

const total = (c: MirrorCounts) => Object.values(c).reduce((a, b) => a + b, 0);

/**
 * The sync of connected accounts into the mirror (registered with `JobRegistry.sync`): each connected account
 * holds one `account-sync` entry in the date index, due when it should be synced next, so the longest-waiting
 * accounts go first, at most `accountsPerRun` per run; a failed sync is logged (with the provider's query ID)
 * and retried next run; a disconnected account's mirror is emptied so its reminders stop.
 */
export function accountSyncJob(feed: CloudAccountFeed, options: AccountSyncOptions = {}): SyncHandler {
  const everyMs = options.everyMs ?? DEFAULT_SYNC_EVERY_MS;
  let connected = new Set<string>();

  const mirror = async (entry: DueEntry, ctx: SyncContext, snapshot: AccountSnapshot, next: DueEntry | undefined): Promise<MirrorCounts> =>
    ctx.store.run(async (tx) => {
      const counts = await applySnapshot(tx, entry.ref, snapshot, ctx.now, ctx.config.contactRequestTtlDays);
      if (next) await moveEntry(tx, syncOwner(entry.ref), entry, next);
      else await reschedule(tx, syncOwner(entry.ref), []);
      return { commit: true, result: counts };
    });

  return {
    perRun: options.accountsPerRun ?? DEFAULT_ACCOUNTS_PER_RUN,

    async prepare(ctx) {
      const accounts = await feed.connectedAccounts();
      connected = new Set(accounts);
      for (let i = 0; i < accounts.length; i += PREPARE_BATCH) {
        const batch = accounts.slice(i, i + PREPARE_BATCH);
        await ctx.store.run(async (tx) => {
          for (const account of batch) {
            if ((await tx.schedules.get(syncOwner(account))).length > 0) continue;
            await reschedule(tx, syncOwner(account), [{ at: ctx.now.toISOString(), kind: ACCOUNT_SYNC, ref: account }]);
          }
          return { commit: tx.dirty, result: undefined };
        });
      }
    },

    async run(entry, ctx): Promise<SyncResult> {
      const account = entry.ref;
      if (!connected.has(account)) {
        const counts = await mirror(entry, ctx, EMPTY_SNAPSHOT, undefined);
        return { outcome: 'accounts-disconnected', counts, accounts: [account], line: { en: `${account}: no longer connected, its reminders stop`, fr: `${account} : plus connecté, ses rappels s’arrêtent` } };
      }
      const since = ordersSince(ctx);
      const known = await ctx.store.run(async (tx) => ({ commit: false, result: await readKnown(tx, account, since, ctx.now) }));
      let snapshot: AccountSnapshot;
      try {
        snapshot = await feed.snapshot({ account, now: ctx.now, ordersSince: since, knownOrders: known.orders, pendingChanges: known.pendingChanges });
      } catch (error) {
        if (!(error instanceof AccountFeedError)) throw error;
        ctx.logger.warn({ account, failure: error.failure, queryId: error.reference, err: error.message }, 'account sync failed; retried next run');
        // Behind the accounts that waited longer, so one failing account never holds the others up.
        if (entry.at !== ctx.now.toISOString()) {
          await ctx.store.run(async (tx) => {
            await moveEntry(tx, syncOwner(account), entry, { ...entry, at: ctx.now.toISOString() });
            return { commit: true, result: undefined };
          });
        }
        return { outcome: 'accounts-sync-failed', line: { en: `${account}: sync failed (${error.failure}); retried next run`, fr: `${account} : synchronisation échouée (${error.failure}) ; nouvel essai au prochain passage` } };
      }
      const next = { ...entry, at: new Date(ctx.now.getTime() + everyMs).toISOString() };
      const counts = await mirror(entry, ctx, snapshot, next);
      ctx.logger.info({ account, written: total(counts) }, 'account synced');
      return { outcome: 'accounts-synced', counts, ...(total(counts) > 0 ? { accounts: [account] } : {}) };
    },
  };
}
