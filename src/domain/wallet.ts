import { z } from 'zod';
import { Instant } from './instant.js';
import { AccountId } from './account.js';

/** What a wallet entry is: bought cloud credit, or an activated voucher. */
export const EntryKind = z.enum(['credit', 'voucher']);
/** What a wallet entry is. */
export type EntryKind = z.infer<typeof EntryKind>;

/** One credit or voucher of a Public Cloud project, in minor units of the wallet's currency. */
export const WalletEntry = z.object({
  id: z.string(),
  kind: EntryKind,
  initialMinor: z.number().int().positive(),
  balanceMinor: z.number().int().nonnegative(),
  currency: z.string(),
  /** Purchase (credit) or activation (voucher) time. */
  createdAt: Instant,
  expiresAt: Instant,
  state: z.enum(['active', 'used-up', 'expired']),
  /** The order that bought a credit. */
  orderId: z.string().nullable().default(null),
  /** The code of a voucher. */
  voucherCode: z.string().nullable().default(null),
  /** Balance lost when the entry expired. */
  expiredMinor: z.number().int().nonnegative().default(0),
  /** When it was used up or expired. */
  finishedAt: Instant.nullable().default(null),
});
/** One credit or voucher. */
export type WalletEntry = z.infer<typeof WalletEntry>;

/** One part of a consumption charge paid by an entry. */
export const PaidPart = z.object({ entryId: z.string(), kind: EntryKind, amountMinor: z.number().int().positive() });
/** One part of a charge paid by an entry. */
export type PaidPart = z.infer<typeof PaidPart>;

/** A consumption charge and how it was paid: entries, then the billing contact's default payment method, else unpaid. */
export const Movement = z.object({
  id: z.string(),
  at: Instant,
  amountMinor: z.number().int().positive(),
  paidFrom: z.array(PaidPart),
  paidByMethodMinor: z.number().int().nonnegative(),
  paymentMethod: z.string().nullable(),
  unpaidMinor: z.number().int().nonnegative(),
  by: z.string(),
  /** The account that paid the rest and owes what is unpaid: the project's billing contact at the time. */
  billedTo: z.string().nullable().default(null),
});
/** A consumption charge. */
export type Movement = z.infer<typeof Movement>;

/** Running totals of a wallet since it was opened, so lists never sum the history. */
export const WalletTotals = z.object({
  /** Initial amounts of every entry ever added. */
  addedMinor: z.number().int().nonnegative(),
  /** Consumption paid from entries. */
  usedMinor: z.number().int().nonnegative(),
  /** Balances lost at expiry. */
  expiredMinor: z.number().int().nonnegative(),
  /** Consumption recorded. */
  consumedMinor: z.number().int().nonnegative(),
  /** Consumption paid with the default payment method. */
  paidByMethodMinor: z.number().int().nonnegative(),
  /** Consumption left unpaid (a bill on the account). */
  unpaidMinor: z.number().int().nonnegative(),
});
/** Running totals of a wallet. */
export type WalletTotals = z.infer<typeof WalletTotals>;

/**
 * The wallet of a Public Cloud project: its active entries and running totals. Finished entries and
 * movements live in numbered history documents (`historyCount`, `movementCount` are the next numbers).
 */
export const Wallet = z.object({
  projectId: z.string(),
  account: AccountId,
  currency: z.string(),
  entries: z.array(WalletEntry),
  totals: WalletTotals,
  historyCount: z.number().int().nonnegative(),
  movementCount: z.number().int().nonnegative(),
});
/** The wallet of a Public Cloud project. */
export type Wallet = z.infer<typeof Wallet>;

/** A finished entry in a wallet's history, numbered in the order it finished. */
export const ArchivedEntry = z.object({ projectId: z.string(), seq: z.number().int().nonnegative(), entry: WalletEntry });
/** A finished entry in a wallet's history. */
export type ArchivedEntry = z.infer<typeof ArchivedEntry>;

/** A movement in a wallet's history, numbered in order. */
export const MovementRecord = z.object({ projectId: z.string(), seq: z.number().int().nonnegative(), movement: Movement });
/** A movement in a wallet's history. */
export type MovementRecord = z.infer<typeof MovementRecord>;

/** The record that an order line (`ORDER/LINE`) was delivered as a wallet entry. */
export const OrderDelivery = z.object({ orderLine: z.string(), projectId: z.string(), entryId: z.string() });
/** The record that an order line was delivered. */
export type OrderDelivery = z.infer<typeof OrderDelivery>;

/** A new, empty wallet. */
export function emptyWallet(projectId: string, account: string, currency: string): Wallet {
  const totals = { addedMinor: 0, usedMinor: 0, expiredMinor: 0, consumedMinor: 0, paidByMethodMinor: 0, unpaidMinor: 0 };
  return { projectId, account, currency, entries: [], totals, historyCount: 0, movementCount: 0 };
}

/** Orders two instants in the canonical form (fixed width, so text order is time order) without `localeCompare`'s collation. */
function byInstant(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The order entries are used in: vouchers first, then credit; within each, soonest expiring first. */
export function byUsage(a: WalletEntry, b: WalletEntry): number {
  if (a.kind !== b.kind) return a.kind === 'voucher' ? -1 : 1;
  return byInstant(a.expiresAt, b.expiresAt) || byInstant(a.createdAt, b.createdAt) || a.id.localeCompare(b.id);
}

/** Months after purchase when unused credit is lost (guide 002). */
export const CREDIT_VALIDITY_MONTHS = 13;

/** Available balance of active, unexpired entries (optionally of one kind). */
export function available(wallet: Wallet, now: Date, kind?: EntryKind): number {
  // Instants are canonical (`Instant`): compared as text, no Date built per entry.
  const at = now.toISOString();
  return wallet.entries
    .filter((e) => e.state === 'active' && e.expiresAt > at && (!kind || e.kind === kind))
    .reduce((sum, e) => sum + e.balanceMinor, 0);
}

/** Result of a change to a wallet: the new wallet and the entries that finished (to archive). */
export interface WalletChange {
  readonly wallet: Wallet;
  readonly finished: readonly WalletEntry[];
}

/** Expires the entries whose validity ended at or before `now`: their balance is lost and recorded. */
export function expireEntries(wallet: Wallet, now: Date): WalletChange {
  const finished: WalletEntry[] = [];
  const keep: WalletEntry[] = [];
  let lost = 0;
  const at = now.toISOString(); // canonical instants compare as text
  for (const e of wallet.entries) {
    if (e.state === 'active' && e.expiresAt <= at) {
      finished.push({ ...e, state: 'expired', expiredMinor: e.balanceMinor, balanceMinor: 0, finishedAt: e.expiresAt });
      lost += e.balanceMinor;
    } else keep.push(e);
  }
  if (finished.length === 0) return { wallet, finished };
  return { wallet: { ...wallet, entries: keep, totals: { ...wallet.totals, expiredMinor: wallet.totals.expiredMinor + lost } }, finished };
}

/** Adds an entry to the wallet. */
export function addEntry(wallet: Wallet, entry: WalletEntry): Wallet {
  return {
    ...wallet,
    entries: [...wallet.entries, entry].sort(byUsage),
    totals: { ...wallet.totals, addedMinor: wallet.totals.addedMinor + entry.initialMinor },
  };
}
