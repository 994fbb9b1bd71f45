import type { HandlerContext } from '../handler.js';
import type { FakeDelivery, FakeOrder } from '../state.js';

/** The tax rate of an account's subsidiary (20 % VAT in Europe, none elsewhere in the fake). */
export function taxRate(subsidiary: string): number {
  return ['CA', 'US', 'WE', 'WS'].includes(subsidiary) ? 0 : 0.2;
}

/** Prices an order's lines for the caller (without creating it). */
export function priceLines(ctx: HandlerContext, lines: FakeOrder['lines']): Pick<FakeOrder, 'lines' | 'currency' | 'withoutTaxCents' | 'taxCents'> {
  const withoutTaxCents = lines.reduce((sum, l) => sum + l.unitCents * l.quantity, 0);
  return { lines, currency: ctx.account.currency, withoutTaxCents, taxCents: Math.round(withoutTaxCents * taxRate(ctx.account.subsidiary)) };
}

/** Creates an unpaid order of the caller. */
export function createOrder(ctx: HandlerContext, lines: FakeOrder['lines'], delivery: FakeDelivery): FakeOrder {
  const order: FakeOrder = {
    ...priceLines(ctx, lines), orderId: ctx.state.nextId('order'), nichandle: ctx.account.nichandle, date: ctx.now,
    expirationDate: new Date(ctx.now.getTime() + ctx.timings.unpaidOrderMs), status: 'notPaid', paidAt: null, deliveredAt: null, delivery,
  };
  ctx.state.orders.push(order);
  return order;
}
