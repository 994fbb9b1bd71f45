/**
 * Renewal orders: a minimal, self-contained way to order and pay one more period of a service.
 * When the credit branch lands, `payRenewalOrder` is replaced by its `payOrder(...)` and
 * `deliverRenewal` is registered with `registerOrderDelivery('renewal', deliverRenewal)`.
 */
import { putService } from '../jobs/schedule.js';
import type { Tx } from '../ports/store.js';
import { defaultPaymentMethod, type Account } from './account.js';
import { shortId } from './ids.js';
import { taxOf } from './money.js';
import type { Order, OrderLine } from './order.js';
import { addMonths } from './renewal.js';
import type { Service } from './service.js';

/** Why a renewal order could not be paid. */
export type PaymentFailure = 'no-payment-method' | 'account-closed';

/** Builds an order in `awaiting-payment` for one period of a service, billed to `payer` in the owner's currency. */
export function newRenewalOrder(service: Service, payer: Account, currency: string, taxRates: Readonly<Record<string, number>>, now: Date): Order {
  const r = service.renewal;
  if (!r) throw new Error(`${service.id} has no renewal terms`);
  const rate = taxRates[payer.subsidiary] ?? 0;
  const tax = taxOf(r.priceMinor, rate);
  const at = now.toISOString();
  return {
    id: shortId('ORD'),
    account: payer.id,
    createdAt: at,
    currency,
    lines: [{ kind: 'renewal', description: `Renewal of ${service.id} for ${r.periodMonths} month(s)`, serviceId: service.id, amountMinor: r.priceMinor, periodMonths: r.periodMonths }],
    taxRateBp: rate,
    totalExclMinor: r.priceMinor,
    taxMinor: tax,
    totalInclMinor: r.priceMinor + tax,
    state: 'awaiting-payment',
    steps: [{ state: 'awaiting-payment', at }],
    paidWith: null,
  };
}

/** Delivers a renewal line: moves the expiry by the period (from now if it already expired) and reactivates. */
export async function deliverRenewal(tx: Tx, line: OrderLine, now: Date): Promise<Service | undefined> {
  const service = await tx.services.get(line.serviceId);
  if (!service?.renewal || service.state === 'deleted') return undefined;
  const from = service.state === 'expired' && new Date(service.renewal.expiresAt) < now ? now.toISOString() : service.renewal.expiresAt;
  const next: Service = {
    ...service,
    state: 'active',
    renewal: { ...service.renewal, expiresAt: addMonths(from, line.periodMonths ?? service.renewal.periodMonths) },
  };
  await putService(tx, next);
  return next;
}

/**
 * Pays an order with the payer's default payment method and delivers it, all in the caller's
 * unit of work; returns the delivered order, or why it could not be paid (nothing written then).
 */
export async function payRenewalOrder(tx: Tx, order: Order, payer: Account, now: Date): Promise<{ order: Order } | { failure: PaymentFailure }> {
  if (payer.closedAt) return { failure: 'account-closed' };
  const method = defaultPaymentMethod(payer);
  if (!method) return { failure: 'no-payment-method' };
  for (const line of order.lines) if (line.kind === 'renewal') await deliverRenewal(tx, line, now);
  const at = now.toISOString();
  const paid: Order = {
    ...order,
    state: 'delivered',
    paidWith: method.id,
    steps: [...order.steps, { state: 'payment-received', at }, { state: 'processing', at }, { state: 'delivered', at }],
  };
  tx.orders.put(paid);
  return { order: paid };
}
