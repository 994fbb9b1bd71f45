import { badRequest, conflict, notFound } from '../fake-error.js';
import type { HandlerContext, HandlerTable } from '../handler.js';
import type { FakeOrder } from '../state.js';
import { datetime } from '../views.js';

function myOrder(ctx: HandlerContext): FakeOrder {
  const o = ctx.state.orders.find((x) => x.orderId === ctx.path.orderId && x.nichandle === ctx.account.nichandle);
  if (!o) throw notFound(`Order ${ctx.path.orderId} does not exist`);
  return o;
}

/** The delivery steps of an order in its state. */
function followUp(o: FakeOrder, checkingMs: number): unknown[] {
  const at = (d: Date) => datetime(d);
  const h = (d: Date, label: string, description: string) => ({ date: at(d), label, description });
  const started = h(o.date, 'ORDER_STARTED', 'Order started');
  if (o.status === 'notPaid' || o.status === 'cancelled') {
    return [{ step: 'VALIDATING', status: o.status === 'cancelled' ? 'ERROR' : 'TODO', history: [started] }];
  }
  const paid = o.paidAt!;
  const steps: unknown[] = [
    { step: 'VALIDATING', status: 'DONE', history: [started, h(paid, 'PAYMENT_INITIATED', 'Payment initiated'), h(paid, 'PAYMENT_RECEIVED', 'Payment received')] },
    { step: 'VALIDATED', status: 'DONE', history: [h(paid, 'ORDER_ACCEPTED', 'Order accepted')] },
  ];
  if (o.status === 'checking') return [...steps, { step: 'DELIVERING', status: 'DOING', history: [] }];
  const done = o.deliveredAt ?? new Date(paid.getTime() + checkingMs);
  return [...steps, { step: 'DELIVERING', status: 'DONE', history: [h(done, 'DELIVERY', 'Delivered')] }, { step: 'AVAILABLE', status: 'DONE', history: [] }];
}

/** `/me/order`: list, order, details, status, follow-up, payment with a registered method. */
export const orderHandlers: HandlerTable = {
  'GET /me/order': (ctx) => {
    const from = ctx.query['date.from'] === undefined ? -Infinity : Date.parse(ctx.query['date.from']);
    const to = ctx.query['date.to'] === undefined ? Infinity : Date.parse(ctx.query['date.to']);
    return ctx.state.orders
      .filter((o) => o.nichandle === ctx.account.nichandle && o.date.getTime() >= from && o.date.getTime() <= to)
      .map((o) => o.orderId);
  },
  'GET /me/order/{orderId}': (ctx) => ctx.views.order(myOrder(ctx), ctx.origin),
  'GET /me/order/{orderId}/details': (ctx) => myOrder(ctx).lines.map((l) => l.id),
  'GET /me/order/{orderId}/details/{orderDetailId}': (ctx) => {
    const o = myOrder(ctx);
    const line = o.lines.find((l) => l.id === ctx.path.orderDetailId);
    if (!line) throw notFound(`Order detail ${ctx.path.orderDetailId} does not exist`);
    return ctx.views.orderDetail(o, line);
  },
  'GET /me/order/{orderId}/status': (ctx) => myOrder(ctx).status,
  'GET /me/order/{orderId}/followUp': (ctx) => followUp(myOrder(ctx), ctx.timings.checkingMs),
  'POST /me/order/{orderId}/pay': (ctx) => {
    const o = myOrder(ctx);
    if (o.status === 'cancelled') throw badRequest('This order has expired and was cancelled');
    if (o.status !== 'notPaid') throw conflict('This order is already paid');
    const method = ctx.state.paymentMethods.find((p) => p.id === ctx.body.paymentMethod.id && p.nichandle === ctx.account.nichandle);
    if (!method) throw badRequest(`Payment method ${ctx.body.paymentMethod.id} does not exist`);
    if (method.status !== 'VALID') throw badRequest(`Payment method ${method.id} is ${method.status}`);
    o.status = 'checking';
    o.paidAt = ctx.now;
    return null;
  },
};
