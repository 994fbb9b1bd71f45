import { z } from 'zod';
import { requireRole } from './access.js';
import { flag, rest } from '../core/args.js';
import { defineCommand, type CommandContext, type CommandFamily } from '../core/command.js';
import { formatDate } from '../core/i18n.js';
import { fields, isRefusal, refuse, reply, table, text, type Reply } from '../core/reply.js';
import { formatMoney } from '../domain/money.js';
import { expiryTextIn, type Expiring } from '../domain/renewal.js';
import type { RenewalMode, Service, ServiceSummary } from '../domain/service.js';
import { deleteNow } from './renew.delete.js';
import { payPrompt } from './renew.pay-prompt.js';
import { modeName, optionalServiceArg, renewalService, requireBeforeExpiry, serviceArg } from './renew.shared.js';

const stateNames = { active: { en: 'active', fr: 'actif' }, expired: { en: 'expired', fr: 'expiré' }, deleted: { en: 'deleted', fr: 'supprimé' } };

/** The expiry in words (`3 Dec 2026 (in 10 day(s))`, or `expired 2 day(s) ago …, deleted on …` when suspended). */
const whenText = (ctx: CommandContext, s: Expiring) => expiryTextIn(s, ctx.now, ctx.config, ctx.locale);

/** Earliest expiry first; expiries are canonical ISO instants (one length, UTC), so code-unit order is time order (no locale collation). */
const byExpiry = (a: ServiceSummary, b: ServiceSummary) => (a.renewal!.expiresAt < b.renewal!.expiresAt ? -1 : a.renewal!.expiresAt > b.renewal!.expiresAt ? 1 : 0);

function describe(ctx: CommandContext, s: Service): Reply {
  const r = s.renewal!;
  return reply([
    fields([
      { label: ctx.t({ en: 'Service', fr: 'Service' }), value: `${s.id}${s.displayName && s.displayName !== s.id ? ` (${s.displayName})` : ''}` },
      { label: ctx.t({ en: 'State', fr: 'État' }), value: ctx.t(stateNames[s.state]) },
      { label: ctx.t({ en: 'Renewal mode', fr: 'Mode de renouvellement' }), value: modeName(r.mode, ctx) },
      ...(r.mode === 'cancel' ? [{ label: ctx.t({ en: 'Reason', fr: 'Motif' }), value: r.cancelReason ?? '—' }] : []),
      { label: ctx.t({ en: 'Expiry', fr: 'Échéance' }), value: whenText(ctx, s) },
      { label: ctx.t({ en: 'Period', fr: 'Période' }), value: ctx.t({ en: `${r.periodMonths} month(s)`, fr: `${r.periodMonths} mois` }) },
    ]),
  ], { title: ctx.t({ en: `Renewal of ${s.id}`, fr: `Renouvellement de ${s.id}` }) });
}

const status = defineCommand({
  name: 'status',
  readOnly: true,
  summary: { en: 'Renewal mode and expiry of your services', fr: 'Mode de renouvellement et échéance de vos services' },
  args: z.object({ service: optionalServiceArg() }),
  access: 'linked',
  examples: ['status', 'status vps-demo-1'],
  async run(ctx, args) {
    if (args.service) {
      const s = await renewalService(ctx, args.service);
      if (isRefusal(s)) return s;
      return requireRole(ctx, s, ['admin', 'billing', 'tech']) ?? describe(ctx, s);
    }
    // Summaries (kept with the contact index): the list shows nothing else of a service, so reads none.
    const mine = await ctx.provider.services.summariesForContact(ctx.account!.id, 200);
    const unique = mine.filter((s) => s.renewal && s.state !== 'deleted').sort(byExpiry);
    if (unique.length === 0) return reply([text(ctx.t({ en: 'None of your services renews by period.', fr: 'Aucun de vos services ne se renouvelle par période.' }))]);
    return reply([
      table(
        [ctx.t({ en: 'Service', fr: 'Service' }), ctx.t({ en: 'State', fr: 'État' }), ctx.t({ en: 'Mode', fr: 'Mode' }), ctx.t({ en: 'Expiry', fr: 'Échéance' })],
        unique.map((s) => [s.id, ctx.t(stateNames[s.state]), modeName(s.renewal!.mode, ctx), whenText(ctx, s)]),
      ),
    ], { title: ctx.t({ en: 'Renewals', fr: 'Renouvellements' }) });
  },
});

async function setMode(ctx: CommandContext, typed: string | undefined, mode: RenewalMode, reason: string | null): Promise<Reply | ReturnType<typeof refuse>> {
  const s = await renewalService(ctx, typed);
  if (isRefusal(s)) return s;
  const denied = requireRole(ctx, s, ['admin']) ?? requireBeforeExpiry(ctx, s);
  if (denied) return denied;
  const r = s.renewal!;
  if (r.mode === mode && r.cancelReason === reason) {
    return reply([text(ctx.t({ en: `${s.id} already renews in mode “${modeName(mode, ctx)}”. Nothing changed.`, fr: `${s.id} est déjà en mode « ${modeName(mode, ctx)} ». Rien n’a changé.` }))]);
  }
  const changed = await ctx.provider.services.setRenewal(s, mode, reason);
  if (isRefusal(changed)) return changed;
  ctx.audit('renew.mode', s.id, { from: r.mode, to: mode });
  const when = formatDate(new Date(r.expiresAt), ctx.locale, ctx.config.timeZone);
  const after = {
    automatic: { en: `It will be renewed on ${when} with the default payment method.`, fr: `Il sera renouvelé le ${when} avec le moyen de paiement par défaut.` },
    manual: { en: `Reminders will come before ${when}; renew with /renew pay ${s.id}, or it is deleted at expiry.`, fr: `Des rappels arriveront avant le ${when} ; renouvelez avec /renew pay ${s.id}, sinon il sera supprimé à l’échéance.` },
    cancel: { en: `It will be deleted permanently on ${when}. Until then you can switch back with /renew manual ${s.id} or /renew auto ${s.id}.`, fr: `Il sera supprimé définitivement le ${when}. D’ici là, vous pouvez revenir en arrière avec /renew manual ${s.id} ou /renew auto ${s.id}.` },
  }[mode];
  return reply([text(`${ctx.t({ en: `${s.id} now renews in mode “${modeName(mode, ctx)}”.`, fr: `${s.id} est maintenant en mode « ${modeName(mode, ctx)} ».` })} ${ctx.t(after)}`)], { tone: 'success' });
}

const manual = defineCommand({
  name: 'manual',
  summary: { en: 'Renew a service manually (you pay each period)', fr: 'Renouveler un service manuellement (vous payez chaque période)' },
  args: z.object({ service: optionalServiceArg() }),
  access: 'linked',
  examples: ['manual vps-demo-1'],
  run: (ctx, args) => setMode(ctx, args.service, 'manual', null),
});

const auto = defineCommand({
  name: 'auto',
  summary: { en: 'Renew a service automatically with the default payment method', fr: 'Renouveler un service automatiquement avec le moyen de paiement par défaut' },
  args: z.object({ service: optionalServiceArg() }),
  access: 'linked',
  examples: ['auto vps-demo-1'],
  run: (ctx, args) => setMode(ctx, args.service, 'automatic', null),
});

const cancel = defineCommand({
  name: 'cancel',
  summary: { en: 'Terminate a service at expiry, giving the reason', fr: 'Résilier un service à l’échéance, en donnant le motif' },
  args: z.object({
    service: serviceArg(),
    reason: rest(z.string().trim().min(3, 'give a reason of at least 3 characters').max(500), {
      placeholder: 'REASON',
      description: { en: 'why you terminate it', fr: 'pourquoi vous le résiliez' },
    }),
  }),
  access: 'linked',
  examples: ['cancel hosting-demo moving the site elsewhere'],
  run: (ctx, args) => setMode(ctx, args.service, 'cancel', args.reason),
});

const pay = defineCommand({
  name: 'pay',
  summary: { en: 'Show the price of one more period of a service, then order and pay it (--yes)', fr: 'Afficher le prix d’une période de plus d’un service, puis la commander et la payer (--yes)' },
  args: z.object({ service: optionalServiceArg(), yes: flag({ en: 'confirm the payment (otherwise the price is shown first)', fr: 'confirmer le paiement (sinon le prix est d’abord affiché)' }) }),
  access: 'linked',
  examples: ['pay vps-demo-1', 'pay vps-demo-1 --yes'],
  async run(ctx, args) {
    const s = await renewalService(ctx, args.service);
    if (isRefusal(s)) return s;
    const denied = requireRole(ctx, s, ['admin', 'billing']);
    if (denied) return denied;
    if (s.renewal!.mode === 'cancel') {
      return refuse('RENEW.CANCELLED', {
        en: `${s.id} is set to terminate at expiry. Switch back first with /renew manual ${s.id}, then pay.`,
        fr: `${s.id} est en résiliation à l’échéance. Revenez d’abord en /renew manual ${s.id}, puis payez.`,
      });
    }
    const payer = ctx.account!;
    if (!args.yes) return payPrompt(ctx, s, payer);
    const renewed = await ctx.provider.services.renew(s, payer);
    if (isRefusal(renewed)) return renewed;
    const paid = renewed;
    const until = formatDate(new Date(renewed.expiresAt), ctx.locale, ctx.config.timeZone);
    const total = formatMoney(paid.order.totalInclMinor, paid.order.currency, ctx.locale);
    ctx.audit('renew.pay', s.id, { order: paid.order.id, until: renewed.expiresAt });
    await ctx.notify(payer.id, {
      subject: { en: `Order ${paid.order.id}: renewal of ${s.id}`, fr: `Commande ${paid.order.id} : renouvellement de ${s.id}` },
      body: { en: `Order ${paid.order.id} (${formatMoney(paid.order.totalInclMinor, paid.order.currency, 'en')} incl. tax) was paid; ${s.id} now expires on ${formatDate(new Date(renewed.expiresAt), 'en', ctx.config.timeZone)}.`, fr: `La commande ${paid.order.id} (${formatMoney(paid.order.totalInclMinor, paid.order.currency, 'fr')} TTC) a été payée ; ${s.id} expire désormais le ${formatDate(new Date(renewed.expiresAt), 'fr', ctx.config.timeZone)}.` },
    });
    return reply([text(ctx.t({
      en: `Order ${paid.order.id} paid (${total} incl. tax, ${s.renewal!.periodMonths} month(s)). ${s.id} now expires on ${until}.`,
      fr: `Commande ${paid.order.id} payée (${total} TTC, ${s.renewal!.periodMonths} mois). ${s.id} expire désormais le ${until}.`,
    }))], { tone: 'success' });
  },
});

/** `/renew`: renewal modes, paying a period, immediate deletion. */
export const renewFamily: CommandFamily = {
  name: 'renew',
  summary: { en: 'Renewal of your services: mode, payment, termination, deletion', fr: 'Renouvellement de vos services : mode, paiement, résiliation, suppression' },
  commands: [status, manual, auto, cancel, pay, deleteNow],
};
