import { formatDate, pick, type Locale, type Localized } from '../core/i18n.js';
import { headed, reply, type Action, type Reply } from '../core/reply.js';
import { ROLE_LABEL } from '../domain/contact-texts.js';
import { formatMoney } from '../domain/money.js';
import type { RenewalMode } from '../domain/service.js';
import { calendarDaysBetween, relativeDays } from '../domain/time.js';
import { OVERVIEW_HORIZON_DAYS, type AccountOverview, type ExpiringService, type OpenContactChange, type ProjectCredits, type WaitingOrder } from '../flows/overview.js';

/** Lines shown per section at most; the rest is counted in a last "…and N more" line. */
export const OVERVIEW_SECTION_LINES = 8;
/** Characters per section at most (a Discord embed field holds 1,024; Slack texts 3,000). */
export const OVERVIEW_SECTION_CHARS = 1000;

const MODE: Readonly<Record<RenewalMode, Localized>> = {
  automatic: { en: 'automatic renewal', fr: 'renouvellement automatique' },
  manual: { en: 'manual renewal', fr: 'renouvellement manuel' },
  cancel: { en: 'terminates at expiry', fr: 'résiliation à l’échéance' },
};

/** The commands an item's buttons run (also shown to type). */
export const OVERVIEW_COMMANDS = {
  renew: (id: string) => `renew pay ${id}`,
  auto: (id: string) => `renew auto ${id}`,
  undoCancel: (id: string) => `renew manual ${id}`,
  pay: (id: string) => `orders pay ${id}`,
} as const;

/** Section headings, in order. */
export const OVERVIEW_HEADINGS = {
  expiring: { en: `Services expiring within ${OVERVIEW_HORIZON_DAYS} days`, fr: `Services qui expirent dans les ${OVERVIEW_HORIZON_DAYS} jours` },
  credits: { en: 'Credit and vouchers', fr: 'Crédit et vouchers' },
  orders: { en: 'Orders awaiting payment', fr: 'Commandes en attente de paiement' },
  contacts: { en: 'Open contact-change requests', fr: 'Demandes de changement de contact en cours' },
  warnings: { en: 'Audit warnings', fr: 'Alertes de l’audit' },
} as const satisfies Record<string, Localized>;

const EMPTY = {
  expiring: { en: `Nothing expires within ${OVERVIEW_HORIZON_DAYS} days.`, fr: `Rien n’expire dans les ${OVERVIEW_HORIZON_DAYS} jours.` },
  credits: { en: 'No credit or voucher left on your projects.', fr: 'Plus aucun crédit ni voucher sur vos projets.' },
  orders: { en: 'No order awaits payment.', fr: 'Aucune commande n’attend de paiement.' },
  contacts: { en: 'No contact-change request is open.', fr: 'Aucune demande de changement de contact en cours.' },
  warnings: { en: 'The audit finds nothing to fix.', fr: 'L’audit ne trouve rien à corriger.' },
} as const satisfies Record<string, Localized>;

/** Keeps at most `OVERVIEW_SECTION_LINES` lines and `OVERVIEW_SECTION_CHARS` characters, ending with "…and N more". */
export function capLines(lines: readonly string[], locale: Locale): string {
  const more = (n: number) => pick({ en: `…and ${n} more`, fr: `…et ${n} de plus` }, locale);
  const kept: string[] = [];
  let size = 0;
  for (const [i, line] of lines.entries()) {
    const left = lines.length - i - 1;
    const reserve = left > 0 ? more(lines.length).length + 1 : 0;
    if (i >= OVERVIEW_SECTION_LINES || size + line.length + 1 + reserve > OVERVIEW_SECTION_CHARS) break;
    kept.push(line);
    size += line.length + 1;
  }
  if (kept.length < lines.length) kept.push(more(lines.length - kept.length));
  return kept.join('\n');
}

/** How an overview is worded: the reader's language and time zone. */
interface Wording {
  readonly locale: Locale;
  readonly timeZone: string;
  /** When the overview was read (relative days). */
  readonly now: Date;
}

function expiringLine(e: ExpiringService, w: Wording): string {
  const s = e.service;
  const name = s.displayName && s.displayName !== s.id ? `${s.id} (${s.displayName})` : s.id;
  const when = `${formatDate(new Date(e.expiresAt), w.locale, w.timeZone)}, ${pick(relativeDays(e.daysLeft), w.locale)}`;
  const icon = e.mode === 'automatic' ? '🔁' : e.mode === 'cancel' ? '🗑️' : '⏳';
  return `${icon} ${name} — ${pick(MODE[e.mode], w.locale)}, ${when}`;
}

function creditLines(c: ProjectCredits, w: Wording): string[] {
  return c.entries.map((e) => {
    const kind = e.kind === 'voucher' ? `voucher ${e.voucherCode ?? e.id}` : pick({ en: 'credit', fr: 'crédit' }, w.locale);
    const left = pick({ en: 'left of', fr: 'restants sur' }, w.locale);
    const until = pick({ en: 'expires', fr: 'expire le' }, w.locale);
    const days = calendarDaysBetween(w.now, new Date(e.expiresAt), w.timeZone);
    const soon = days <= OVERVIEW_HORIZON_DAYS ? ` (${pick(relativeDays(days), w.locale)})` : '';
    const icon = soon ? '⏳' : '💳';
    return `${icon} ${c.project.id} — ${kind}: ${formatMoney(e.balanceMinor, e.currency, w.locale)} ${left} ${formatMoney(e.initialMinor, e.currency, w.locale)}, ${until} ${formatDate(new Date(e.expiresAt), w.locale, w.timeZone)}${soon}`;
  });
}

function orderLine(o: WaitingOrder, w: Wording): string {
  const what = o.order.lines.map((l) => l.description).join(', ');
  const total = `${formatMoney(o.order.totalInclMinor, o.order.currency, w.locale)} ${pick({ en: 'incl. tax', fr: 'TTC' }, w.locale)}`;
  const cancelled = o.cancelledAt
    ? pick({ en: `, cancelled on ${formatDate(new Date(o.cancelledAt), 'en', w.timeZone)} if unpaid`, fr: `, annulée le ${formatDate(new Date(o.cancelledAt), 'fr', w.timeZone)} si impayée` }, w.locale)
    : '';
  return `🧾 ${o.order.id}: ${what}, ${total}${cancelled}`;
}

function contactLine(c: OpenContactChange, w: Wording): string {
  const r = c.change;
  const until = r.expiresAt ? pick({ en: `, expires ${formatDate(new Date(r.expiresAt), 'en', w.timeZone)}`, fr: `, expire le ${formatDate(new Date(r.expiresAt), 'fr', w.timeZone)}` }, w.locale) : '';
  const state = c.answered
    ? pick({ en: 'you accepted, waiting for the other side', fr: 'vous avez accepté, en attente de l’autre partie' }, w.locale)
    : c.byButton
      ? pick({ en: 'answer with the buttons', fr: 'répondez avec les boutons' }, w.locale)
      : pick({ en: `answer with /contacts accept ${r.id} TOKEN (or refuse; the token is in /account emails)`, fr: `répondez avec /contacts accept ${r.id} CODE (ou refuse ; le code est dans /account emails)` }, w.locale);
  return `🤝 ${r.id} — ${r.serviceId}, ${pick(ROLE_LABEL[r.role], w.locale)}: ${r.from} → ${r.to}${until}; ${state}`;
}

/**
 * The overview as a platform-neutral private reply: a title, then the five sections (each empty-state aware, at most
 * `OVERVIEW_SECTION_LINES` lines), and the `actions` offered for them (built by `overviewActions`).
 */
export function overviewReply(o: AccountOverview, locale: Locale, timeZone: string, actions: readonly Action[] = []): Reply {
  const w: Wording = { locale, timeZone, now: new Date(o.at) };
  const section = (key: keyof typeof OVERVIEW_HEADINGS, lines: readonly string[]) =>
    headed(pick(OVERVIEW_HEADINGS[key], locale), lines.length ? capLines(lines, locale) : pick(EMPTY[key], locale));
  const warnings = o.warnings.map((f) => `⚠️ ${pick(f.label, locale)}${f.advice ? ` → ${pick(f.advice, locale)}` : ''}`);
  const count = o.expiring.length + o.orders.length + o.contactChanges.filter((c) => !c.answered).length + o.warnings.length;
  return reply(
    [
      section('expiring', o.expiring.map((e) => expiringLine(e, w))),
      section('credits', o.credits.flatMap((c) => creditLines(c, w))),
      section('orders', o.orders.map((x) => orderLine(x, w))),
      section('contacts', o.contactChanges.map((c) => contactLine(c, w))),
      section('warnings', warnings),
    ],
    {
      title: pick({ en: `Overview of ${o.account.id}`, fr: `Vue d’ensemble de ${o.account.id}` }, locale),
      tone: count > 0 ? 'warning' : 'success',
      locale,
      ...(actions.length ? { actions } : {}),
    },
  );
}
