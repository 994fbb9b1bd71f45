import { formatDateTime } from '../core/i18n.js';
import { formatMoney } from '../domain/money.js';
import type { Order } from '../domain/order.js';
import { cancelledAt, cancelOrder } from '../flows/order-flow.js';
import type { Tx } from '../ports/store.js';
import { orderUnpaidSource } from './event-reminders.js';
import { jobAudit, jobNotify, type JobDirect } from './job-effects.js';
import { settling, type JobContext, type LifecycleHandler, type LifecycleResult, type ReminderSource } from './job-registry.js';

/** True when an order still awaits payment at its cancellation time (GUICHET_ORDER_TTL_DAYS after it was placed). */
const expired = (order: Order | undefined, ctx: JobContext): order is Order =>
  order?.state === 'awaiting-payment' && ctx.now >= cancelledAt(order, ctx.config.orderTtlDays);

/**
 * Cancels an order left unpaid (nothing was charged); its account is told (service mails, privately) and the audit
 * log has it.
 */
async function expire(tx: Tx, order: Order, ctx: JobContext): Promise<LifecycleResult> {
  await cancelOrder(tx, order, ctx.now);
  jobAudit(tx, ctx, 'order.expired', order.id, order.account, 'cancelled', { ttlDays: ctx.config.orderTtlDays });
  const placed = (l: 'en' | 'fr') => formatDateTime(new Date(order.createdAt), l, ctx.config.timeZone);
  const total = (l: 'en' | 'fr') => formatMoney(order.totalInclMinor, order.currency, l);
  const directs: JobDirect[] = [];
  await jobNotify(tx, order.account, {
    subject: { en: `Order ${order.id} cancelled (unpaid)`, fr: `Commande ${order.id} annulée (impayée)` },
    body: {
      en: `Order ${order.id} (${total('en')} incl. tax), placed on ${placed('en')}, was not paid within ${ctx.config.orderTtlDays} days, so it is cancelled: nothing was charged and nothing will be delivered. Place a new order if you still need it.`,
      fr: `La commande ${order.id} (${total('fr')} TTC), passée le ${placed('fr')}, n’a pas été payée sous ${ctx.config.orderTtlDays} jours : elle est annulée, rien n’a été débité et rien ne sera livré. Passez une nouvelle commande si besoin.`,
    },
  }, ctx, directs);
  return { outcome: 'order-cancelled', directs, accounts: [order.account], line: { en: `${order.id}: unpaid for ${ctx.config.orderTtlDays} days, cancelled`, fr: `${order.id} : impayée depuis ${ctx.config.orderTtlDays} jours, annulée` } };
}

/**
 * The `order-unpaid` entry when Guichet keeps the books: the one due entry of an order awaiting payment. It reminds
 * at the thresholds, then waits for the order's cancellation time (GUICHET_ORDER_TTL_DAYS after it was placed), when
 * the lifecycle phase cancels the order still unpaid (before the reminders of that run) and removes the entry.
 */
export const ledgerOrderUnpaid: ReminderSource = settling(
  orderUnpaidSource(true),
  async (tx, entry, ctx) => {
    const order = await tx.orders.get(entry.ref);
    return expired(order, ctx) ? order : undefined;
  },
  expire,
);

/**
 * `order-expiry`, written by earlier versions next to `order-unpaid` (no longer written): an order still awaiting payment
 * at its cancellation time is cancelled, once (whichever of the two entries comes first; the other finds it cancelled).
 * Before that time the entry moves to it; a paid or cancelled order drops it.
 */
export const orderExpiryJob: LifecycleHandler = async (tx, entry, ctx) => {
  const order = await tx.orders.get(entry.ref);
  if (!order || order.state !== 'awaiting-payment') return { outcome: 'stale' };
  if (!expired(order, ctx)) {
    tx.due.add({ ...entry, at: cancelledAt(order, ctx.config.orderTtlDays).toISOString() });
    return { outcome: 'order-expiry-scheduled' };
  }
  return expire(tx, order, ctx);
};
