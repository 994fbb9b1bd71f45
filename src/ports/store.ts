import type { DueEntry } from '../domain/due.js';
import type { Account } from '../domain/account.js';
import type { ChangeableRole, ContactRequest } from '../domain/contact-request.js';
import type { AuditEntry, ChatLink, InvocationRecord, KeptSecret, PendingAction, PresenceLease, ServiceMail } from '../domain/records.js';
import type { Confirmation } from '../domain/confirmation.js';
import type { Lease } from '../domain/lease.js';
import type { Order } from '../domain/order.js';
import type { ReminderMark, ReminderSubscription } from '../domain/reminders.js';
import type { Service, ServiceSummary } from '../domain/service.js';
import type { Voucher } from '../domain/voucher.js';
import type { PendingConnection, StoredConnection } from './connections.js';
import type { ArchivedEntry, MovementRecord, Wallet } from '../domain/wallet.js';

/** A page of items and the cursor of the next page, if any. */
export interface Page<T> {
  readonly items: T[];
  readonly next?: string;
}

/** Accounts by customer ID. */
export interface AccountRepository {
  /** The account, if it exists. */
  get(id: string): Promise<Account | undefined>;
  /** Creates or replaces an account. */
  put(account: Account): void;
  /** Accounts in ID order, paged. */
  list(after?: string, limit?: number): Promise<Page<Account>>;
}

/** Services and projects, with an index of the services each account is a contact of. */
export interface ServiceRepository {
  /** The service, if it exists. */
  get(id: string): Promise<Service | undefined>;
  /** Creates or replaces a service, keeping the contact index in step. */
  put(service: Service): Promise<void>;
  /** Services the account is admin, billing or tech contact of, in ID order, paged. */
  listForContact(accountId: string, after?: string, limit?: number): Promise<Page<Service>>;
  /**
   * The first `limit` services the account is a contact of, in ID order, as summaries kept with the contact index:
   * one scan, consistent in itself, but not versioned — for showing them; a unit that changes a service reads it.
   */
  summariesForContact(accountId: string, limit: number): Promise<ServiceSummary[]>;
  /** All services in ID order, paged (export, maintenance). */
  list(after?: string, limit?: number): Promise<Page<Service>>;
}

/** Links between chat users and accounts. */
export interface ChatLinkRepository {
  /** The link of a chat user (by `chatUserKey`), if any. */
  get(chatUser: string): Promise<ChatLink | undefined>;
  /** Creates or replaces a link. */
  put(link: ChatLink): Promise<void>;
  /** Removes a link; true if there was one. */
  remove(chatUser: string): Promise<boolean>;
  /** Chat users linked to an account. */
  listForAccount(accountId: string): Promise<ChatLink[]>;
  /** All links, paged. */
  list(after?: string, limit?: number): Promise<Page<ChatLink>>;
}

/** The append-only audit log. */
export interface AuditLog {
  /** Appends an entry (committed with the command's other writes). */
  append(entry: AuditEntry): void;
  /** The latest entries, newest first. */
  latest(limit: number): Promise<AuditEntry[]>;
}

/** Each account's service-mail log. */
export interface ServiceMailLog {
  /** Keeps a notice in the account's log. */
  append(mail: ServiceMail): void;
  /** The account's latest notices, newest first. */
  latest(accountId: string, limit: number): Promise<ServiceMail[]>;
}

/** Secrets copied for service mails (sealed), erased when they expire or when what they are for settles. */
export interface KeptSecretRepository {
  /**
   * The account's copy of the secret kept under `ref`, if it is still kept. `keyedBy`: the expiry `keep` returned for
   * it (a copy keyed by its expiry is found only with it); without it, the copy `keep` kept replaceable (or an earlier version kept).
   */
  get(ref: string, account: string, keyedBy?: string): Promise<KeptSecret | undefined>;
  /**
   * Keeps an account's copy. `fresh` when the ref is new in this unit: the copy is keyed by its expiry (the commit
   * requires that no copy exists, instead of reading it) and its expiry is returned, to give back to `get` and `forget`;
   * otherwise it replaces the copy kept under the ref for the account, and undefined is returned.
   */
  keep(secret: KeptSecret, options?: { readonly fresh?: boolean }): Promise<string | undefined>;
  /** Erases every account's copy kept under `ref` (those keyed by `keyedBy` when given, as `get`); returns how many. */
  forget(ref: string, keyedBy?: string): Promise<number>;
  /** Erases up to `limit` copies that expired before `cutoff`; returns how many. */
  purgeBefore(cutoff: Date, limit: number): Promise<number>;
}

/** Buttons offered to users, resolved by opaque ID on click (an ID from `timedId` carries its expiry). */
export interface ActionRepository {
  /** The pending action, if any. */
  get(id: string): Promise<PendingAction | undefined>;
  /** Stores a pending action. */
  put(action: PendingAction): void;
  /** Forgets up to `limit` actions that expired before `cutoff`; returns how many. */
  purgeBefore(cutoff: Date, limit: number): Promise<number>;
}

/** An earlier invocation that the same user typed the same way in the same place (`repeatKey`). */
export interface RepeatMapping {
  readonly id: string;
  /** When it arrived (wall-clock milliseconds). */
  readonly at: number;
}

/**
 * Outcomes of invocations already applied, for idempotency. A record is filed under a day (usually the day it was
 * made): a retry of the same ID is recognised when it comes on the day it was filed under, the day before or the day
 * after — so the retry window is at least a day, not the retention (see `claim`).
 */
export interface InvocationRepository {
  /** The recorded outcome of an invocation ID, if it was applied (whatever day it was filed under). */
  get(id: string): Promise<InvocationRecord | undefined>;
  /**
   * The recorded outcome of an invocation ID filed under the day of `filed`, the day before or the day after, at no
   * cost for a fresh one: the first time a unit of work runs it reads nothing and returns undefined, and the commit
   * then requires that no such record exists (so a duplicate fails it); when the unit re-runs, it reads the record.
   */
  claim(id: string, filed: Date): Promise<InvocationRecord | undefined>;
  /** Like `claim`, for the invocation last typed with this repeat key: read only on a re-run, else required absent. */
  repeatOf(repeatKey: string): Promise<RepeatMapping | undefined>;
  /**
   * Records the outcome of an invocation under the day of `filed` (pass the time given to `claim`; default: the
   * record's own `at`) and, with a repeat key, maps that key to it.
   */
  put(record: InvocationRecord, repeat?: { key: string; at: number }, filed?: Date): void;
  /**
   * Forgets up to `limit` records (and repeat mappings) made before `cutoff` (retries never come that late); records
   * filed under the cutoff's own day wait for a later run. Returns how many records.
   */
  purgeBefore(cutoff: Date, limit: number): Promise<number>;
}

/** Orders, indexed by account in creation order. */
export interface OrderRepository {
  /** The order, if it exists (IDs are upper-case). */
  get(id: string): Promise<Order | undefined>;
  /** Creates or replaces an order. */
  put(order: Order): void;
  /** Creates a new order: the commit fails (and the unit of work re-runs, drawing a new ID) if its ID is taken. */
  create(order: Order): void;
  /** The account's orders, newest first, paged by a cursor. */
  listForAccount(accountId: string, after?: string, limit?: number): Promise<Page<Order>>;
  /** The account's orders still in progress (awaiting payment, paid, processing), oldest first. */
  listOpen(accountId: string, limit?: number): Promise<Order[]>;
}

/** The wallets of Public Cloud projects: active entries in one document, finished ones in numbered history. */
export interface WalletRepository {
  /** The project's wallet, if one was opened. */
  get(projectId: string): Promise<Wallet | undefined>;
  /** The wallets of several projects, in the order given (`undefined` where none was opened), read together. */
  getMany(projectIds: readonly string[]): Promise<(Wallet | undefined)[]>;
  /** Saves the wallet document. */
  save(wallet: Wallet): void;
  /** Files a finished (used-up or expired) entry under its history number. */
  archive(record: ArchivedEntry): void;
  /** Files a consumption movement under its number. */
  recordMovement(record: MovementRecord): void;
  /** Finished entries numbered in [from, to), newest first. */
  history(projectId: string, from: number, to: number): Promise<ArchivedEntry[]>;
  /** Movements numbered in [from, to), newest first. */
  movements(projectId: string, from: number, to: number): Promise<MovementRecord[]>;
  /** Where an order line was delivered (`ORDER/LINE`), if it was; may answer "not yet" on condition that the commit fails if it was (call it only in a unit that then records the delivery). */
  deliveryOf(orderLine: string): Promise<{ projectId: string; entryId: string } | undefined>;
  /** Records that an order line was delivered as an entry, so it is never delivered twice. */
  recordDelivery(orderLine: string, projectId: string, entryId: string): void;
}

/** Voucher codes, by upper-cased code. */
export interface VoucherRepository {
  /** The voucher, if the code exists (any case). */
  get(code: string): Promise<Voucher | undefined>;
  /** Creates or replaces a voucher. */
  put(voucher: Voucher): void;
  /** Vouchers in code order, paged. */
  list(after?: string, limit?: number): Promise<Page<Voucher>>;
  /** Removes a voucher code (demo codes outside demo mode). */
  remove(code: string): void;
}

/** Contact-change requests, indexed by concerned account and by open request per service and role. */
export interface ContactRequestRepository {
  /** The request, if it exists (IDs are case-insensitive). */
  get(id: string): Promise<ContactRequest | undefined>;
  /** Creates or replaces a request, keeping its indexes in step (the open index follows its state). */
  put(request: ContactRequest): Promise<void>;
  /** Creates a new request: the commit fails (and the unit of work re-runs, drawing a new ID) if its ID is taken. */
  create(request: ContactRequest): Promise<void>;
  /** The open (pending or accepted) request on a service and role, if any. */
  openFor(serviceId: string, role: ChangeableRole): Promise<ContactRequest | undefined>;
  /** Requests the account is concerned by (either side, or requester), newest first, paged by a cursor. */
  listForAccount(accountId: string, after?: string, limit?: number): Promise<Page<ContactRequest>>;
  /** Serialises openings naming the account: called before its requests are listed, two units of work that do so conflict at commit (one re-runs). */
  claimTarget(accountId: string): Promise<void>;
}

/** An entry of the date index (defined in the domain, where schedules are computed). */
export type { DueEntry } from '../domain/due.js';

/** The date index that scheduled jobs read, so a run costs what is due, not what exists. */
export interface DueIndex {
  /** Records that `kind`/`ref` falls due at `at` (idempotent). */
  add(entry: DueEntry): void;
  /** Removes an entry (idempotent). */
  remove(entry: DueEntry): void;
  /** Entries due at or before `until`, oldest first, at most `limit`, after the entry `after` when given (paging). */
  until(until: Date, limit: number, after?: DueEntry): Promise<DueEntry[]>;
}

/** Channel subscriptions to reminders, and the marks of reminders already delivered. */
export interface ReminderRepository {
  /** The subscription of a channel to an account's reminders, if any. */
  subscription(account: string, channel: string): Promise<ReminderSubscription | undefined>;
  /** The account's subscriptions, in channel order. */
  subscriptions(account: string): Promise<ReminderSubscription[]>;
  /** Creates or replaces a subscription. */
  subscribe(sub: ReminderSubscription): void;
  /** Removes a subscription. */
  unsubscribe(account: string, channel: string): void;
  /** The targets a reminder already reached. */
  marks(reminder: string): Promise<ReminderMark[]>;
  /** Records that a reminder reached a target (idempotent). */
  mark(mark: ReminderMark): void;
}

/** The due entries each owner (e.g. `svc:ID`) currently holds in the date index, so they can be moved. */
export interface ScheduleRepository {
  /** The owner's current entries. */
  get(owner: string): Promise<DueEntry[]>;
  /** Records the owner's entries (empty removes the record). */
  set(owner: string, entries: readonly DueEntry[]): void;
}

/** Pending confirmations of dangerous actions, by ID. */
export interface ConfirmationRepository {
  /** The confirmation, if any. */
  get(id: string): Promise<Confirmation | undefined>;
  /** Creates or replaces a confirmation. */
  put(confirmation: Confirmation): void;
  /** Removes a confirmation. */
  remove(id: string): void;
}

/** Leases of work shared between processes (job slots, reminders being posted, the Discord gateway), by name. */
export interface LeaseRepository {
  /** The lease, if any. */
  get(name: string): Promise<Lease | undefined>;
  /** Creates or replaces a lease. */
  put(lease: Lease): void;
  /** Removes a lease. */
  remove(name: string): void;
  /** Forgets up to `limit` leases that ended (done or released) before `before`; returns how many. */
  purgeEnded(before: Date, limit: number): Promise<number>;
}

/** The presence leases of the processes using the store (running bots, an import under way). */
export interface PresenceRepository {
  /** Every lease, read from the storage itself (never a cached copy: other processes write them). */
  list(): Promise<PresenceLease[]>;
  /** Creates or renews a lease. */
  put(lease: PresenceLease): void;
  /** Removes a lease. */
  remove(lease: Pick<PresenceLease, 'id' | 'role'>): void;
}

/** Connections of accounts to the provider's API: validated ones by account, pending ones by chat user. */
export interface ConnectionRepository {
  /** The account's validated connection, if any. */
  get(account: string): Promise<StoredConnection | undefined>;
  /** Creates or replaces an account's validated connection. */
  put(connection: StoredConnection): void;
  /** Forgets an account's connection (idempotent). */
  remove(account: string): void;
  /** All validated connections in account order, paged (export). */
  list(after?: string, limit?: number): Promise<Page<StoredConnection>>;
  /** The chat user's connection waiting for validation, if any. */
  pending(chatUser: string): Promise<PendingConnection | undefined>;
  /** Creates or replaces the chat user's pending connection. */
  putPending(connection: PendingConnection): void;
  /** Forgets the chat user's pending connection (idempotent). */
  removePending(chatUser: string): void;
  /** Pending connections in chat-user order, paged (the validation poller). */
  listPending(after?: string, limit?: number): Promise<Page<PendingConnection>>;
}

/** A remote effect's journal entry: the intent before the call, the outcome after it. */
export interface EffectRecord {
  readonly key: string;
  readonly state: 'intent' | 'done';
  /** When the intent was first recorded (the record is purged 14 days later). */
  readonly at: string;
  /** The attempt that holds the claim (a random ID). */
  readonly claim: string;
  /** Until then the claimant is presumed alive and calling; afterwards another attempt may reconcile. */
  readonly leaseUntil: string;
  /** The outcome (a JSON value), once done. */
  readonly outcome?: unknown;
  readonly doneAt?: string;
}

/** The journal of remote effects (intent, then outcome) by key. */
export interface EffectJournal {
  /** The record of a key, if any. */
  get(key: string): Promise<EffectRecord | undefined>;
  /** Creates or replaces a record (its time index follows `at`). */
  put(record: EffectRecord): void;
  /** Forgets a record (an intent whose call certainly had no effect). */
  remove(key: string): Promise<void>;
  /** Forgets up to `limit` records whose intent was recorded before `cutoff`; returns how many. */
  purgeBefore(cutoff: Date, limit: number): Promise<number>;
}

/** One counted event of a sliding window: when (wall-clock milliseconds), and which delivery counted it. */
export interface LimitHit {
  readonly at: number;
  readonly id: string;
}

/** Sliding-window counters kept in the store, so that every process sees the same counts. */
export interface LimitRepository {
  /** The hits recorded under a key, oldest first. */
  hits(key: string): Promise<LimitHit[]>;
  /** Replaces the hits of a key; this write lands even when the unit of work decides not to commit its others. */
  record(key: string, hits: readonly LimitHit[]): void;
}

/** The repositories of one unit of work: reads see its own writes; writes commit together. */
export interface Tx {
  readonly accounts: AccountRepository;
  readonly services: ServiceRepository;
  readonly links: ChatLinkRepository;
  readonly audit: AuditLog;
  readonly mails: ServiceMailLog;
  readonly secrets: KeptSecretRepository;
  readonly actions: ActionRepository;
  readonly invocations: InvocationRepository;
  readonly orders: OrderRepository;
  readonly due: DueIndex;
  readonly wallets: WalletRepository;
  readonly vouchers: VoucherRepository;
  readonly contactRequests: ContactRequestRepository;
  readonly reminders: ReminderRepository;
  readonly schedules: ScheduleRepository;
  readonly confirmations: ConfirmationRepository;
  readonly leases: LeaseRepository;
  readonly presence: PresenceRepository;
  readonly connections: ConnectionRepository;
  readonly effects: EffectJournal;
  readonly limits: LimitRepository;
  /** True once the unit of work has written something (counters aside). */
  readonly dirty: boolean;
}

/** Outcome of a unit of work's body: commit its writes, or discard them. */
export type Decision<T> = { readonly commit: boolean; readonly result: T };

/**
 * Runs units of work: atomic (all writes or none), isolated (concurrent units on the same
 * documents are serialised: a unit whose reads went stale is re-run), and the body must be
 * free of side effects outside the store, since it may run more than once.
 */
export interface UnitOfWork {
  /** Runs the body until it commits without conflict (or gives up after many conflicts). */
  run<T>(body: (tx: Tx) => Promise<Decision<T>>): Promise<T>;
  /** Flushes and releases the store. */
  close(): Promise<void>;
}

/** Raised when the storage itself fails (read-only file, disk full, locked); commands answer "try again later". */
export class StoreUnavailableError extends Error {
  /** Wraps the driver's error. */
  constructor(cause: unknown) {
    super(`store unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'StoreUnavailableError';
  }
}
