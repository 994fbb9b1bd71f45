import { z } from 'zod';
import { Confirmation } from '../../src/domain/confirmation.js';
import { Instant } from '../../src/domain/instant.js';
import { ReminderMark, ReminderSubscription } from '../../src/domain/reminders.js';
import type { ConfirmationRepository, DueEntry, ReminderRepository, ScheduleRepository } from '../../src/ports/store.js';
import { type DocumentTx, prefixEnd } from './document-tx.js';
import { decode, getDoc, putDoc } from './repositories.js';

/** Subscriptions under `remsub:ACCOUNT:CHANNEL`, delivery marks under `remsent:REMINDER|TARGET`. */
export class ReminderDocs implements ReminderRepository {
  /** Binds to a transaction. */
  constructor(private readonly tx: DocumentTx) {}
  /** One channel's subscription. */
  subscription(account: string, channel: string) {
    return getDoc(this.tx, ReminderSubscription, `remsub:${account}:${channel}`);
  }
  /** Every subscription of an account. */
  async subscriptions(account: string) {
    const prefix = `remsub:${account}:`;
    const rows = await this.tx.range(prefix, prefixEnd(prefix), { limit: 200 });
    return rows.map((r) => decode(ReminderSubscription, r.key, r.value));
  }
  /** Creates or replaces a subscription. */
  subscribe(sub: ReminderSubscription) {
    putDoc(this.tx, ReminderSubscription, `remsub:${sub.account}:${sub.channel}`, sub);
  }
  /** Removes a subscription. */
  unsubscribe(account: string, channel: string) {
    this.tx.delete(`remsub:${account}:${channel}`);
  }
  /** Targets a reminder already reached. */
  async marks(reminder: string) {
    const prefix = `remsent:${reminder}|`;
    const rows = await this.tx.range(prefix, prefixEnd(prefix), { limit: 500 });
    return rows.map((r) => decode(ReminderMark, r.key, r.value));
  }
  /** Records a delivery. */
  mark(mark: ReminderMark) {
    this.tx.put(`remsent:${mark.reminder}|${mark.target}`, ReminderMark.parse(mark));
  }
}

/** The document of one owner's schedule. */
export const ScheduleDoc = z.object({ owner: z.string().min(1), entries: z.array(z.object({ at: Instant, kind: z.string().min(1), ref: z.string().min(1) })) });
/** The document of one owner's schedule. */
export type ScheduleDoc = z.infer<typeof ScheduleDoc>;

/** Each owner's due entries under `sched:OWNER`. */
export class ScheduleDocs implements ScheduleRepository {
  /** Binds to a transaction. */
  constructor(private readonly tx: DocumentTx) {}
  /** The owner's entries. */
  async get(owner: string): Promise<DueEntry[]> {
    const key = `sched:${owner}`;
    const v = await this.tx.get(key);
    return v === undefined ? [] : decode(ScheduleDoc, key, v).entries;
  }
  /** Records the owner's entries. */
  set(owner: string, entries: readonly DueEntry[]) {
    if (entries.length === 0) this.tx.delete(`sched:${owner}`);
    else this.tx.put(`sched:${owner}`, ScheduleDoc.parse({ owner, entries }));
  }
}

/** Confirmations under `confirm:ID` (hashes only; never exported). */
export class ConfirmationDocs implements ConfirmationRepository {
  /** Binds to a transaction. */
  constructor(private readonly tx: DocumentTx) {}
  /** The confirmation, if any. */
  get(id: string) {
    return getDoc(this.tx, Confirmation, `confirm:${id}`);
  }
  /** Stores a confirmation. */
  put(c: Confirmation) {
    putDoc(this.tx, Confirmation, `confirm:${c.id}`, c);
  }
  /** Removes a confirmation. */
  remove(id: string) {
    this.tx.delete(`confirm:${id}`);
  }
}
