import { z } from 'zod';
import { Instant } from './instant.js';
import { LOCALES } from './i18n.js';

/** A customer ID (NIC handle such as `alice-ovh`), compared case-insensitively. */
export const AccountId = z
  .string()
  .trim()
  .min(2)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._-]*$/i, 'letters, digits, dot, dash or underscore')
  .transform((s) => s.toLowerCase());
/** A normalised customer ID. */
export type AccountId = z.output<typeof AccountId>;

/** A registered means of payment; at most one of them is flagged the default (OVHcloud allows none). */
export const PaymentMethod = z.object({
  id: z.string(),
  kind: z.enum(['card', 'sepa-debit', 'paypal', 'bank-account']),
  label: z.string(),
  default: z.boolean(),
  /** False when the provider says it cannot pay (expired, refused, cancelled…); absent when it can. */
  usable: z.boolean().optional(),
});
/** A registered means of payment. */
export type PaymentMethod = z.infer<typeof PaymentMethod>;

/** Consumption of a project left unpaid, billed to this account (its billing contact when it was charged). */
export const UnpaidBill = z.object({
  projectId: z.string(),
  currency: z.string().regex(/^[A-Z]{3}$/),
  amountMinor: z.number().int().positive(),
});
/** Consumption left unpaid, billed to an account. */
export type UnpaidBill = z.infer<typeof UnpaidBill>;

/** A customer account. */
export const Account = z.object({
  id: AccountId,
  name: z.string().default(''),
  subsidiary: z.string().regex(/^[A-Z]{2}$/),
  currency: z.string().regex(/^[A-Z]{3}$/),
  locale: z.enum(LOCALES),
  email: z.string().nullable(),
  backupEmail: z.string().nullable(),
  twoFactor: z.boolean(),
  paymentMethods: z.array(PaymentMethod).default([]),
  closedAt: Instant.nullable().default(null),
  /** Unpaid consumption bills, one per project and currency (audited, and blocking closure); absent when none. */
  unpaidBills: z.array(UnpaidBill).optional(),
});
/** A customer account. */
export type Account = z.infer<typeof Account>;

/**
 * The payment method flagged as the account's default, if one is. No other method stands in for it: OVHcloud neither
 * renews nor pays with a method that is not the default, and Guichet's ledger charges only the one chosen.
 */
export function defaultPaymentMethod(account: Account): PaymentMethod | undefined {
  return account.paymentMethods.find((m) => m.default);
}

/**
 * Why an account cannot pay: closed, no payment method at all, methods of which none is flagged the default, or a
 * default method the provider says cannot pay.
 */
export type PaymentBlock = 'closed' | 'none' | 'no-default' | 'unusable';

/** Why the account cannot pay with its default payment method; undefined when it can (see `usableDefaultPaymentMethod`). */
export function paymentBlock(account: Account): PaymentBlock | undefined {
  if (account.closedAt) return 'closed';
  if (account.paymentMethods.length === 0) return 'none';
  const method = defaultPaymentMethod(account);
  if (!method) return 'no-default';
  return method.usable === false ? 'unusable' : undefined;
}

/**
 * The default payment method when the account can pay with it (not closed, a method flagged default and usable): what
 * automatic renewal and payments need; undefined otherwise (no method, none flagged default, an expired one, or a
 * closed account).
 */
export function usableDefaultPaymentMethod(account: Account): PaymentMethod | undefined {
  return paymentBlock(account) ? undefined : defaultPaymentMethod(account);
}

/** The account with `amountMinor` more unpaid on a project's bill. */
export function addUnpaid(account: Account, projectId: string, currency: string, amountMinor: number): Account {
  if (amountMinor <= 0) return account;
  const same = (b: UnpaidBill) => b.projectId === projectId && b.currency === currency;
  const bills = account.unpaidBills ?? [];
  const next = bills.some(same)
    ? bills.map((b) => (same(b) ? { ...b, amountMinor: b.amountMinor + amountMinor } : b))
    : [...bills, { projectId, currency, amountMinor }];
  return { ...account, unpaidBills: next };
}
