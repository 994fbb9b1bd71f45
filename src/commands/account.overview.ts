import { z } from 'zod';
import { defineCommand, type CommandContext } from '../core/command.js';
import { usableDefaultPaymentMethod } from '../domain/account.js';
import { formatMoney } from '../domain/money.js';
import { reply, text, type Action } from '../core/reply.js';
import type { CoreViews, OverviewView, OverviewViewer } from '../core/views.js';
import { buildOverview, needsAnyone, type AccountOverview } from '../flows/overview.js';
import { notLinkedMessage } from './access.js';
import { OVERVIEW_CHECKS } from './account.checks.js';
import { OVERVIEW_COMMANDS, overviewReply } from './account.overview.view.js';
import { answerButtons } from './contacts.command.js';
import { CONNECT_TEXTS } from '../domain/connection-texts.js';

/** Buttons an overview offers at most (Discord: 5 rows of 5; Slack: 25 elements in an actions block). */
export const OVERVIEW_MAX_BUTTONS = 20;
/** How long the buttons of a typed `/account overview` stay valid. */
const COMMAND_BUTTON_MINUTES = 24 * 60;

/** Reads the caller's account overview through the provider (`viewer`: Accept / Refuse buttons may be offered). */
export function readOverview(ctx: CommandContext, viewer: boolean): Promise<AccountOverview> {
  return buildOverview({ cloud: ctx.provider, now: ctx.now, settings: ctx.config, checks: OVERVIEW_CHECKS, viewer });
}

/**
 * The buttons that fit each item, most urgent first: renew now, switch to automatic, undo a cancel, pay, accept /
 * refuse. The three payment buttons are not offered when their payer is this account and it cannot pay (closed, no
 * payment method, none flagged the default, or a default that cannot pay): pressing them would only be refused, and the
 * payment-method warning says why.
 */
export async function overviewActions(ctx: CommandContext, o: AccountOverview, ttlMinutes: number): Promise<Action[]> {
  const out: Action[] = [];
  const room = () => OVERVIEW_MAX_BUTTONS - out.length;
  const offer = (label: { en: string; fr: string }, command: string, style: 'primary' | 'danger' = 'primary') => {
    if (room() > 0) out.push(ctx.offer({ label, command, style, ttlMinutes }));
  };
  // Only this account's methods are read (with the overview, no extra read): another payer's may pay, so its button stays.
  const accountPays = usableDefaultPaymentMethod(o.account) !== undefined;
  const mayPay = (payer: string) => payer !== o.account.id || accountPays;
  for (const e of o.expiring) {
    const id = e.service.id;
    const admin = e.roles.includes('admin');
    // Renew now (/renew pay) charges the caller's account, whoever the billing contact; automatic renewal, the billing contact.
    if (e.mode === 'manual' && (admin || e.roles.includes('billing')) && accountPays) offer({ en: `Renew ${id} now`, fr: `Renouveler ${id}` }, OVERVIEW_COMMANDS.renew(id));
    if (e.mode === 'manual' && admin && mayPay(e.service.contacts.billing)) offer({ en: `Automatic: ${id}`, fr: `Automatique : ${id}` }, OVERVIEW_COMMANDS.auto(id));
    if (e.mode === 'cancel' && admin) offer({ en: `Undo cancel: ${id}`, fr: `Annuler la résiliation : ${id}` }, OVERVIEW_COMMANDS.undoCancel(id));
  }
  // An order is paid by its account (the overview lists this account's own orders).
  for (const { order } of o.orders.filter((w) => mayPay(w.order.account))) {
    const total = { en: formatMoney(order.totalInclMinor, order.currency, 'en'), fr: formatMoney(order.totalInclMinor, order.currency, 'fr') };
    offer({ en: `Pay ${order.id} (${total.en})`, fr: `Payer ${order.id} (${total.fr})` }, OVERVIEW_COMMANDS.pay(order.id));
  }
  for (const c of o.contactChanges) {
    if (c.byButton && room() >= 2) out.push(...(await answerButtons(ctx, c.change)));
  }
  return out;
}

/** How to get linked (or connected again), with a Connect button when accounts connect themselves (OVHcloud). */
function notLinkedView(ctx: CommandContext, ttlMinutes: number): OverviewView {
  const connects = ctx.connector !== undefined;
  const actions = connects ? [ctx.offer({ label: { en: 'Connect', fr: 'Connecter' }, command: 'account connect', ttlMinutes })] : [];
  const message = ctx.account && connects ? CONNECT_TEXTS.notConnected : notLinkedMessage({ chatUser: ctx.chatUser, operator: ctx.operator, connects });
  return {
    reply: reply([text(ctx.t(message))], {
      title: ctx.t(connects ? CONNECT_TEXTS.title : { en: 'Not linked to an account', fr: 'Lié à aucun compte' }),
      code: ctx.account ? 'CONNECT.NOT_CONNECTED' : 'ACCESS.NOT_LINKED',
      ...(actions.length ? { actions } : {}),
    }),
    needsAnyone: false,
  };
}

/** The overview of the context's account as a reply with its buttons; for an unlinked chat user, how to get linked. */
export async function overviewView(ctx: CommandContext, who: OverviewViewer): Promise<OverviewView> {
  const ttl = who.buttonTtlMinutes ?? COMMAND_BUTTON_MINUTES;
  // Linked, but the account's access was revoked since (another chat user disconnected it): connect again.
  if (!ctx.account || (ctx.connector && !(await ctx.tx.connections.get(ctx.account.id)))) return notLinkedView(ctx, ttl);
  const o = await readOverview(ctx, who.viewer);
  const actions = await overviewActions(ctx, o, ttl);
  return { reply: overviewReply(o, ctx.locale, ctx.config.timeZone, actions), needsAnyone: needsAnyone(o) };
}

/** The views the core shows outside typed commands (Slack Home tab, weekly digest). */
export const ACCOUNT_VIEWS: CoreViews = { overview: overviewView };

/** `/account overview`: everything that needs the account, in five sections, with the buttons that fit. */
export const overviewCommand = defineCommand({
  name: 'overview',
  // It stores its buttons (so it is not read-only); typing it again simply reads again.
  rerunnable: true,
  privateOnly: true,
  summary: { en: 'Your account at a glance: expiring services, credit, orders to pay, contact requests, audit warnings', fr: 'Votre compte en un coup d’œil : services qui expirent, crédit, commandes à payer, demandes de contact, alertes d’audit' },
  args: z.object({}),
  access: 'linked',
  async run(ctx) {
    return (await overviewView(ctx, { viewer: true, buttonTtlMinutes: COMMAND_BUTTON_MINUTES })).reply;
  },
});
