import { formatDateTime, type Localized } from '../core/i18n.js';
import { paymentBlock } from '../domain/account.js';
import { MAKE_DEFAULT_STEPS } from '../flows/cannot-pay.js';
import { DEFAULT_REMINDER_DAYS, type ReminderType } from '../domain/reminders.js';
import { daysBefore, graceEndText } from '../domain/renewal.js';
import { calendarDaysBetween, relativeDays } from '../domain/time.js';
import { concernedAccounts, type Service } from '../domain/service.js';
import type { DueEntry, Tx } from '../ports/store.js';
import type { JobContext, PreviewItem, ReminderMessage, ReminderPlan, ReminderSource } from './job-registry.js';
import { serviceOwner } from '../flows/schedule.js';

/** Thresholds (days before expiry) of a threshold set, most distant first. */
export function thresholdsOf(ctx: JobContext, set: string): number[] {
  const days = ctx.config.reminderDays?.[set] ?? DEFAULT_REMINDER_DAYS[set] ?? [];
  return [...new Set(days)].filter((d) => d > 0).sort((a, b) => b - a);
}

/**
 * The reminder a service calls for at `now` before its expiry: the most urgent threshold reached
 * (so after downtime only that one is sent), and when the next one falls due.
 */
export function thresholdPlan(expiresAt: string, thresholds: readonly number[], now: Date): { reached?: number; next?: string } {
  const reached = thresholds.filter((d) => now >= new Date(daysBefore(expiresAt, d)));
  const pending = thresholds.filter((d) => now < new Date(daysBefore(expiresAt, d)));
  const most = reached.length ? Math.min(...reached) : undefined;
  const nextDays = pending.length ? Math.max(...pending) : undefined;
  const next = nextDays === undefined ? undefined : daysBefore(expiresAt, nextDays);
  return { ...(most !== undefined ? { reached: most } : {}), ...(next ? { next } : {}) };
}

function when(service: Service, ctx: JobContext, locale: 'en' | 'fr'): string {
  return formatDateTime(new Date(service.renewal!.expiresAt), locale, ctx.config.timeZone);
}

function dueMessage(service: Service, mode: 'manual' | 'cancel', ctx: JobContext): ReminderMessage {
  const left = relativeDays(calendarDaysBetween(ctx.now, new Date(service.renewal!.expiresAt), ctx.config.timeZone));
  const name = service.displayName && service.displayName !== service.id ? `${service.id} (${service.displayName})` : service.id;
  if (mode === 'manual') {
    return {
      subject: { en: `Renewal due: ${service.id}`, fr: `Renouvellement à faire : ${service.id}` },
      body: {
        en: `${name} expires on ${when(service, ctx, 'en')} (${left.en}) and renews manually: unless it is renewed it will be deleted permanently. Renew one period with /renew pay ${service.id}, or switch to /renew auto ${service.id}.`,
        fr: `${name} expire le ${when(service, ctx, 'fr')} (${left.fr}) et se renouvelle manuellement : sans renouvellement, il sera supprimé définitivement. Renouvelez une période avec /renew pay ${service.id}, ou passez en /renew auto ${service.id}.`,
      },
    };
  }
  return {
    subject: { en: `Termination at expiry: ${service.id}`, fr: `Résiliation à l’échéance : ${service.id}` },
    body: {
      en: `${name} will be deleted permanently at its expiry on ${when(service, ctx, 'en')} (${left.en}), as requested. To keep it, switch back with /renew manual ${service.id} or /renew auto ${service.id}.`,
      fr: `${name} sera supprimé définitivement à son échéance le ${when(service, ctx, 'fr')} (${left.fr}), comme demandé. Pour le garder, revenez en /renew manual ${service.id} ou /renew auto ${service.id}.`,
    },
  };
}

/** A reminder source for the days before the expiry of services in one renewal mode. */
function beforeExpiry(type: ReminderType, mode: 'manual' | 'cancel', set: string): ReminderSource {
  return {
    type,
    ownerOf: (e) => serviceOwner(e.ref),
    async compose(tx: Tx, entry: DueEntry, ctx: JobContext): Promise<ReminderPlan> {
      const s = await tx.services.get(entry.ref);
      const r = s?.renewal;
      if (!s || !r || s.state !== 'active' || r.mode !== mode || ctx.now >= new Date(r.expiresAt)) return { kind: 'drop' };
      const plan = thresholdPlan(r.expiresAt, thresholdsOf(ctx, set), ctx.now);
      if (plan.reached === undefined) return plan.next ? { kind: 'wait', at: plan.next } : { kind: 'drop' };
      return {
        kind: 'send',
        id: `${type}:${s.id}:${r.expiresAt}:${plan.reached}`,
        accounts: concernedAccounts(s),
        message: dueMessage(s, mode, ctx),
        label: `${type} ${s.id} (${plan.reached} d)`,
        ...(plan.next ? { next: plan.next } : {}),
      };
    },
    async preview(tx, account, from, to, ctx) {
      const out: PreviewItem[] = [];
      for (const s of await servicesOf(tx, account)) {
        const r = s.renewal;
        if (!r || s.state !== 'active' || r.mode !== mode) continue;
        const thresholds = thresholdsOf(ctx, set);
        const now = thresholdPlan(r.expiresAt, thresholds, from);
        const times = thresholds.map((d) => ({ d, at: new Date(daysBefore(r.expiresAt, d)) })).filter((x) => x.at > from && x.at <= to);
        if (now.reached !== undefined && from < new Date(r.expiresAt)) {
          const sent = await tx.reminders.marks(`${type}:${s.id}:${r.expiresAt}:${now.reached}`);
          if (sent.length === 0) times.unshift({ d: now.reached, at: from });
        }
        for (const t of times) {
          out.push({ at: t.at.toISOString(), type, what: subjectOf(type, s.id, t.d) });
        }
      }
      return out;
    },
  };
}

function subjectOf(type: ReminderType, id: string, days: number): Localized {
  return type === 'termination'
    ? { en: `${id} is deleted at expiry (${days} day(s) before)`, fr: `${id} est supprimé à l’échéance (${days} jour(s) avant)` }
    : { en: `${id} must be renewed (${days} day(s) before expiry)`, fr: `${id} doit être renouvelé (${days} jour(s) avant l’échéance)` };
}

/** Services an account is a contact of (first pages). */
export async function servicesOf(tx: Tx, account: string): Promise<Service[]> {
  const out: Service[] = [];
  let after: string | undefined;
  for (let i = 0; i < 20; i++) {
    const page = await tx.services.listForContact(account, after, 200);
    out.push(...page.items);
    if (!page.next) break;
    after = page.next;
  }
  return out;
}

/** Manual renewal due (SPEC §3: 30, 14, 7, 3, 1 days before expiry). */
export const renewalDueReminder = beforeExpiry('renewal', 'manual', 'renewal');
/** Termination at expiry (SPEC §3: 7, 1 days before). */
export const terminationReminder = beforeExpiry('termination', 'cancel', 'termination');

/** The automatic renewal of a service failed and it is suspended: one reminder per failed expiry, at once. */
export const renewalFailedReminder: ReminderSource = {
  type: 'renewal',
  ownerOf: (e) => serviceOwner(e.ref),
  async compose(tx, entry, ctx) {
    const s = await tx.services.get(entry.ref);
    if (!s?.renewal || s.state !== 'expired') return { kind: 'drop' };
    const end = graceEndText(s, ctx.now, ctx.config);
    // The payer as stored: with methods of which none is the default, adding one is not the advice (making one the default is).
    const payer = await tx.accounts.get(s.contacts.billing);
    const noDefault = payer !== undefined && paymentBlock(payer) === 'no-default';
    const why = noDefault
      ? { en: `none of the payment methods of the billing contact ${s.contacts.billing} is the default`, fr: `aucun des moyens de paiement du contact facturation ${s.contacts.billing} n’est défini par défaut` }
      : { en: `the billing contact ${s.contacts.billing} has no usable payment method`, fr: `le contact facturation ${s.contacts.billing} n’a pas de moyen de paiement utilisable` };
    const mend = noDefault
      ? MAKE_DEFAULT_STEPS
      : { en: 'Add a payment method in the control panel (Billing › Payment methods)', fr: 'Ajoutez un moyen de paiement dans l’espace client (Facturation › Moyens de paiement)' };
    return {
      kind: 'send',
      id: `renewal-failed:${s.id}:${s.renewal.expiresAt}`,
      accounts: concernedAccounts(s),
      label: `renewal-failed ${s.id}`,
      message: {
        subject: { en: `Automatic renewal failed: ${s.id}`, fr: `Échec du renouvellement automatique : ${s.id}` },
        body: {
          en: `${s.id} could not be renewed automatically: ${why.en}. The service has expired and is suspended; it will be deleted permanently on ${end.en} unless it is renewed. ${mend.en}, then renew it with /renew pay ${s.id}.`,
          fr: `${s.id} n’a pas pu être renouvelé automatiquement : ${why.fr}. Le service a expiré et est suspendu ; il sera supprimé définitivement le ${end.fr} sauf renouvellement. ${mend.fr}, puis renouvelez-le avec /renew pay ${s.id}.`,
        },
      },
    };
  },
  async preview(tx, account, from, to) {
    const out: PreviewItem[] = [];
    for (const s of await servicesOf(tx, account)) {
      const r = s.renewal;
      if (!r || s.state !== 'active' || r.mode !== 'automatic') continue;
      const at = new Date(r.expiresAt);
      if (at < from || at > to) continue;
      const payer = await tx.accounts.get(s.contacts.billing);
      const block = payer ? paymentBlock(payer) : 'none';
      if (!block) continue;
      const why = block === 'no-default'
        ? { en: 'no payment method is the default', fr: 'aucun moyen de paiement n’est défini par défaut' }
        : { en: 'no usable payment method', fr: 'aucun moyen de paiement utilisable' };
      out.push({ at: r.expiresAt, type: 'renewal', what: { en: `${s.id}: automatic renewal will fail (${why.en})`, fr: `${s.id} : le renouvellement automatique échouera (${why.fr})` } });
    }
    return out;
  },
};
