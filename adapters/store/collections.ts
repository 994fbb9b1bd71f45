import { z } from 'zod';
import { Account } from '../../src/domain/account.js';
import { ContactRequest, dueEntryOf, isOpen } from '../../src/domain/contact-request.js';
import { Order } from '../../src/domain/order.js';
import { ReminderMark, ReminderSubscription } from '../../src/domain/reminders.js';
import { AuditEntry, ChatLink, ServiceMail } from '../../src/domain/records.js';
import { Service } from '../../src/domain/service.js';
import { Voucher } from '../../src/domain/voucher.js';
import { ArchivedEntry, MovementRecord, OrderDelivery, Wallet } from '../../src/domain/wallet.js';
import { walletReminderOf } from '../../src/flows/wallet-book.js';
import type { DueEntry, Tx } from '../../src/ports/store.js';
import { Instant } from '../../src/domain/instant.js';
import { ScheduleDoc } from './reminder.repository.js';
import { StoredConnectionDoc } from './connection.repository.js';
import type { StoredConnection } from '../../src/ports/connections.js';

/** A kind of primary document, as exported and imported; indexes are rebuilt by `restore`. */
export interface Collection {
  readonly name: string;
  /** Key prefix of its documents in the store. */
  readonly prefix: string;
  readonly schema: z.ZodType;
  /** Identifies a validated document (as its storage key does): two documents with one key would overwrite each other. */
  key(doc: unknown): string;
  /** Writes one validated document back through its repository (which rebuilds indexes). */
  restore(tx: Tx, doc: unknown): Promise<void>;
  /** Removes what must never leave the store (secrets). */
  redact?(doc: unknown): unknown;
  /** The sealed secrets a document carries: exported sealed, imported only where the same key can open them. */
  sealed?(doc: unknown): string[];
}

/** Every exported collection, in restore order; families add theirs. */
export const COLLECTIONS: Collection[] = [
  { name: 'accounts', prefix: 'acct:', schema: Account, key: (d) => `acct:${(d as Account).id}`, restore: async (tx, d) => tx.accounts.put(d as Account) },
  { name: 'services', prefix: 'svc:', schema: Service, key: (d) => `svc:${(d as Service).id}`, restore: (tx, d) => tx.services.put(d as Service) },
  { name: 'links', prefix: 'link:', schema: ChatLink, key: (d) => `link:${(d as ChatLink).chatUser}`, restore: (tx, d) => tx.links.put(d as ChatLink) },
  { name: 'orders', prefix: 'order:', schema: Order, key: (d) => `order:${(d as Order).id.toUpperCase()}`, restore: async (tx, d) => tx.orders.put(d as Order) },
  { name: 'vouchers', prefix: 'voucher:', schema: Voucher, key: (d) => `voucher:${(d as Voucher).code.toUpperCase()}`, restore: async (tx, d) => tx.vouchers.put(d as Voucher) },
  {
    name: 'wallets',
    prefix: 'wallet:',
    schema: Wallet,
    key: (d) => `wallet:${(d as Wallet).projectId}`, restore: async (tx, d) => {
      const w = d as Wallet;
      tx.wallets.save(w);
      for (const e of w.entries) tx.due.add(walletReminderOf(w.projectId, e));
    },
  },
  { name: 'wallet-history', prefix: 'wallet-hist:', schema: ArchivedEntry, key: (d) => `wallet-hist:${(d as ArchivedEntry).projectId}:${(d as ArchivedEntry).seq}`, restore: async (tx, d) => tx.wallets.archive(d as ArchivedEntry) },
  { name: 'wallet-movements', prefix: 'wallet-mv:', schema: MovementRecord, key: (d) => `wallet-mv:${(d as MovementRecord).projectId}:${(d as MovementRecord).seq}`, restore: async (tx, d) => tx.wallets.recordMovement(d as MovementRecord) },
  {
    name: 'wallet-deliveries',
    prefix: 'wallet-delivery:',
    schema: OrderDelivery,
    key: (d) => `wallet-delivery:${(d as OrderDelivery).orderLine}`, restore: async (tx, d) => {
      const x = d as OrderDelivery;
      tx.wallets.recordDelivery(x.orderLine, x.projectId, x.entryId);
    },
  },
  {
    // Token hashes are kept so pending requests survive a restore; the tokens themselves are never stored.
    name: 'contact-requests',
    prefix: 'creq:',
    schema: ContactRequest,
    key: (d) => `creq:${(d as ContactRequest).id}`, restore: async (tx, d) => {
      const request = d as ContactRequest;
      await tx.contactRequests.put(request);
      if (isOpen(request)) tx.due.add(dueEntryOf(request));
    },
  },
  { name: 'due', prefix: 'due:', schema: z.object({ at: Instant, kind: z.string().min(1), ref: z.string().min(1) }), key: (d) => `due:${(d as DueEntry).at}:${(d as DueEntry).kind}:${(d as DueEntry).ref}`, restore: async (tx, d) => tx.due.add(d as never) },
  { name: 'schedules', prefix: 'sched:', schema: ScheduleDoc, key: (d) => `sched:${(d as ScheduleDoc).owner}`, restore: async (tx, d) => tx.schedules.set((d as ScheduleDoc).owner, (d as ScheduleDoc).entries) },
  { name: 'reminder-subscriptions', prefix: 'remsub:', schema: ReminderSubscription, key: (d) => `remsub:${(d as ReminderSubscription).account}:${(d as ReminderSubscription).channel}`, restore: async (tx, d) => tx.reminders.subscribe(d as ReminderSubscription) },
  { name: 'reminder-marks', prefix: 'remsent:', schema: ReminderMark, key: (d) => `remsent:${(d as ReminderMark).reminder}|${(d as ReminderMark).target}`, restore: async (tx, d) => tx.reminders.mark(d as ReminderMark) },
  {
    // Consumer keys leave the store sealed (AES-256-GCM with GUICHET_SECRET_KEY), never in clear.
    name: 'connections',
    prefix: 'conn:',
    schema: StoredConnectionDoc,
    key: (d) => `conn:${(d as StoredConnection).account}`,
    restore: async (tx, d) => tx.connections.put(d as StoredConnection),
    sealed: (d) => [(d as StoredConnection).sealedKey],
  },
  { name: 'audit', prefix: 'audit:', schema: AuditEntry, key: (d) => `audit:${(d as AuditEntry).at}:${(d as AuditEntry).id}`, restore: async (tx, d) => tx.audit.append(d as AuditEntry) },
  {
    name: 'mails',
    prefix: 'mail:',
    schema: ServiceMail,
    key: (d) => `mail:${(d as ServiceMail).account}:${(d as ServiceMail).at}:${(d as ServiceMail).id}`, restore: async (tx, d) => tx.mails.append(d as ServiceMail),
    redact: (d) => {
      const { secret: _secret, ...rest } = d as ServiceMail;
      return rest;
    },
  },
];

/** The shape of an export file. */
export const ExportFile = z.object({
  format: z.literal('guichet-export'),
  version: z.literal(1),
  exportedAt: z.string(),
  collections: z.record(z.string(), z.array(z.unknown())),
});
/** The shape of an export file. */
export type ExportFile = z.infer<typeof ExportFile>;
