import { daysBefore, graceEndsAt, graceEndText } from '../domain/renewal.js';
import { concernedAccounts } from '../domain/service.js';
import type { PreviewItem, ReminderSource } from './job-registry.js';
import { servicesOf, thresholdPlan, thresholdsOf } from './renewal-reminders.js';
import { serviceOwner } from '../flows/schedule.js';

/** Reminders before a suspended service is deleted at the end of its grace period (threshold set `grace`: 7, 1 days before). */
export const graceReminder: ReminderSource = {
  type: 'renewal',
  ownerOf: (e) => serviceOwner(e.ref),
  async compose(tx, entry, ctx) {
    const s = await tx.services.get(entry.ref);
    if (!s?.renewal || s.state !== 'expired') return { kind: 'drop' };
    const endsAt = graceEndsAt(s, ctx.config.graceDays);
    if (ctx.now >= new Date(endsAt)) return { kind: 'drop' };
    const plan = thresholdPlan(endsAt, thresholdsOf(ctx, 'grace'), ctx.now);
    if (plan.reached === undefined) return plan.next ? { kind: 'wait', at: plan.next } : { kind: 'drop' };
    const end = graceEndText(s, ctx.now, ctx.config);
    return {
      kind: 'send',
      id: `grace:${s.id}:${s.renewal.expiresAt}:${plan.reached}`,
      accounts: concernedAccounts(s),
      label: `grace ${s.id} (${plan.reached} d)`,
      message: {
        subject: { en: `Suspended service to be deleted: ${s.id}`, fr: `Service suspendu bientôt supprimé : ${s.id}` },
        body: {
          en: `${s.id} is suspended since its automatic renewal failed, and will be deleted permanently on ${end.en} (${end.left.en}). To keep it, renew it now with /renew pay ${s.id} (add a payment method in the control panel first if needed).`,
          fr: `${s.id} est suspendu depuis l’échec de son renouvellement automatique et sera supprimé définitivement le ${end.fr} (${end.left.fr}). Pour le garder, renouvelez-le maintenant avec /renew pay ${s.id} (ajoutez d’abord un moyen de paiement dans l’espace client si besoin).`,
        },
      },
      ...(plan.next ? { next: plan.next } : {}),
    };
  },
  async preview(tx, account, from, to, ctx) {
    const out: PreviewItem[] = [];
    const thresholds = thresholdsOf(ctx, 'grace');
    for (const s of await servicesOf(tx, account)) {
      if (!s.renewal || s.state !== 'expired') continue;
      const endsAt = graceEndsAt(s, ctx.config.graceDays);
      const times = thresholds.map((d) => ({ d, at: new Date(daysBefore(endsAt, d)) })).filter((x) => x.at > from && x.at <= to);
      const now = thresholdPlan(endsAt, thresholds, from);
      if (now.reached !== undefined && from < new Date(endsAt) && (await tx.reminders.marks(`grace:${s.id}:${s.renewal.expiresAt}:${now.reached}`)).length === 0) {
        times.unshift({ d: now.reached, at: from });
      }
      for (const t of times) out.push({ at: t.at.toISOString(), type: 'renewal', what: { en: `${s.id} is deleted at the end of its grace period (${t.d} day(s) before)`, fr: `${s.id} est supprimé à la fin de son délai de grâce (${t.d} jour(s) avant)` } });
    }
    return out;
  },
};
