import { z } from 'zod';

const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/i;

/** Days in each month of a common year (February gains one in leap years). */
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The canonical form (every stored instant) checked field by field, without building a Date. */
function isCanonicalInstant(text: string): boolean {
  const year = Number(text.slice(0, 4));
  const month = Number(text.slice(5, 7));
  const day = Number(text.slice(8, 10));
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > MONTH_DAYS[month - 1]! + (month === 2 && leap ? 1 : 0)) return false;
  return Number(text.slice(11, 13)) < 24 && Number(text.slice(14, 16)) < 60 && Number(text.slice(17, 19)) < 60;
}

/** True when a text is an ISO 8601 instant with its time zone (`2026-11-23T09:00:00Z`, `…+01:00`) that names a real date. */
export function isInstant(text: string): boolean {
  // Every document holds instants in the canonical form: checked without Date.parse (the store reads many per command).
  if (CANONICAL.test(text)) return isCanonicalInstant(text);
  if (!ISO.test(text)) return false;
  const t = Date.parse(text);
  if (!Number.isFinite(t)) return false;
  // Date.parse rolls 2026-02-31 over to March: the day typed must be the day read back (in the offset typed).
  const offset = /([+-])(\d{2}):(\d{2})$/.exec(text);
  const shift = offset ? (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3])) * 60_000 : 0;
  return new Date(t + shift).toISOString().slice(0, 10) === text.slice(0, 10);
}

/** Why a text is refused as an instant. */
const NOT_AN_INSTANT = 'not a date and time such as 2026-11-23T09:00:00Z';

/**
 * An instant as the domain stores it: an ISO 8601 date and time with its zone, kept in the canonical UTC form
 * `toISOString()` writes (dates are compared and used in index keys as text, so one form only).
 */
export const Instant = z.string().transform((s, ctx) => {
  // One pass (every document read or written checks its instants): the canonical form is checked and kept as is.
  if (CANONICAL.test(s)) {
    if (isCanonicalInstant(s)) return s;
  } else if (isInstant(s)) return new Date(s).toISOString();
  ctx.issues.push({ code: 'custom', message: NOT_AN_INSTANT, input: s });
  return z.NEVER;
});
