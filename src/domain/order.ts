import { z } from 'zod';
import { Instant } from './instant.js';
import { AccountId } from './account.js';

/** States an order goes through. */
export const ORDER_STATES = ['awaiting-payment', 'payment-received', 'processing', 'delivered', 'cancelled'] as const;
/** A state of an order. */
export type OrderState = (typeof ORDER_STATES)[number];

/** One line of an order: what is bought, for which service, at what price excl. tax. */
export const OrderLine = z.object({
  /** `cloud-credit` for a credit purchase, `renewal` for one more period of a service. */
  kind: z.enum(['cloud-credit', 'renewal']),
  description: z.string(),
  serviceId: z.string(),
  amountMinor: z.number().int().nonnegative(),
  /** For renewals: the months added to the expiry. */
  periodMonths: z.number().int().positive().optional(),
});
/** One line of an order. */
export type OrderLine = z.infer<typeof OrderLine>;

/** An order (purchase order for credit, manual renewal …) with its follow-up steps. */
export const Order = z.object({
  id: z.string(),
  account: AccountId,
  createdAt: Instant,
  currency: z.string(),
  lines: z.array(OrderLine).min(1),
  taxRateBp: z.number().int().nonnegative(),
  totalExclMinor: z.number().int().nonnegative(),
  taxMinor: z.number().int().nonnegative(),
  totalInclMinor: z.number().int().nonnegative(),
  state: z.enum(ORDER_STATES),
  /** Every state reached, with when. */
  steps: z.array(z.object({ state: z.enum(ORDER_STATES), at: Instant })),
  /** The payment method that paid it, once paid. */
  paidWith: z.string().nullable().default(null),
});
/** An order. */
export type Order = z.infer<typeof Order>;
