import type { CommandContext } from '../core/command.js';
import { formatDate, intlTag, memoFormatter, type Localized } from '../core/i18n.js';
import { formatMoney } from '../domain/money.js';
import type { WalletEntry } from '../domain/wallet.js';

/** Money in the reader's locale. */
export function money(ctx: CommandContext, minor: number, currency: string): string {
  return formatMoney(minor, currency, ctx.locale);
}

/** Money in both reply languages (for button labels and notices). */
export function moneyBoth(minor: number, currency: string): Localized {
  return { en: formatMoney(minor, currency, 'en'), fr: formatMoney(minor, currency, 'fr') };
}

/** A date in the reader's locale and the configured time zone. */
export function day(ctx: CommandContext, iso: string): string {
  return formatDate(new Date(iso), ctx.locale, ctx.config.timeZone);
}

const rateFormats = new Map<string, Intl.NumberFormat>();
/** Texts rateText made, by locale and rate: a process names the same few rates (one per subsidiary). */
const rateTexts = new Map<string, string>();

/** A tax rate in basis points, as `20 %`. */
export function rateText(ctx: CommandContext, basisPoints: number): string {
  return memoFormatter(rateTexts, `${ctx.locale}|${basisPoints}`, () => {
    const fmt = memoFormatter(rateFormats, ctx.locale, () => new Intl.NumberFormat(intlTag(ctx.locale), { maximumFractionDigits: 2 }));
    return `${fmt.format(basisPoints / 100)} %`;
  });
}

const KINDS = { credit: { en: 'credit', fr: 'crédit' }, voucher: { en: 'voucher', fr: 'voucher' } } as const;
const STATES = {
  active: { en: 'active', fr: 'actif' },
  'used-up': { en: 'used up', fr: 'épuisé' },
  expired: { en: 'expired', fr: 'expiré' },
} as const;

/** The column titles of an entries table. */
export function entryColumns(ctx: CommandContext): string[] {
  return [
    '#',
    ctx.t({ en: 'Kind', fr: 'Type' }),
    ctx.t({ en: 'Reference', fr: 'Référence' }),
    ctx.t({ en: 'Initial', fr: 'Initial' }),
    ctx.t({ en: 'Balance', fr: 'Solde' }),
    ctx.t({ en: 'Added', fr: 'Ajouté le' }),
    ctx.t({ en: 'Expires', fr: 'Expire le' }),
    ctx.t({ en: 'State', fr: 'État' }),
  ];
}

/** One row of an entries table; `rank` is the order of use (active) or blank (history). */
export function entryRow(ctx: CommandContext, e: WalletEntry, rank: string): string[] {
  const state = e.state === 'expired' && e.expiredMinor > 0
    ? `${ctx.t(STATES.expired)} (${ctx.t({ en: 'lost', fr: 'perdu' })} ${money(ctx, e.expiredMinor, e.currency)})`
    : ctx.t(STATES[e.state]);
  return [
    rank,
    ctx.t(KINDS[e.kind]),
    e.voucherCode ?? e.orderId ?? e.id,
    money(ctx, e.initialMinor, e.currency),
    money(ctx, e.balanceMinor, e.currency),
    day(ctx, e.createdAt),
    day(ctx, e.expiresAt),
    state,
  ];
}
