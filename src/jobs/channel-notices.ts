import type { ReminderType } from '../domain/reminders.js';
import type { DueEntry, Tx } from '../ports/store.js';
import type { JobContext, ReminderMessage, ReminderSource } from './job-registry.js';

/** What a one-off notice says and to whom (the channels subscribed to these accounts' reminders of its type). */
export interface ChannelNotice {
  /** Unique per event: the notice reaches each target once. */
  readonly id: string;
  readonly accounts: readonly string[];
  readonly message: ReminderMessage;
  readonly label: string;
}

/**
 * A source of one-off notices (a deletion, a consumption charge) for the channels subscribed to reminders of `type`:
 * `read` rebuilds the notice from the store (undefined when it no longer applies). The job runner posts it once per
 * channel, retries failed posts on the next run, and keeps it in the service mails of accounts not yet told.
 */
export function noticeSource(type: ReminderType, read: (tx: Tx, ref: string, ctx: JobContext) => Promise<ChannelNotice | undefined>): ReminderSource {
  return {
    type,
    ownerOf: (e) => `notice:${e.kind}:${e.ref}`,
    async compose(tx, entry, ctx) {
      const notice = await read(tx, entry.ref, ctx);
      return notice ? { kind: 'send', ...notice } : { kind: 'drop' };
    },
  };
}

/**
 * Queues a notice for the subscribed channels, in the caller's unit of work: due at once, posted by the next job run.
 * `told` are the accounts whose service mails already have it (the caller notified them), so it is not kept twice.
 */
export function queueNotice(tx: Tx, entry: DueEntry, id: string, told: readonly string[]): void {
  tx.due.add(entry);
  for (const account of told) tx.reminders.mark({ reminder: id, target: `mail:${account}`, at: entry.at });
}
