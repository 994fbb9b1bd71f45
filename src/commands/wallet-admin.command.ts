import { z } from 'zod';
import { option, positional } from '../core/args.js';
import { defineCommand, type CommandSpec } from '../core/command.js';
import { fields, isRefusal, refuse, reply, table, text } from '../core/reply.js';
import { shortId } from '../domain/ids.js';
import { checkVoucherTerms, voucherAmount, voucherCodeSchema } from '../domain/voucher.js';
import { minorDigits } from '../domain/money.js';
import { WalletBook } from '../flows/wallet-book.js';
import { chargeProject } from '../jobs/consumption-notice.js';
import { isCurrencyWord, parseAmount } from '../domain/amount.js';
import { amountArg, amountIn } from './amount.arg.js';
import { day, money } from './wallet.view.js';

/** Refusal of ledger-only operator commands when the provider keeps the books (OVHcloud bills and issues vouchers itself). */
function providerKeepsBooks() {
  return refuse('ADMIN.PROVIDER_KEEPS_BOOKS', {
    en: 'The cloud provider keeps the books in this deployment (GUICHET_PROVIDER=ovhcloud): it issues vouchers and bills consumption itself. Use its control panel for this.',
    fr: 'Le fournisseur cloud tient les comptes dans ce déploiement (GUICHET_PROVIDER=ovhcloud) : il émet les vouchers et facture la consommation lui-même. Utilisez son espace client pour cela.',
  });
}

const issue = defineCommand({
  name: 'admin voucher issue',
  summary: { en: 'Issue a voucher code (operators)', fr: 'Émettre un code voucher (opérateurs)' },
  args: z.object({
    code: positional(voucherCodeSchema(), { placeholder: 'CODE', description: { en: 'the code, e.g. SPRING-25', fr: 'le code, par ex. SPRING-25' } }),
    amount: amountArg(false),
    currency: positional(z.string().trim().refine((c) => /^[a-z]{3}$/i.test(c) && isCurrencyWord(c), 'an ISO currency code such as EUR or GBP').transform((c) => c.toUpperCase()), {
      placeholder: 'CURRENCY',
      description: { en: 'ISO currency code, e.g. EUR', fr: 'code de devise ISO, par ex. EUR' },
    }),
    days: option(z.coerce.number({ error: 'a number of days such as 90' }).int('a whole number of days').default(90), {
      placeholder: 'N',
      type: 'integer',
      description: { en: 'days the balance is usable after activation (default 90)', fr: 'jours d’utilisation du solde après activation (90 par défaut)' },
    }),
    subsidiary: option(z.string().trim().regex(/^[a-z]{2}$/i, 'two letters such as FR or GB').transform((s) => s.toUpperCase()).optional(), {
      placeholder: 'XX',
      description: { en: 'only projects of this subsidiary may activate it', fr: 'seuls les projets de cette filiale peuvent l’activer' },
    }),
    until: option(z.iso.date('a date such as 2027-06-30').optional(), {
      placeholder: 'YYYY-MM-DD',
      description: { en: 'last day the code may be activated (default: no limit)', fr: 'dernier jour où le code peut être activé (par défaut : sans limite)' },
    }),
  }),
  access: 'operator',
  examples: ['admin voucher issue SPRING-25 25 EUR days=60 subsidiary=FR'],
  async run(ctx, args) {
    if (!ctx.provider.keepsBooks) return providerKeepsBooks();
    if (await ctx.tx.vouchers.get(args.code)) {
      return refuse('VOUCHER.EXISTS', { en: `Voucher ${args.code} already exists; choose another code.`, fr: `Le voucher ${args.code} existe déjà ; choisissez un autre code.` });
    }
    const terms = checkVoucherTerms({ days: args.days, subsidiary: args.subsidiary }, Object.keys(ctx.config.taxRates));
    if (terms) return terms;
    const maxText = String(Math.floor(ctx.config.creditMaxMinor / 10 ** minorDigits(args.currency)));
    const amount = voucherAmount(parseAmount(args.amount, { currency: args.currency, maxMinor: ctx.config.creditMaxMinor }), maxText, args.currency);
    if (isRefusal(amount)) return amount;
    const expiresAt = args.until ? new Date(`${args.until}T23:59:59.999Z`).toISOString() : null;
    if (expiresAt && new Date(expiresAt) <= ctx.now) {
      return refuse('VOUCHER.UNTIL_PAST', { en: `until=${args.until} is already past; give a later date.`, fr: `until=${args.until} est déjà passé ; donnez une date ultérieure.` });
    }
    ctx.tx.vouchers.put({
      code: args.code, amountMinor: amount, currency: args.currency, subsidiary: args.subsidiary ?? null, validityDays: args.days,
      expiresAt, issuedAt: ctx.now.toISOString(), issuedBy: ctx.chatUser, activatedOn: null, activatedAt: null, activatedBy: null,
    });
    ctx.audit('admin.voucher.issue', args.code, { amountMinor: amount, currency: args.currency, subsidiary: args.subsidiary ?? null, days: args.days });
    return reply([
      text(ctx.t({ en: `Voucher ${args.code} issued.`, fr: `Voucher ${args.code} émis.` })),
      fields([
        { label: ctx.t({ en: 'Amount', fr: 'Montant' }), value: money(ctx, amount, args.currency) },
        { label: ctx.t({ en: 'Subsidiary', fr: 'Filiale' }), value: args.subsidiary ?? ctx.t({ en: 'any', fr: 'toutes' }) },
        { label: ctx.t({ en: 'Validity after activation', fr: 'Validité après activation' }), value: ctx.t({ en: `${args.days} days`, fr: `${args.days} jours` }) },
        { label: ctx.t({ en: 'Activate before', fr: 'À activer avant' }), value: expiresAt ? day(ctx, expiresAt) : '—' },
      ]),
    ], { tone: 'success' });
  },
});

const charge = defineCommand({
  name: 'admin charge',
  summary: { en: 'Record Public Cloud consumption on a project (operators)', fr: 'Enregistrer de la consommation Public Cloud sur un projet (opérateurs)' },
  args: z.object({
    project: positional(z.string().trim().min(1).max(128), { placeholder: 'PROJECT', complete: 'project', description: { en: 'the Public Cloud project', fr: 'le projet Public Cloud' } }),
    amount: amountArg(),
  }),
  access: 'operator',
  examples: ['admin charge pc-demo 120'],
  async run(ctx, args) {
    if (!ctx.provider.keepsBooks) return providerKeepsBooks();
    const project = await ctx.tx.services.get(args.project.toLowerCase());
    if (!project || project.state === 'deleted' || project.kind !== 'public-cloud-project') {
      return refuse('SERVICE.NOT_A_PROJECT', { en: `There is no Public Cloud project ${args.project.slice(0, 60)}.`, fr: `Aucun projet Public Cloud nommé ${args.project.slice(0, 60)}.` });
    }
    const book = await WalletBook.open(ctx.tx, project, ctx.now);
    const c = book.wallet.currency;
    const amount = amountIn(ctx, args.amount, c);
    if (isRefusal(amount)) return amount;
    const { movement: mv, method } = await chargeProject(ctx, project, book, amount, { id: shortId('MV', 8), by: ctx.chatUser });
    ctx.audit('admin.charge', project.id, { amountMinor: amount, currency: c, billedTo: mv.billedTo, fromEntriesMinor: amount - mv.paidByMethodMinor - mv.unpaidMinor, byMethodMinor: mv.paidByMethodMinor, unpaidMinor: mv.unpaidMinor });
    const rows = mv.paidFrom.map((p) => [`${p.kind === 'voucher' ? 'voucher' : ctx.t({ en: 'credit', fr: 'crédit' })} ${p.entryId.replace(/^(V|CR)-/, '')}`, money(ctx, p.amountMinor, c)]);
    if (mv.paidByMethodMinor > 0) rows.push([ctx.t({ en: `payment method ${method?.label ?? ''}`, fr: `moyen de paiement ${method?.label ?? ''}` }), money(ctx, mv.paidByMethodMinor, c)]);
    if (mv.unpaidMinor > 0) rows.push([ctx.t({ en: `unpaid (bill on ${mv.billedTo})`, fr: `impayé (facture sur ${mv.billedTo})` }), money(ctx, mv.unpaidMinor, c)]);
    const left = book.wallet.entries.reduce((s, e) => s + e.balanceMinor, 0);
    return reply([
      text(ctx.t({ en: `Consumption of ${money(ctx, amount, c)} recorded on ${project.id}, billed to its billing contact ${mv.billedTo} and paid as follows:`, fr: `Consommation de ${money(ctx, amount, c)} enregistrée sur ${project.id}, facturée à son contact facturation ${mv.billedTo} et payée ainsi :` })),
      table([ctx.t({ en: 'Paid by', fr: 'Payé par' }), ctx.t({ en: 'Amount', fr: 'Montant' })], rows),
      text(ctx.t({ en: `Credits and vouchers left on ${project.id}: ${money(ctx, left, c)}.`, fr: `Crédits et vouchers restants sur ${project.id} : ${money(ctx, left, c)}.` })),
    ], { tone: mv.unpaidMinor > 0 ? 'warning' : 'success' });
  },
});

/** Operator commands of the wallet: issue vouchers, record consumption. */
export const WALLET_ADMIN_COMMANDS: readonly CommandSpec[] = [issue, charge];
