import { z } from 'zod';
import { option, positional } from '../core/args.js';
import { defineCommand, type CommandContext, type CommandFamily } from '../core/command.js';
import { formatDate, formatDateTime, type Localized } from '../core/i18n.js';
import { deny, fields, isRefusal, refuse, reply, table, text, type Refusal } from '../core/reply.js';
import type { Order, OrderState } from '../domain/order.js';
import { customerAction } from '../flows/order-flow.js';
import { rolesOf } from '../domain/service.js';
import { creditExpiry } from '../flows/credit-delivery.js';
import { day, money, moneyBoth, rateText } from './wallet.view.js';

const STATE_NAMES: Record<OrderState, Localized> = {
  'awaiting-payment': { en: 'awaiting payment', fr: 'en attente de paiement' },
  'payment-received': { en: 'payment received', fr: 'paiement reçu' },
  processing: { en: 'processing', fr: 'en cours de traitement' },
  delivered: { en: 'delivered', fr: 'livrée' },
  cancelled: { en: 'cancelled', fr: 'annulée' },
};

const orderArg = positional(z.string().trim().min(1).max(40), {
  placeholder: 'ORDER',
  complete: 'order',
  description: { en: 'the order ID, e.g. ORD-7K2M9QXA', fr: 'l’identifiant de commande, par ex. ORD-7K2M9QXA' },
});

/** The order if the caller's account placed it or is a contact of what it is for; "not found" otherwise. */
async function visibleOrder(ctx: CommandContext, typed: string): Promise<Order | Refusal> {
  const order = await ctx.provider.orders.get(typed);
  const me = ctx.account?.id;
  let visible = Boolean(order && me && order.account === me);
  for (const line of order && !visible ? order.lines : []) {
    const s = await ctx.provider.services.get(line.serviceId);
    if (s && me && rolesOf(s, me).length > 0) visible = true;
  }
  if (!order || !visible) {
    return refuse('ORDER.NOT_FOUND', {
      en: `You have no order ${typed.slice(0, 40)}. Type /orders to list yours.`,
      fr: `Vous n’avez aucune commande ${typed.slice(0, 40)}. Tapez /orders pour voir les vôtres.`,
    });
  }
  return order;
}

const when = (ctx: CommandContext, iso: string) => formatDateTime(new Date(iso), ctx.locale, ctx.config.timeZone);

const listOrders = defineCommand({
  name: '',
  readOnly: true,
  summary: { en: 'Your orders, newest first', fr: 'Vos commandes, les plus récentes d’abord' },
  args: z.object({
    before: option(z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,39}$/, 'the order ID printed after before= at the end of a page, e.g. ORD-7K2M9QXA').optional(), {
      placeholder: 'CURSOR',
      description: { en: 'continue the list (given at the end of a page)', fr: 'continuer la liste (indiqué en fin de page)' },
    }),
  }),
  access: 'linked',
  async run(ctx, args) {
    // The cursor is the last order of the previous page; one the account did not place is refused, never ignored.
    const from = args.before ? await ctx.provider.orders.get(args.before) : undefined;
    if (args.before && from?.account !== ctx.account!.id) {
      return refuse('ORDER.BAD_CURSOR', {
        en: `${args.before.slice(0, 20)} is not one of your orders: use the before= value printed at the end of a page, or type /orders for the newest.`,
        fr: `${args.before.slice(0, 20)} n’est pas une de vos commandes : utilisez la valeur before= indiquée en fin de page, ou tapez /orders pour les plus récentes.`,
      });
    }
    const page = await ctx.provider.orders.list(ctx.account!.id, from?.id, 15);
    if (page.items.length === 0) return reply([text(ctx.t({ en: 'No order.', fr: 'Aucune commande.' }))]);
    const rows = page.items.map((o) => [
      o.id,
      when(ctx, o.createdAt),
      money(ctx, o.totalInclMinor, o.currency),
      ctx.t(STATE_NAMES[o.state]),
      customerAction(o) ? ctx.t({ en: `pay: /orders pay ${o.id}`, fr: `payer : /orders pay ${o.id}` }) : '',
    ]);
    const sections = [
      table([ctx.t({ en: 'Order', fr: 'Commande' }), ctx.t({ en: 'Date', fr: 'Date' }), ctx.t({ en: 'Total incl. tax', fr: 'Total TTC' }), ctx.t({ en: 'State', fr: 'État' }), ctx.t({ en: 'To do', fr: 'À faire' })], rows),
    ];
    if (page.next) sections.push(text(ctx.t({ en: `More: /orders before=${page.next}`, fr: `Suite : /orders before=${page.next}` })));
    return reply(sections, { title: ctx.t({ en: `Orders of ${ctx.account!.id}`, fr: `Commandes de ${ctx.account!.id}` }) });
  },
});

const show = defineCommand({
  name: 'show',
  summary: { en: 'An order’s lines, totals, follow-up steps and what you must do', fr: 'Les lignes, totaux, étapes de suivi d’une commande et ce que vous devez faire' },
  args: z.object({ order: orderArg }),
  access: 'linked',
  async run(ctx, args) {
    const order = await visibleOrder(ctx, args.order);
    if (isRefusal(order)) return order;
    const c = order.currency;
    // Payment details are shown to the account that paid only, and never to a channel.
    const paidWith = order.account === ctx.account?.id ? await ctx.provider.orders.paidWithLabel(order) : undefined;
    const delivered = order.steps.find((s) => s.state === 'delivered');
    const lines = order.lines.map((l) => {
      const expires = delivered && day(ctx, creditExpiry(new Date(delivered.at), ctx.config.timeZone).toISOString());
      const extra = l.kind === 'cloud-credit' && expires ? ctx.t({ en: ` — credit added, expires ${expires}`, fr: ` — crédit ajouté, expire le ${expires}` }) : '';
      return [`${l.description}${extra}`, money(ctx, l.amountMinor, c)];
    });
    const action = customerAction(order);
    const sections = [
      fields([
        { label: ctx.t({ en: 'Date', fr: 'Date' }), value: when(ctx, order.createdAt) },
        { label: ctx.t({ en: 'Account', fr: 'Compte' }), value: order.account, personal: true },
        { label: ctx.t({ en: 'State', fr: 'État' }), value: ctx.t(STATE_NAMES[order.state]) },
        { label: ctx.t({ en: 'Amount excl. tax', fr: 'Montant HT' }), value: money(ctx, order.totalExclMinor, c) },
        { label: ctx.t({ en: `Tax (${rateText(ctx, order.taxRateBp)})`, fr: `TVA (${rateText(ctx, order.taxRateBp)})` }), value: money(ctx, order.taxMinor, c) },
        { label: ctx.t({ en: 'Total incl. tax', fr: 'Total TTC' }), value: money(ctx, order.totalInclMinor, c) },
        ...(paidWith ? [{ label: ctx.t({ en: 'Paid with', fr: 'Payée avec' }), value: paidWith, personal: true }] : []),
      ]),
      table([ctx.t({ en: 'Line', fr: 'Ligne' }), ctx.t({ en: 'Excl. tax', fr: 'HT' })], lines),
      table([ctx.t({ en: 'Step', fr: 'Étape' }), ctx.t({ en: 'When', fr: 'Quand' })], order.steps.map((s) => [ctx.t(STATE_NAMES[s.state]), when(ctx, s.at)])),
      text(action ? ctx.t(action) : ctx.t({ en: 'Nothing to do on your side.', fr: 'Rien à faire de votre côté.' })),
    ];
    const total = moneyBoth(order.totalInclMinor, c);
    const actions = action && order.account === ctx.account?.id
      ? [ctx.offer({ label: { en: `Pay ${total.en}`, fr: `Payer ${total.fr}` }, command: `orders pay ${order.id}` })]
      : [];
    return reply(sections, { title: ctx.t({ en: `Order ${order.id}`, fr: `Commande ${order.id}` }), actions });
  },
});

const pay = defineCommand({
  name: 'pay',
  summary: { en: 'Pay an order with your default payment method', fr: 'Payer une commande avec votre moyen de paiement par défaut' },
  args: z.object({ order: orderArg }),
  access: 'linked',
  async run(ctx, args) {
    // Only the caller's account's orders are paid, and its chat users are told: their list is read with the order (one round trip).
    const [order] = await Promise.all([visibleOrder(ctx, args.order), ctx.tx.links.listForAccount(ctx.account!.id)]);
    if (isRefusal(order)) return order;
    if (order.account !== ctx.account!.id) {
      return deny('ORDER.NOT_YOURS', {
        en: `Order ${order.id} belongs to ${order.account}; only its contacts can pay it, with their payment method.`,
        fr: `La commande ${order.id} appartient à ${order.account} ; seuls ses contacts peuvent la payer, avec leur moyen de paiement.`,
      });
    }
    for (const line of order.lines) {
      const s = await ctx.provider.services.get(line.serviceId);
      if (s && !rolesOf(s, ctx.account!.id).some((r) => r === 'admin' || r === 'billing')) {
        return deny('ACCESS.NOT_A_CONTACT', {
          en: `Only the admin or billing contact of ${s.id} may pay this order; your account ${ctx.account!.id} is not.`,
          fr: `Seul le contact administrateur ou facturation de ${s.id} peut payer cette commande ; votre compte ${ctx.account!.id} ne l’est pas.`,
        });
      }
    }
    const outcome = await ctx.provider.orders.pay(order);
    if (isRefusal(outcome)) return outcome;
    if (outcome.status === 'already-paid') {
      return reply([text(ctx.t({
        en: `Order ${order.id} is already paid (${STATE_NAMES[outcome.order.state].en}); nothing was charged again.`,
        fr: `La commande ${order.id} est déjà payée (${STATE_NAMES[outcome.order.state].fr}) ; rien n’a été débité à nouveau.`,
      }))]);
    }
    const paid = outcome.order;
    const total = moneyBoth(paid.totalInclMinor, paid.currency);
    ctx.audit('order.pay', paid.id, { totalInclMinor: paid.totalInclMinor, currency: paid.currency, method: outcome.methodId });
    const delivered = paid.state === 'delivered';
    const after = delivered
      ? { en: 'and delivered', fr: 'et livrée' }
      : { en: 'and is being delivered (see /orders show for its follow-up)', fr: 'et est en cours de livraison (voir /orders show pour son suivi)' };
    await ctx.notify(paid.account, {
      subject: { en: `Order ${paid.id} paid`, fr: `Commande ${paid.id} payée` },
      body: {
        en: `Order ${paid.id} (${total.en} incl. tax) was paid with ${outcome.methodLabel} ${after.en}.`,
        fr: `La commande ${paid.id} (${total.fr} TTC) a été payée avec ${outcome.methodLabel} ${after.fr}.`,
      },
    });
    const credited = paid.lines.filter((l) => l.kind === 'cloud-credit');
    const expiry = formatDate(creditExpiry(ctx.now, ctx.config.timeZone), ctx.locale, ctx.config.timeZone);
    const credit = delivered
      ? { en: 'added to', fr: 'ajouté à' }
      : { en: 'on its way to', fr: 'en route vers' };
    return reply(
      [
        text(ctx.t({
          en: `Order ${paid.id} paid: ${money(ctx, paid.totalInclMinor, paid.currency)}. ${delivered ? 'It is delivered.' : 'It is being delivered.'}`,
          fr: `Commande ${paid.id} payée : ${money(ctx, paid.totalInclMinor, paid.currency)}. ${delivered ? 'Elle est livrée.' : 'Elle est en cours de livraison.'}`,
        })),
        fields([{ label: ctx.t({ en: 'Paid with', fr: 'Payée avec' }), value: outcome.methodLabel, personal: true }]),
        ...credited.map((l) => text(ctx.t({
          en: `Credit of ${money(ctx, l.amountMinor, paid.currency)} ${credit.en} ${l.serviceId}, usable until ${expiry}. See /credit list ${l.serviceId}.`,
          fr: `Crédit de ${money(ctx, l.amountMinor, paid.currency)} ${credit.fr} ${l.serviceId}, utilisable jusqu’au ${expiry}. Voir /credit list ${l.serviceId}.`,
        }))),
      ],
      { tone: 'success', title: ctx.t({ en: `Order ${paid.id}`, fr: `Commande ${paid.id}` }) },
    );
  },
});

const cancel = defineCommand({
  name: 'cancel',
  summary: { en: 'Cancel an order awaiting payment (your account’s only)', fr: 'Annuler une commande en attente de paiement (de votre compte uniquement)' },
  args: z.object({ order: orderArg }),
  access: 'linked',
  examples: ['cancel ORD-7K2M9QXA'],
  async run(ctx, args) {
    const order = await visibleOrder(ctx, args.order);
    if (isRefusal(order)) return order;
    if (!ctx.provider.orders.cancel) {
      return refuse('ORDER.CANCEL_UNSUPPORTED', {
        en: `Orders of this provider cannot be cancelled from Guichet; cancel ${order.id} in the provider’s control panel.`,
        fr: `Les commandes de ce fournisseur ne s’annulent pas depuis Guichet ; annulez ${order.id} dans l’espace client du fournisseur.`,
      });
    }
    const outcome = await ctx.provider.orders.cancel(order);
    if (isRefusal(outcome)) return outcome;
    if (outcome.status === 'already-cancelled') {
      return reply([text(ctx.t({ en: `Order ${order.id} is already cancelled; nothing to do.`, fr: `La commande ${order.id} est déjà annulée ; rien à faire.` }))], { code: 'ORDER.ALREADY_CANCELLED' });
    }
    ctx.audit('order.cancel', order.id, { totalInclMinor: order.totalInclMinor, currency: order.currency });
    return reply([text(ctx.t({
      en: `Order ${order.id} is cancelled: nothing was charged and nothing will be delivered. Its reminders stop.`,
      fr: `La commande ${order.id} est annulée : rien n’a été débité et rien ne sera livré. Ses rappels s’arrêtent.`,
    }))], { tone: 'success' });
  },
});

/** `/orders`: list, follow, pay and cancel orders. */
export const ordersFamily: CommandFamily = {
  name: 'orders',
  summary: { en: 'Your orders: list, follow-up, payment, cancellation', fr: 'Vos commandes : liste, suivi, paiement, annulation' },
  commands: [listOrders, show, pay, cancel],
};
