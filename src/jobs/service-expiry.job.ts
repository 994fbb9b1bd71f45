import { formatDate } from '../core/i18n.js';
import { isRefusal } from '../core/reply.js';
import { paymentBlock, type PaymentBlock } from '../domain/account.js';
import { cancelOrder, createOrder, payOrder } from '../flows/order-flow.js';
import { renewalLine } from '../flows/renewal-order.js';
import { graceEndsAt, RENEWAL_DUE } from '../domain/renewal.js';
import { concernedAccounts, type Service } from '../domain/service.js';
import type { Account } from '../domain/account.js';
import type { Order } from '../domain/order.js';
import type { Tx } from '../ports/store.js';
import { jobAudit, jobMail, jobSettleContext, type JobDirect } from './job-effects.js';
import { deleteService } from './service-deletion.js';
import type { JobContext, LifecycleHandler, LifecycleResult } from './job-registry.js';
import { addEntry, moveEntry, putService, serviceOwner } from '../flows/schedule.js';

/**
 * At expiry: `automatic` renews through an order paid with the billing contact's default payment method (on
 * failure the service is suspended — state `expired` — for the grace period, and a reminder is scheduled);
 * unpaid `manual` and `cancel` services are deleted for good.
 */
export const serviceExpiryJob: LifecycleHandler = async (tx, entry, ctx) => {
  const service = await tx.services.get(entry.ref);
  const r = service?.renewal;
  if (!service || !r || service.state !== 'active' || r.expiresAt !== entry.at || new Date(r.expiresAt) > ctx.now) {
    await moveEntry(tx, serviceOwner(entry.ref), entry, undefined);
    return { outcome: 'stale' };
  }
  if (r.mode === 'automatic') return renew(tx, service, ctx);
  const cancelled = r.mode === 'cancel';
  const directs: JobDirect[] = [];
  await deleteService(jobSettleContext(tx, ctx, service.owner, directs), service, cancelled ? 'terminated' : 'not-renewed');
  jobAudit(tx, ctx, cancelled ? 'renew.terminated' : 'renew.not-renewed', service.id, service.owner, 'deleted', { mode: r.mode });
  return {
    outcome: 'deleted',
    directs,
    accounts: concernedAccounts(service),
    line: cancelled
      ? { en: `${service.id}: terminated at expiry (deleted)`, fr: `${service.id} : résilié à l’échéance (supprimé)` }
      : { en: `${service.id}: manual renewal not paid, deleted`, fr: `${service.id} : renouvellement manuel non payé, supprimé` },
  };
};

async function renew(tx: Tx, service: Service, ctx: JobContext): Promise<LifecycleResult> {
  const payer = await tx.accounts.get(service.contacts.billing);
  const paid = await payRenewal(tx, service, payer, ctx);
  if ('order' in paid) {
    const renewed = await tx.services.get(service.id);
    const until = renewed?.renewal?.expiresAt ?? '';
    jobAudit(tx, ctx, 'renew.automatic', service.id, payer?.id ?? null, 'renewed', { order: paid.order.id, until });
    await jobMail(tx, service.contacts.billing, {
      subject: { en: `${service.id} renewed`, fr: `${service.id} renouvelé` },
      body: {
        en: `${service.id} was renewed automatically until ${formatDate(new Date(until), 'en', ctx.config.timeZone)} (order ${paid.order.id}, paid with your default payment method).`,
        fr: `${service.id} a été renouvelé automatiquement jusqu’au ${formatDate(new Date(until), 'fr', ctx.config.timeZone)} (commande ${paid.order.id}, payée avec votre moyen de paiement par défaut).`,
      },
    }, ctx);
    return { outcome: 'renewed', accounts: concernedAccounts(service), line: { en: `${service.id}: renewed automatically (order ${paid.order.id})`, fr: `${service.id} : renouvelé automatiquement (commande ${paid.order.id})` } };
  }
  await putService(tx, { ...service, state: 'expired' });
  await addEntry(tx, serviceOwner(service.id), { at: ctx.now.toISOString(), kind: RENEWAL_DUE.renewalFailed, ref: service.id });
  jobAudit(tx, ctx, 'renew.automatic', service.id, service.contacts.billing, 'failed', { reason: paid.failure });
  const until = (l: 'en' | 'fr') => formatDate(new Date(graceEndsAt(service, ctx.config.graceDays)), l, ctx.config.timeZone);
  return {
    outcome: 'expired',
    accounts: concernedAccounts(service),
    line: { en: `${service.id}: automatic renewal failed (${paid.failure}), expired: suspended until ${until('en')}`, fr: `${service.id} : échec du renouvellement automatique (${paid.failure}), expiré : suspendu jusqu’au ${until('fr')}` },
  };
}

/** The failure a renewal reports for each reason its payer cannot pay (none flagged the default is said apart: adding a method would not help, making one the default does). */
const RENEWAL_FAILURE: Record<PaymentBlock, string> = {
  closed: 'account-closed',
  none: 'no-payment-method',
  unusable: 'no-payment-method',
  'no-default': 'no-default-payment-method',
};

/** Orders one period billed to the billing contact and pays it through the order flow; an order that cannot be paid is cancelled. */
async function payRenewal(tx: Tx, service: Service, payer: Account | undefined, ctx: JobContext): Promise<{ order: Order } | { failure: string }> {
  const block = payer ? paymentBlock(payer) : 'none';
  if (!payer || block) return { failure: RENEWAL_FAILURE[block ?? 'none'] };
  const order = await createOrder(tx, { account: payer, lines: [renewalLine(service)], now: ctx.now, taxRateBp: ctx.config.taxRates[payer.subsidiary] ?? 0 });
  const paid = await payOrder(tx, order, ctx.now, ctx.config.timeZone);
  if (!isRefusal(paid)) return { order: paid.order };
  await cancelOrder(tx, order, ctx.now);
  return { failure: paid.code };
}

/**
 * End of the grace period of a suspended service (`service-grace-end`): before the end (GUICHET_GRACE_DAYS after
 * expiry) the entry moves to it; at the end a service still not renewed is deleted like any service not renewed.
 */
export const serviceGraceEndJob: LifecycleHandler = async (tx, entry, ctx) => {
  const service = await tx.services.get(entry.ref);
  const owner = serviceOwner(entry.ref);
  if (!service?.renewal || service.state !== 'expired') {
    await moveEntry(tx, owner, entry, undefined);
    return { outcome: 'stale' };
  }
  const end = graceEndsAt(service, ctx.config.graceDays);
  if (ctx.now < new Date(end)) {
    await moveEntry(tx, owner, entry, { ...entry, at: end });
    return { outcome: 'grace-scheduled' };
  }
  const directs: JobDirect[] = [];
  await deleteService(jobSettleContext(tx, ctx, service.owner, directs), service, 'grace-ended');
  jobAudit(tx, ctx, 'renew.grace-ended', service.id, service.contacts.billing, 'deleted', { expiredAt: service.renewal.expiresAt, graceDays: ctx.config.graceDays });
  return {
    outcome: 'deleted',
    directs,
    accounts: concernedAccounts(service),
    line: { en: `${service.id}: not renewed during its grace period, deleted`, fr: `${service.id} : non renouvelé pendant son délai de grâce, supprimé` },
  };
};
