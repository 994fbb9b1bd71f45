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
  const key = `${locale}|${currency}|${minor}`;
  const known = formattedMoney.get(key);
  if (known !== undefined) return known;
  const fmt = memoFormatter(moneyFormats, `${locale}|${currency}`, () => new Intl.NumberFormat(intlTag(locale), { style: 'currency', currency, minimumFractionDigits: digits }));
  const parts = fmt.formatToParts(whole);
  const fracText = frac.toString().padStart(digits, '0');
  const text = sign + parts.map((p) => (p.type === 'fraction' ? fracText : p.value)).join('');
  // formatToParts costs microseconds and replies repeat the same amounts: keep the last texts (a bounded map).
  if (formattedMoney.size >= 4096) formattedMoney.clear();
  formattedMoney.set(key, text);
  return text;
}

/** Texts formatMoney made, by locale, currency and amount. */
const formattedMoney = new Map<string, string>();

/** Tax on an amount excl. tax, rounded half up to the minor unit; the rate is in basis points. */
export function taxOf(amountMinor: number, rateBasisPoints: number): number {
  return Math.floor((amountMinor * rateBasisPoints + 5_000) / 10_000);
}
