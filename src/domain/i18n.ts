/** Languages Guichet replies in. */
export const LOCALES = ['en', 'fr'] as const;
/** A reply language. */
export type Locale = (typeof LOCALES)[number];
/** A text in every reply language. */
export type Localized = { readonly en: string; readonly fr: string };

/** Picks the text of a localized message for a locale. */
export function pick(text: Localized | string, locale: Locale): string {
  return typeof text === 'string' ? text : text[locale];
}

/** Maps a platform locale tag (`fr-FR`, `en-US`, `fr`) to a supported locale, if any. */
export function toLocale(tag: string | undefined | null): Locale | undefined {
  if (!tag) return undefined;
  const base = tag.toLowerCase().slice(0, 2);
  return (LOCALES as readonly string[]).includes(base) ? (base as Locale) : undefined;
}

/** The BCP 47 tag used to format numbers and dates for a locale. */
export function intlTag(locale: Locale): string {
  return locale === 'fr' ? 'fr-FR' : 'en-GB';
}

/**
 * Returns what was built for `key`, building it once; the cache is emptied when it holds `limit` entries. For Intl
 * formatters (immutable but costly to construct, about 0.1 ms each) and the texts they make (microseconds each,
 * and replies repeat the same amounts and dates).
 */
export function memoFormatter<T>(cache: Map<string, T>, key: string, build: () => T, limit = 256): T {
  let found = cache.get(key);
  if (found === undefined) {
    found = build();
    if (cache.size >= limit) cache.clear();
    cache.set(key, found);
  }
  return found;
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * Texts the two date functions made, by function, locale, zone and whole second (neither shows seconds, so every
 * instant of a second reads the same; a reply names its instants several times, and commands of one second the same expiry).
 */
const formattedDates = new Map<string, string>();

/** Formats a date-time for a reader, in the configured time zone. */
export function formatDateTime(date: Date, locale: Locale, timeZone: string): string {
  return memoFormatter(formattedDates, `t|${locale}|${timeZone}|${Math.floor(date.getTime() / 1000)}`, () => memoFormatter(dateTimeFormats, `${locale}|${timeZone}`, () => new Intl.DateTimeFormat(intlTag(locale), {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone,
  })).format(date), 4096);
}

/** Formats a calendar date for a reader, in the configured time zone. */
export function formatDate(date: Date, locale: Locale, timeZone: string): string {
  return memoFormatter(formattedDates, `d|${locale}|${timeZone}|${Math.floor(date.getTime() / 1000)}`, () => memoFormatter(dateFormats, `${locale}|${timeZone}`, () => new Intl.DateTimeFormat(intlTag(locale), { dateStyle: 'medium', timeZone })).format(date), 4096);
}
