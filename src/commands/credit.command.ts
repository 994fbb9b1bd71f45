import { z } from 'zod';
import { option } from '../core/args.js';
import { defineCommand, type CommandFamily } from '../core/command.js';
import { isRefusal, reply, fields, table, text } from '../core/reply.js';
import { CREDIT_VALIDITY_MONTHS } from '../domain/wallet.js';
import { amountArg, amountIn } from './amount.arg.js';
import { chart } from './credit.chart.js';
import { projectArg, resolveProject } from './project-access.js';
import { entryColumns, entryRow, money, moneyBoth, rateText } from './wallet.view.js';

/** Terms of cloud credit (guide 002), stated at every purchase. */
export const CREDIT_TERMS = {
  en: `Terms: cloud credit cannot be transferred or refunded and has no monetary value; credit unused ${CREDIT_VALIDITY_MONTHS} months after its purchase is lost.`,
  fr: `Conditions : le crédit cloud ne peut être ni transféré ni remboursé et n’a aucune valeur monétaire ; le crédit non utilisé ${CREDIT_VALIDITY_MONTHS} mois après son achat est perdu.`,
};

const buy = defineCommand({
  name: 'buy',
  summary: { en: 'Generate a purchase order for cloud credit', fr: 'Générer un bon de commande de crédit cloud' },
  args: z.object({ amount: amountArg(), project: projectArg }),
  access: 'linked',
  examples: ['buy 100 pc-demo', 'buy 1 000,00 EUR pc-demo'],
  async run(ctx, args) {
    const project = await resolveProject(ctx, args.project, ['admin', 'billing']);
    if (isRefusal(project)) return project;
    const amount = amountIn(ctx, args.amount, ctx.account!.currency);
    if (isRefusal(amount)) return amount;
    const order = await ctx.provider.wallet.orderCredit(project, amount);
    if (isRefusal(order)) return order;
    ctx.audit('credit.buy', order.id, { project: project.id, amountMinor: amount, currency: order.currency });
    const total = moneyBoth(order.totalInclMinor, order.currency);
    const pay = ctx.offer({ label: { en: `Pay ${total.en}`, fr: `Payer ${total.fr}` }, command: `orders pay ${order.id}`, ttlMinutes: 7 * 24 * 60 });
    const c = order.currency;
    return reply(
      [
        text(ctx.t({
          en: `Purchase order ${order.id} generated for credit on ${project.id}. It is awaiting payment.`,
          fr: `Bon de commande ${order.id} généré pour du crédit sur ${project.id}. Il est en attente de paiement.`,
        })),
        fields([
          { label: ctx.t({ en: 'Amount excl. tax', fr: 'Montant HT' }), value: money(ctx, order.totalExclMinor, c) },
          { label: ctx.t({ en: `Tax (${rateText(ctx, order.taxRateBp)})`, fr: `TVA (${rateText(ctx, order.taxRateBp)})` }), value: money(ctx, order.taxMinor, c) },
          { label: ctx.t({ en: 'Total incl. tax', fr: 'Total TTC' }), value: money(ctx, order.totalInclMinor, c) },
        ]),
        text(ctx.t({
          en: `Once paid, a credit of ${money(ctx, amount, c)} appears in /credit list ${project.id}. Pay with the button or type /orders pay ${order.id}.`,
          fr: `Une fois payé, un crédit de ${money(ctx, amount, c)} apparaît dans /credit list ${project.id}. Payez avec le bouton ou tapez /orders pay ${order.id}.`,
        })),
        text(ctx.t(CREDIT_TERMS)),
      ],
      { title: ctx.t({ en: `Order ${order.id}`, fr: `Commande ${order.id}` }), tone: 'success', actions: [pay] },
    );
  },
});

const PAGE_SIZE = 10;

const list = defineCommand({
  name: 'list',
  readOnly: true,
  summary: { en: 'Credits and vouchers of a project, in the order they are used, with totals', fr: 'Crédits et vouchers d’un projet, dans l’ordre d’utilisation, avec les totaux' },
  args: z.object({
    project: projectArg,
    page: option(z.coerce.number({ error: 'a page number such as 2' }).int('a whole page number such as 2').min(1, 'pages start at 1').max(100_000, 'at most page 100000').default(1), {
      placeholder: 'N',
      type: 'integer',
      description: { en: 'page of finished entries (10 per page, newest first)', fr: 'page des entrées terminées (10 par page, les plus récentes d’abord)' },
    }),
  }),
  access: 'linked',
  examples: ['list pc-demo', 'list pc-demo page=2'],
  async run(ctx, args) {
    const project = await resolveProject(ctx, args.project, ['admin', 'billing', 'tech']);
    if (isRefusal(project)) return project;
    const statement = await ctx.provider.wallet.statement(project, args.page, PAGE_SIZE);
    const c = statement.currency;
    const active = statement.active;
    const finished = statement.finished;
    const finishedTotal = statement.finishedTotal;
    const end = args.page * PAGE_SIZE;
    const pages = Math.max(1, Math.ceil(finishedTotal / PAGE_SIZE));
    const sections = [];
    if (args.page === 1) {
      sections.push(active.length
        ? table(entryColumns(ctx), active.map((e, i) => entryRow(ctx, e, String(i + 1))))
        : text(ctx.t({ en: 'No active credit or voucher.', fr: 'Aucun crédit ni voucher actif.' })));
    }
    if (finished.length) {
      sections.push(text(ctx.t({ en: `Finished (page ${args.page}/${pages}, newest first):`, fr: `Terminés (page ${args.page}/${pages}, les plus récents d’abord) :` })));
      sections.push(table(entryColumns(ctx), finished.map((e) => entryRow(ctx, e, ''))));
    } else if (args.page > 1) {
      sections.push(text(ctx.t({ en: `There is no page ${args.page}: ${pages} page(s).`, fr: `Il n’y a pas de page ${args.page} : ${pages} page(s).` })));
    }
    const vouchers = active.filter((e) => e.kind === 'voucher').reduce((s, e) => s + e.balanceMinor, 0);
    const credit = active.filter((e) => e.kind === 'credit').reduce((s, e) => s + e.balanceMinor, 0);
    const t = statement.totals;
    sections.push(fields([
      { label: ctx.t({ en: 'Available', fr: 'Disponible' }), value: `${money(ctx, vouchers + credit, c)} (${ctx.t({ en: 'vouchers', fr: 'vouchers' })} ${money(ctx, vouchers, c)}, ${ctx.t({ en: 'credit', fr: 'crédit' })} ${money(ctx, credit, c)})` },
      ...(t ? [
      { label: ctx.t({ en: 'Added in total', fr: 'Total ajouté' }), value: money(ctx, t.addedMinor, c) },
      { label: ctx.t({ en: 'Used by consumption', fr: 'Utilisé par la consommation' }), value: money(ctx, t.usedMinor, c) },
      { label: ctx.t({ en: 'Lost at expiry', fr: 'Perdu à l’expiration' }), value: money(ctx, t.expiredMinor, c) },
      { label: ctx.t({ en: 'Consumption recorded', fr: 'Consommation enregistrée' }), value: money(ctx, t.consumedMinor, c) },
      { label: ctx.t({ en: 'Paid by payment method', fr: 'Payé par moyen de paiement' }), value: money(ctx, t.paidByMethodMinor, c) },
      { label: ctx.t({ en: 'Unpaid', fr: 'Impayé' }), value: money(ctx, t.unpaidMinor, c) },
      ] : []),
    ]));
    if (args.page < pages && finishedTotal > end) {
      sections.push(text(ctx.t({ en: `More: /credit list ${project.id} page=${args.page + 1}`, fr: `Suite : /credit list ${project.id} page=${args.page + 1}` })));
    }
    return reply(sections, { title: ctx.t({ en: `Credits & vouchers — ${project.id}`, fr: `Crédits & vouchers — ${project.id}` }) });
  },
});

/** `/credit`: buy cloud credit, list credits and vouchers. */
export const creditFamily: CommandFamily = {
  name: 'credit',
  summary: { en: 'Public Cloud credit: buy, list credits and vouchers, chart them', fr: 'Crédit Public Cloud : acheter, lister crédits et vouchers, en graphique' },
  commands: [buy, list, chart],
};
