import { z } from 'zod';
import { positional } from '../core/args.js';
import { defineCommand, type CommandContext, type CommandFamily } from '../core/command.js';
import { formatDateTime } from '../core/i18n.js';
import { fields, headed, reply, table, text } from '../core/reply.js';
import type { AccountCheck, AccountFinding } from '../domain/account-checks.js';
import { AUDIT_CHECKS, CLOSURE_CHECKS } from './account.checks.js';
import { CONNECT_COMMANDS } from './account.connect.js';
import { overviewCommand } from './account.overview.js';

/** Reads the account's facts once, then runs every check on them. */
async function runChecks(ctx: CommandContext, checks: readonly AccountCheck[]): Promise<AccountFinding[]> {
  const facts = await ctx.provider.account.facts();
  return checks.flatMap((check) => check(facts, ctx.now, ctx.config));
}

const profile = defineCommand({
  name: '',
  readOnly: true,
  summary: { en: 'Your account profile', fr: 'Le profil de votre compte' },
  args: z.object({}),
  access: 'linked',
  async run(ctx) {
    const a = await ctx.provider.account.profile();
    const yes = ctx.t({ en: 'yes', fr: 'oui' });
    const no = ctx.t({ en: 'no', fr: 'non' });
    const methods = a.paymentMethods.map((m) => `${m.label}${m.default ? ' ★' : ''}`).join(', ') || ctx.t({ en: 'none', fr: 'aucun' });
    const links = await ctx.tx.links.listForAccount(a.id);
    return reply(
      [
        fields([
          { label: ctx.t({ en: 'Customer ID', fr: 'Identifiant client' }), value: a.id },
          { label: ctx.t({ en: 'Name', fr: 'Nom' }), value: a.name || '—' },
          { label: ctx.t({ en: 'Subsidiary', fr: 'Filiale' }), value: a.subsidiary },
          { label: ctx.t({ en: 'Currency', fr: 'Devise' }), value: a.currency },
          { label: ctx.t({ en: 'Language', fr: 'Langue' }), value: a.locale },
          { label: ctx.t({ en: 'E-mail', fr: 'E-mail' }), value: a.email ?? '—', personal: true },
          { label: ctx.t({ en: 'Backup e-mail', fr: 'E-mail de secours' }), value: a.backupEmail ?? '—', personal: true },
          { label: ctx.t({ en: 'Two-factor authentication', fr: 'Double authentification' }), value: a.twoFactor ? yes : no },
          { label: ctx.t({ en: 'Payment methods', fr: 'Moyens de paiement' }), value: methods, personal: true },
          { label: ctx.t({ en: 'Linked chat users', fr: 'Utilisateurs de chat liés' }), value: String(links.length) },
        ]),
      ],
      { title: ctx.t({ en: `Account ${a.id}`, fr: `Compte ${a.id}` }) },
    );
  },
});

const emails = defineCommand({
  name: 'emails',
  readOnly: true,
  summary: { en: 'Your service e-mails (notices, confirmation tokens), newest first', fr: 'Vos e-mails de service (avis, codes de confirmation), les plus récents d’abord' },
  args: z.object({
    count: positional(z.coerce.number().int().min(1).max(50).optional(), {
      placeholder: 'N',
      type: 'integer',
      description: { en: 'how many to show (1–50, default 10)', fr: 'combien en afficher (1–50, 10 par défaut)' },
    }),
  }),
  access: 'linked',
  privateOnly: true,
  async run(ctx, args) {
    const mails = await ctx.provider.account.mails(args.count ?? 10);
    if (mails.length === 0) return reply([text(ctx.t({ en: 'No service e-mail yet.', fr: 'Aucun e-mail de service pour l’instant.' }))]);
    return reply(
      mails.map((m) => headed(`${m.subject} — ${formatDateTime(new Date(m.at), ctx.locale, ctx.config.timeZone)}`, m.body)),
      { title: ctx.t({ en: 'Service e-mails', fr: 'E-mails de service' }) },
    );
  },
});

const audit = defineCommand({
  name: 'audit',
  readOnly: true,
  summary: { en: 'Check your account against billing best practices', fr: 'Vérifier votre compte selon les bonnes pratiques de facturation' },
  args: z.object({}),
  access: 'linked',
  async run(ctx) {
    const findings = await runChecks(ctx, AUDIT_CHECKS);
    const bad = findings.filter((f) => !f.ok);
    const rows = findings.map((f) => `${f.ok ? '✅' : '⚠️'} ${ctx.t(f.label)}${!f.ok && f.advice ? `\n    → ${ctx.t(f.advice)}` : ''}`);
    const summary = bad.length === 0
      ? ctx.t({ en: 'Everything looks good.', fr: 'Tout est en ordre.' })
      : ctx.t({ en: `${bad.length} point(s) need your attention.`, fr: `${bad.length} point(s) demandent votre attention.` });
    return reply([text(rows.join('\n')), text(summary)], {
      title: ctx.t({ en: `Audit of ${ctx.account!.id}`, fr: `Audit de ${ctx.account!.id}` }),
      tone: bad.length ? 'warning' : 'success',
    });
  },
});

const close = defineCommand({
  name: 'close',
  readOnly: true,
  summary: { en: 'Check whether your account can be closed, and what blocks it', fr: 'Vérifier si votre compte peut être fermé, et ce qui l’en empêche' },
  args: z.object({}),
  access: 'linked',
  async run(ctx) {
    const findings = await runChecks(ctx, CLOSURE_CHECKS);
    const blockers = findings.filter((f) => !f.ok);
    if (blockers.length === 0) {
      return reply([text(ctx.t({
        en: 'Nothing blocks the closure of your account: no active service, no unpaid bill, no order in progress. Ask for the closure from the control panel (My account › Close my account).',
        fr: 'Rien n’empêche la fermeture de votre compte : aucun service actif, aucune facture impayée, aucune commande en cours. Demandez la fermeture depuis l’espace client (Mon compte › Fermer mon compte).',
      }))], { tone: 'success' });
    }
    return reply([
      text(ctx.t({ en: 'Your account cannot be closed yet:', fr: 'Votre compte ne peut pas encore être fermé :' })),
      table([ctx.t({ en: 'Blocker', fr: 'Blocage' }), ctx.t({ en: 'What to do', fr: 'Que faire' })], blockers.map((b) => [ctx.t(b.label), b.advice ? ctx.t(b.advice) : ''])),
    ], { tone: 'warning', code: 'ACCOUNT.CLOSE_BLOCKED' });
  },
});

/** `/account`: profile, overview, service e-mails, best-practice audit, closure check. */
export const accountFamily: CommandFamily = {
  name: 'account',
  summary: { en: 'Your account: profile, overview, service e-mails, audit, closure check', fr: 'Votre compte : profil, vue d’ensemble, e-mails de service, audit, fermeture' },
  commands: [profile, overviewCommand, emails, audit, close, ...CONNECT_COMMANDS],
};
