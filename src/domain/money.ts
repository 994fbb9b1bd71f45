import { intlTag, memoFormatter, type Locale } from './i18n.js';

const digitsByCurrency = new Map<string, number>();
const moneyFormats = new Map<string, Intl.NumberFormat>();

/** Number of minor-unit digits of a currency (2 for EUR, 0 for JPY). */
export function minorDigits(currency: string): number {
  return memoFormatter(digitsByCurrency, currency, () => new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2);
}

/** Formats integer minor units for a reader, e.g. `1 234,50 €` in French. */
export function formatMoney(minor: number, currency: string, locale: Locale): string {
  const digits = minorDigits(currency);
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  const scale = 10 ** digits;
  const whole = Math.trunc(abs / scale);
  const frac = abs % scale;
  // formatToParts costs microseconds and replies repeat the same amounts: keep the last texts (a bounded map).
  return memoFormatter(formattedMoney, `${locale}|${currency}|${minor}`, () => {
    const fmt = memoFormatter(moneyFormats, `${locale}|${currency}`, () => new Intl.NumberFormat(intlTag(locale), { style: 'currency', currency, minimumFractionDigits: digits }));
    const fracText = frac.toString().padStart(digits, '0');
    return sign + fmt.formatToParts(whole).map((p) => (p.type === 'fraction' ? fracText : p.value)).join('');
  }, 4096);
}

/** Texts formatMoney made, by locale, currency and amount. */
const formattedMoney = new Map<string, string>();

/** Tax on an amount excl. tax, rounded half up to the minor unit; the rate is in basis points. */
export function taxOf(amountMinor: number, rateBasisPoints: number): number {
  return Math.floor((amountMinor * rateBasisPoints + 5_000) / 10_000);
}
