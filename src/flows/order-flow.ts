import { fail, type DomainError } from '../domain/errors.js';
import type { Localized } from '../domain/i18n.js';
import type { DueEntry, Tx } from '../ports/store.js';
import { usableDefaultPaymentMethod, type Account, type PaymentMethod } from '../domain/account.js';
import { cannotPayMessage } from './cannot-pay.js';
import { deliverCloudCredit } from './credit-delivery.js';
import { deliverRenewalLine } from './renewal-order.js';
import { shortId } from '../domain/ids.js';
import { taxOf } from '../domain/money.js';
import type { Order, OrderLine, OrderState } from '../domain/order.js';
import { addDays } from '../domain/time.js';

/** Delivers one line of a paid order inside the payment's unit of work (dates in `timeZone`); must be idempotent per order line. */
export type OrderDelivery = (tx: Tx, order: Order, lineIndex: number, now: Date, timeZone: string) => Promise<DomainError | void>;

const deliveries = new Map<OrderLine['kind'], OrderDelivery>();

/** Registers how lines of a kind are delivered once paid (`cloud-credit` here, `renewal` by the renewal module). */
export function registerOrderDelivery(kind: OrderLine['kind'], deliver: OrderDelivery): void {
  deliveries.set(kind, deliver);
}

registerOrderDelivery('cloud-credit', deliverCloudCredit);
registerOrderDelivery('renewal', deliverRenewalLine);

/**
 * The one date-index entry of an order awaiting payment, due one day after it was created (first reminder): it moves
 * through the unpaid-order reminders, then to the order's cancellation time (GUICHET_ORDER_TTL_DAYS), where it cancels
 * the order still unpaid (src/jobs/order-expiry.job.ts), so scheduling does not depend on configuration.
 */
export function unpaidDue(order: Order): DueEntry {
  return { at: addDays(order.createdAt, 1).toISOString(), kind: 'order-unpaid', ref: order.id };
}

/** When an order still awaiting payment is cancelled: `ttlDays` after it was placed. */
export function cancelledAt(order: Order, ttlDays: number): Date {
  return addDays(order.createdAt, ttlDays);
}

/** What the customer must do about an order, if anything. */
export function customerAction(order: Order): Localized | undefined {
  if (order.state !== 'awaiting-payment') return undefined;
  return { en: `Payment required: type /orders pay ${order.id} (or /orders cancel ${order.id}).`, fr: `Paiement requis : tapez /orders pay ${order.id} (ou /orders cancel ${order.id}).` };
}

/** True while an order is neither delivered nor cancelled. */
export function inProgress(order: Order): boolean {
  return order.state !== 'delivered' && order.state !== 'cancelled';
}

/**
 * Creates an order awaiting payment for an account, with totals excl. tax, tax (rate of the account's
 * subsidiary) and incl. tax, and puts it in the date index for the unpaid-order reminders.
 */
export async function createOrder(
  tx: Tx,
  input: { account: Account; lines: OrderLine[]; now: Date; taxRateBp: number },
): Promise<Order> {
  // No probe: `create` makes the commit require a new ID; a collision re-runs the command with another.
  const id = shortId('ORD', 8);
  const totalExclMinor = input.lines.reduce((s, l) => s + l.amountMinor, 0);
  const taxMinor = taxOf(totalExclMinor, input.taxRateBp);
  const at = input.now.toISOString();
  const order: Order = {
    id,
    account: input.account.id,
    createdAt: at,
    currency: input.account.currency,
    lines: input.lines,
    taxRateBp: input.taxRateBp,
    totalExclMinor,
    taxMinor,
    totalInclMinor: totalExclMinor + taxMinor,
    state: 'awaiting-payment',
    steps: [{ state: 'awaiting-payment', at }],
    paidWith: null,
  };
  tx.orders.create(order);
  tx.due.add(unpaidDue(order));
  return order;
}

/** What paying an order did. */
export type PayOutcome =
  | { readonly status: 'paid'; readonly order: Order; readonly method: PaymentMethod }
  | { readonly status: 'already-paid'; readonly order: Order };

/**
 * Pays an order with its account's default payment method and delivers every line, moving it
 * awaiting-payment → payment-received → processing → delivered with the time of each step. The state
 * is re-read inside the unit of work (whatever copy the caller holds), so paying twice (or concurrently)
 * delivers once. Calendar dates of what is delivered (credit validity) are counted in `timeZone` (GUICHET_TZ). Returns a
 * refusal (and the caller must not commit) when the account cannot pay (closed, or no usable default payment method)
 * or a line cannot be delivered.
 */
export async function payOrder(tx: Tx, orderOrId: Order | string, now: Date, timeZone: string): Promise<PayOutcome | DomainError> {
  const orderId = typeof orderOrId === 'string' ? orderOrId : orderOrId.id;
  const order = await tx.orders.get(orderId);
  if (!order) return fail('ORDER.NOT_FOUND', { en: `There is no order ${orderId}. Type /orders to list yours.`, fr: `La commande ${orderId} n’existe pas. Tapez /orders pour voir les vôtres.` });
  if (order.state === 'cancelled') {
    return fail('ORDER.CANCELLED', { en: `Order ${order.id} was cancelled; it cannot be paid. Place a new order instead.`, fr: `La commande ${order.id} a été annulée ; elle ne peut pas être payée. Passez une nouvelle commande.` });
  }
  if (order.state !== 'awaiting-payment') return { status: 'already-paid', order };
  const account = await tx.accounts.get(order.account);
  const method = account ? usableDefaultPaymentMethod(account) : undefined;
  if (!method) {
    // Only the order's account pays it (its chat users are the ones told), so its method may be named.
    return fail('ORDER.NO_PAYMENT_METHOD', cannotPayMessage(account, order.account, true, {
      en: `order ${order.id} cannot be paid`,
      fr: `la commande ${order.id} ne peut pas être payée`,
    }));
  }
  const at = now.toISOString();
  const step = (o: Order, state: OrderState): Order => ({ ...o, state, steps: [...o.steps, { state, at }] });
  // Payment received then processing, in one copy.
  let paid: Order = { ...order, paidWith: method.id, state: 'processing', steps: [...order.steps, { state: 'payment-received', at }, { state: 'processing', at }] };
  for (let i = 0; i < paid.lines.length; i++) {
    const line = paid.lines[i]!;
    const deliver = deliveries.get(line.kind);
    if (!deliver) {
      return fail('ORDER.NOT_DELIVERABLE', { en: `Lines of kind ${line.kind} cannot be delivered yet; nothing was charged.`, fr: `Les lignes de type ${line.kind} ne peuvent pas encore être livrées ; rien n’a été débité.` });
    }
    const refused = await deliver(tx, paid, i, now, timeZone);
    if (refused) return refused;
  }
  paid = step(paid, 'delivered');
  tx.orders.put(paid);
  tx.due.remove(unpaidDue(order));
  return { status: 'paid', order: paid, method };
}

/** Cancels an order still awaiting payment (a step is recorded and its reminders and expiry stop); others are left alone. */
export async function cancelOrder(tx: Tx, orderOrId: Order | string, now: Date): Promise<Order | undefined> {
  const order = await tx.orders.get(typeof orderOrId === 'string' ? orderOrId : orderOrId.id);
  if (!order || order.state !== 'awaiting-payment') return order;
  const cancelled: Order = { ...order, state: 'cancelled', steps: [...order.steps, { state: 'cancelled', at: now.toISOString() }] };
  tx.orders.put(cancelled);
  tx.due.remove(unpaidDue(order));
  return cancelled;
}

/** What asking to cancel an order did: cancelled now, or already cancelled before (asking twice is harmless). */
export type CancelOutcome = { readonly status: 'cancelled' | 'already-cancelled'; readonly order: Order };

/**
 * Cancels, at its account's request, an order awaiting payment. Idempotent: an order already cancelled answers so.
 * Refuses an order of another account and an order already paid (nothing is refunded here), with stable codes.
 */
export async function cancelOrderOf(tx: Tx, orderId: string, accountId: string, now: Date): Promise<CancelOutcome | DomainError> {
  const order = await tx.orders.get(orderId);
  if (!order) return fail('ORDER.NOT_FOUND', { en: `There is no order ${orderId}. Type /orders to list yours.`, fr: `La commande ${orderId} n’existe pas. Tapez /orders pour voir les vôtres.` });
  if (order.account !== accountId) {
    return fail('ORDER.NOT_YOURS', {
      en: `Order ${order.id} belongs to ${order.account}; only that account can cancel it.`,
      fr: `La commande ${order.id} appartient à ${order.account} ; seul ce compte peut l’annuler.`,
    });
  }
  if (order.state === 'cancelled') return { status: 'already-cancelled', order };
  if (order.state !== 'awaiting-payment') {
    return fail('ORDER.NOT_CANCELLABLE', {
      en: `Order ${order.id} is already paid, so it can no longer be cancelled. See /orders show ${order.id}.`,
      fr: `La commande ${order.id} est déjà payée : elle ne peut plus être annulée. Voir /orders show ${order.id}.`,
    });
  }
  return { status: 'cancelled', order: (await cancelOrder(tx, order, now))! };
}
