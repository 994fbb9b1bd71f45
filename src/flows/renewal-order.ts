import { fail, type DomainError } from '../domain/errors.js';
/**
 * Renewal orders: one more period of a service, ordered and paid through the order flow
 * (`createOrder` → `payOrder`); `deliverRenewalLine` is registered for `renewal` lines in order-flow.ts.
 */
import { putService } from './schedule.js';
import type { Tx } from '../ports/store.js';
import type { Account } from '../domain/account.js';
import { taxOf } from '../domain/money.js';
import type { Order, OrderLine } from '../domain/order.js';
import { addMonths } from '../domain/renewal.js';
import type { Service } from '../domain/service.js';

/** The order line for one period of a service (its price excl. tax). */
export function renewalLine(service: Service): OrderLine {
  const r = service.renewal;
  if (!r) throw new Error(`${service.id} has no renewal terms`);
  return { kind: 'renewal', description: `Renewal of ${service.id} for ${r.periodMonths} month(s)`, serviceId: service.id, amountMinor: r.priceMinor, periodMonths: r.periodMonths };
}

/** The expiry after one more period paid now: from the current expiry, or from now for a suspended service. */
export function renewedUntil(service: Service, now: Date, periodMonths = service.renewal!.periodMonths): string {
  const r = service.renewal!;
  const from = service.state === 'expired' && new Date(r.expiresAt) < now ? now.toISOString() : r.expiresAt;
  return addMonths(from, periodMonths);
}

/** What one more period of a service costs an account (excl. tax, tax of its subsidiary, total) and until when it runs. */
export interface RenewalQuote {
  readonly line: OrderLine;
  readonly currency: string;
  readonly exclMinor: number;
  readonly taxMinor: number;
  readonly totalMinor: number;
  readonly until: string;
}

/** The price `payer` would pay now for one more period of `service`, as the order `createOrder` would make it. */
export function renewalQuote(service: Service, payer: Account, now: Date, taxRateBp: number): RenewalQuote {
  const line = renewalLine(service);
  const taxMinor = taxOf(line.amountMinor, taxRateBp);
  return { line, currency: payer.currency, exclMinor: line.amountMinor, taxMinor, totalMinor: line.amountMinor + taxMinor, until: renewedUntil(service, now) };
}

/** Delivers a renewal line: moves the expiry by the period (from now if it already expired) and reactivates. */
export async function deliverRenewal(tx: Tx, line: OrderLine, now: Date): Promise<Service | undefined> {
  const service = await tx.services.get(line.serviceId);
  if (!service?.renewal || service.state === 'deleted') return undefined;
  const next: Service = {
    ...service,
    state: 'active',
    renewal: { ...service.renewal, expiresAt: renewedUntil(service, now, line.periodMonths ?? service.renewal.periodMonths) },
  };
  await putService(tx, next);
  return next;
}

/**
 * The order-flow delivery of a `renewal` line, at most once per order line (recorded like credit
 * deliveries); refuses (nothing charged) when the service was deleted meanwhile.
 */
export async function deliverRenewalLine(tx: Tx, order: Order, lineIndex: number, now: Date): Promise<DomainError | void> {
  const line = order.lines[lineIndex]!;
  const orderLine = `${order.id}/${lineIndex}`;
  if (await tx.wallets.deliveryOf(orderLine)) return;
  const renewed = await deliverRenewal(tx, line, now);
  if (!renewed) {
    return fail('ORDER.SERVICE_GONE', {
      en: `The service ${line.serviceId} of order ${order.id} was deleted, so it cannot be renewed; nothing was charged.`,
      fr: `Le service ${line.serviceId} de la commande ${order.id} a été supprimé : il ne peut pas être renouvelé ; rien n’a été débité.`,
    });
  }
  tx.wallets.recordDelivery(orderLine, line.serviceId, `renewal:${renewed.renewal!.expiresAt}`);
}
