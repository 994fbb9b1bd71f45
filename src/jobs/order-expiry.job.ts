import { formatDateTime } from '../core/i18n.js';
import { formatMoney } from '../domain/money.js';
import { cancelledAt, cancelOrder } from '../flows/order-flow.js';
import { jobAudit, jobNotify, type JobDirect } from './job-effects.js';
import type { LifecycleHandler } from './job-registry.js';

/**
 * `order-expiry`: an order still awaiting payment GUICHET_ORDER_TTL_DAYS after it was placed is cancelled (nothing was
 * charged); its account is told (service mails, privately) and the audit log has it. Before that time the entry
 * moves to it; a paid or cancelled order drops it.
 */
export const orderExpiryJob: LifecycleHandler = async (tx, entry, ctx) => {
  const order = await tx.orders.get(entry.ref);
  if (!order || order.state !== 'awaiting-payment') return { outcome: 'stale' };
  const at = cancelledAt(order, ctx.config.orderTtlDays);
  if (ctx.now < at) {
    tx.due.add({ ...entry, at: at.toISOString() });
    return { outcome: 'order-expiry-scheduled' };
  }
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
};
