import { formatDateTime } from '../core/i18n.js';
import { waitingReminders } from '../domain/contact-texts.js';
import { isOpen, isPastExpiry, type ContactRequest } from '../domain/contact-request.js';
import { formatMoney } from '../domain/money.js';
import type { Order } from '../domain/order.js';
import { cancelledAt } from '../flows/order-flow.js';
import { DAY_MS } from '../domain/time.js';
import type { DueEntry, Tx } from '../ports/store.js';
import type { JobContext, PreviewItem, ReminderMessage, ReminderPlan, ReminderSource } from './job-registry.js';
import { thresholdsOf } from './renewal-reminders.js';

/**
 * The reminder an event calls for at `now`, `days` after it happened: the latest threshold reached
 * (so after downtime only the most urgent is sent), and when the next one falls due.
 */
export function afterPlan(since: string, thresholds: readonly number[], now: Date): { reached?: number; next?: string } {
  const at = (d: number) => new Date(new Date(since).getTime() + d * DAY_MS);
  const reached = thresholds.filter((d) => now >= at(d));
  const pending = thresholds.filter((d) => now < at(d));
  return {
    ...(reached.length ? { reached: Math.max(...reached) } : {}),
    ...(pending.length ? { next: at(Math.min(...pending)).toISOString() } : {}),
  };
}

/** Plans an event reminder at `thresholds` (days after `since`); `send` builds the rest once a threshold is reached. */
function plan(since: string, thresholds: readonly number[], ctx: JobContext, send: (days: number, next: string | undefined) => ReminderPlan, end?: string): ReminderPlan {
  const p = afterPlan(since, thresholds, ctx.now);
  // With an `end`, the entry never waits past it, and waits for it once no threshold is left (instead of going).
  const next = end !== undefined && (p.next === undefined || p.next > end) ? end : p.next;
  if (p.reached === undefined) return next ? { kind: 'wait', at: next } : { kind: 'drop' };
  return send(p.reached, next);
}

/** Preview items of an event reminder between `from` and `to` (the one due now first, if not sent yet). */
async function previewAfter(tx: Tx, since: string, thresholds: readonly number[], idOf: (d: number) => string, from: Date, to: Date, item: (d: number, at: Date) => PreviewItem): Promise<PreviewItem[]> {
  const times = thresholds.map((d) => ({ d, at: new Date(new Date(since).getTime() + d * DAY_MS) })).filter((x) => x.at > from && x.at <= to);
  const now = afterPlan(since, thresholds, from);
  if (now.reached !== undefined && (await tx.reminders.marks(idOf(now.reached))).length === 0) times.unshift({ d: now.reached, at: from });
  return times.map((t) => item(t.d, t.at));
}

/**
 * Days after an order was placed at which it is reminded while unpaid: the `order-unpaid` thresholds, and the
 * `order-cancel` ones (the last call, counted back from its cancellation after GUICHET_ORDER_TTL_DAYS).
 */
function unpaidThresholds(ctx: JobContext): { days: number[]; lastCalls: Set<number> } {
  const ttl = ctx.config.orderTtlDays;
  const lastCalls = thresholdsOf(ctx, 'order-cancel').map((d) => ttl - d).filter((d) => d > 0);
  const days = [...new Set([...thresholdsOf(ctx, 'order-unpaid').filter((d) => d < ttl), ...lastCalls])];
  return { days, lastCalls: new Set(lastCalls) };
}

function unpaidMessage(o: Order, ctx: JobContext, lastCall: boolean): ReminderMessage {
  const total = (l: 'en' | 'fr') => formatMoney(o.totalInclMinor, o.currency, l);
  const since = (l: 'en' | 'fr') => formatDateTime(new Date(o.createdAt), l, ctx.config.timeZone);
  const end = (l: 'en' | 'fr') => formatDateTime(cancelledAt(o, ctx.config.orderTtlDays), l, ctx.config.timeZone);
  return {
    subject: lastCall
      ? { en: `Order to be cancelled: ${o.id}`, fr: `Commande bientôt annulée : ${o.id}` }
      : { en: `Order awaiting payment: ${o.id}`, fr: `Commande en attente de paiement : ${o.id}` },
    body: {
      en: `Order ${o.id} (${total('en')} incl. tax), placed on ${since('en')}, is still awaiting payment: nothing is delivered until it is paid, and unpaid it is cancelled on ${end('en')}. Pay it with /orders pay ${o.id}, or cancel it now with /orders cancel ${o.id}; see /orders show ${o.id}.`,
      fr: `La commande ${o.id} (${total('fr')} TTC), passée le ${since('fr')}, attend toujours son paiement : rien n’est livré avant, et impayée elle est annulée le ${end('fr')}. Payez-la avec /orders pay ${o.id}, ou annulez-la dès maintenant avec /orders cancel ${o.id} ; voir /orders show ${o.id}.`,
    },
  };
}

/**
 * Purchase order unpaid (1, 3 days after it was placed: threshold set `order-unpaid`), and a last call before it is
 * cancelled (1 day before: threshold set `order-cancel`); the `order-unpaid` entry. `untilCancelled`: after the last
 * reminder the entry waits for the order's cancellation time instead of going (when Guichet cancels it, see
 * `ledgerOrderUnpaid`); without it (a provider cancels its orders) the entry goes after the last reminder.
 */
export function orderUnpaidSource(untilCancelled: boolean): ReminderSource {
  return {
    type: 'order',
    ownerOf: (e) => `order:${e.ref}`,
    async compose(tx, entry: DueEntry, ctx) {
      const o = await tx.orders.get(entry.ref);
      if (!o || o.state !== 'awaiting-payment') return { kind: 'drop' };
      const end = untilCancelled ? cancelledAt(o, ctx.config.orderTtlDays).toISOString() : undefined;
      // Past its cancellation time: with `untilCancelled` left to the lifecycle phase (`settle`, which failed), else gone.
      if (ctx.now >= cancelledAt(o, ctx.config.orderTtlDays)) return end ? { kind: 'wait', at: end } : { kind: 'drop' };
      const { days, lastCalls } = unpaidThresholds(ctx);
      return plan(o.createdAt, days, ctx, (d, next) => ({
        kind: 'send',
        id: `order-unpaid:${o.id}:${d}`,
        accounts: [o.account],
        message: unpaidMessage(o, ctx, lastCalls.has(d)),
        label: `order-unpaid ${o.id} (${d} d)`,
        ...(next ? { next } : {}),
      }), end);
    },
    async preview(tx, account, from, to, ctx) {
      const out: PreviewItem[] = [];
      const { days, lastCalls } = unpaidThresholds(ctx);
      for (const o of await tx.orders.listOpen(account)) {
        if (o.state !== 'awaiting-payment') continue;
        const items = await previewAfter(tx, o.createdAt, days, (d) => `order-unpaid:${o.id}:${d}`, from, to, (d, at) => ({
          at: at.toISOString(),
          type: 'order',
          what: lastCalls.has(d)
            ? { en: `order ${o.id} still unpaid: cancelled the next day`, fr: `commande ${o.id} toujours impayée : annulée le lendemain` }
            : { en: `order ${o.id} still unpaid (${d} day(s) after)`, fr: `commande ${o.id} toujours impayée (${d} jour(s) après)` },
        }));
        out.push(...items.filter((x) => new Date(x.at) < cancelledAt(o, ctx.config.orderTtlDays)));
      }
      return out;
    },
  };
}

/** The unpaid-order reminders when a provider cancels its orders (the mirror): the entry goes after the last one. */
export const orderUnpaidReminder: ReminderSource = orderUnpaidSource(false);

/** The accounts of a request that still have to answer. */
const waitingAccounts = (r: ContactRequest) => (['current', 'new'] as const).filter((s) => r.accepted[s] === null).map((s) => (s === 'current' ? r.from : r.to));

/**
 * Contact-change request waiting (SPEC §3: 2 days after; threshold set `contact-request`), to the accounts
 * that have not answered; the `contact-request-waiting` entry. Never carries a token (channels are shared).
 * `untilExpiry`: the entry of an open request waits for its expiry after the last reminder (or while it waits for its
 * pair) instead of going, when Guichet expires it (see `ledgerContactWaiting`); without it (a provider expires its
 * changes) the entry goes after the last reminder.
 */
export function contactWaitingSource(untilExpiry: boolean): ReminderSource {
  return {
    type: 'contact',
    ownerOf: (e) => `contact:${e.ref}`,
    async compose(tx, entry, ctx) {
      const r = await tx.contactRequests.get(entry.ref);
      if (!r || !isOpen(r)) return { kind: 'drop' };
      const end = untilExpiry ? r.expiresAt : undefined;
      // Nothing to remind (past its expiry, or waiting for its pair): with `untilExpiry` the entry waits for the expiry,
      // applied by the lifecycle phase (`settle`; an entry past it was left by a failed or cut-short one), else it goes.
      const rest: ReminderPlan = end ? { kind: 'wait', at: end } : { kind: 'drop' };
      if (isPastExpiry(r, ctx.now) || r.state !== 'pending' || waitingAccounts(r).length === 0) return rest;
      const notice = waitingReminders(r, ctx.config.timeZone)[0]!.notice;
      return plan(r.createdAt, thresholdsOf(ctx, 'contact-request'), ctx, (d, next) => ({
        kind: 'send',
        id: `contact-waiting:${r.id}:${d}`,
        accounts: waitingAccounts(r),
        message: { subject: notice.subject, body: notice.body },
        label: `contact-waiting ${r.id} (${d} d)`,
        ...(next ? { next } : {}),
      }), end);
    },
    async preview(tx, account, from, to, ctx) {
      const out: PreviewItem[] = [];
      let after: string | undefined;
      for (let i = 0; i < 5; i++) {
        const page = await tx.contactRequests.listForAccount(account, after, 200);
        for (const r of page.items) {
          if (!isOpen(r) || r.state !== 'pending' || !waitingAccounts(r).includes(account) || new Date(r.expiresAt) <= from) continue;
          const items = await previewAfter(tx, r.createdAt, thresholdsOf(ctx, 'contact-request'), (d) => `contact-waiting:${r.id}:${d}`, from, to, (d, at) => ({
            at: at.toISOString(),
            type: 'contact',
            what: { en: `contact change ${r.id} waiting for an answer (${d} day(s) after)`, fr: `changement de contact ${r.id} en attente de réponse (${d} jour(s) après)` },
          }));
          out.push(...items.filter((x) => new Date(x.at) < new Date(r.expiresAt)));
        }
        if (!page.next) break;
        after = page.next;
      }
      return out;
    },
  };
}

/** The waiting reminders when a provider expires its contact changes (the mirror): the entry goes after the last one. */
export const contactWaitingReminder: ReminderSource = contactWaitingSource(false);
