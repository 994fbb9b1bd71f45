import { formatDate, formatDateTime, type Locale, type Localized } from './i18n.js';
import type { DueEntry } from './due.js';
import type { Renewal, Service } from './service.js';
import { addDays, calendarDaysBetween, DAY_MS, relativeDays } from './time.js';

/** What the expiry texts need of a service: its state and expiry (a whole service, or its summary). */
export type Expiring = Pick<Service, 'state'> & { readonly renewal: Pick<Renewal, 'expiresAt'> | null };

/** Kinds of due entries that the renewal lifecycle owns. */
export const RENEWAL_DUE = {
  expiry: 'service-expiry',
  renewalReminder: 'reminder:renewal',
  terminationReminder: 'reminder:termination',
  renewalFailed: 'reminder:renewal-failed',
  graceEnd: 'service-grace-end',
  graceReminder: 'reminder:grace',
} as const;

/** When a service suspended after its automatic renewal failed is deleted: `graceDays` after its expiry. */
export function graceEndsAt(service: Expiring, graceDays: number): string {
  return addDays(service.renewal!.expiresAt, graceDays).toISOString();
}

/** When a suspended service is deleted (date and time in the zone), and how far that is, in both languages. */
export function graceEndText(service: Service, now: Date, settings: { timeZone: string; graceDays: number }): Localized & { left: Localized } {
  const end = new Date(graceEndsAt(service, settings.graceDays));
  const tz = settings.timeZone;
  return { en: formatDateTime(end, 'en', tz), fr: formatDateTime(end, 'fr', tz), left: relativeDays(calendarDaysBetween(now, end, tz)) };
}

/**
 * When a service expires, or expired, in words: `3 Dec 2026 (in 10 day(s))`, or for a service suspended after its
 * automatic renewal failed `expired 3 day(s) ago (26 Nov 2026), deleted on 10 Dec 2026` — never "in 0 day(s)" once past.
 */
export function expiryText(service: Expiring, now: Date, settings: { timeZone: string; graceDays: number }): Localized {
  const days = calendarDaysBetween(now, new Date(service.renewal!.expiresAt), settings.timeZone);
  return { en: expiryWords(service, days, 'en', settings), fr: expiryWords(service, days, 'fr', settings) };
}

/** `expiryText` in one language only (a list of services formats each date once, not in every language). */
export function expiryTextIn(service: Expiring, now: Date, settings: { timeZone: string; graceDays: number }, locale: Locale): string {
  return expiryWords(service, calendarDaysBetween(now, new Date(service.renewal!.expiresAt), settings.timeZone), locale, settings);
}

/** The words of `expiryText` in one language, `days` being the calendar days from now to the expiry. */
function expiryWords(service: Expiring, days: number, locale: Locale, settings: { timeZone: string; graceDays: number }): string {
  const r = service.renewal!;
  const tz = settings.timeZone;
  const when = relativeDays(days)[locale];
  const on = formatDate(new Date(r.expiresAt), locale, tz);
  if (service.state !== 'expired') return `${on} (${when})`;
  const gone = formatDate(new Date(graceEndsAt(service, settings.graceDays)), locale, tz);
  return locale === 'fr' ? `expiré ${when} (${on}), supprimé le ${gone} sauf renouvellement` : `expired ${when} (${on}), deleted on ${gone} unless renewed`;
}

/** Adds calendar months in UTC, keeping the time of day; the 31st becomes the month's last day when needed. */
export function addMonths(iso: string, months: number): string {
  const d = new Date(iso);
  const day = d.getUTCDate();
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, last));
  return target.toISOString();
}

/** The instant `days` days before `iso`. */
export function daysBefore(iso: string, days: number): string {
  return new Date(new Date(iso).getTime() - days * DAY_MS).toISOString();
}

/**
 * The due entries a service needs in its current state: its expiry, and the first reminder entry
 * of its mode. Reminder entries start a year before expiry; the reminder job moves them to the
 * configured thresholds, so scheduling does not depend on configuration. A suspended service (automatic
 * renewal failed) needs the end of its grace period (first checked a day after expiry, then moved to the
 * configured end) and the reminders before it.
 */
export function renewalEntries(service: Service): DueEntry[] {
  const r = service.renewal;
  if (r && service.state === 'expired') {
    return [
      { at: addDays(r.expiresAt, 1).toISOString(), kind: RENEWAL_DUE.graceEnd, ref: service.id },
      { at: r.expiresAt, kind: RENEWAL_DUE.graceReminder, ref: service.id },
    ];
  }
  if (!r || service.state !== 'active') return [];
  const out: DueEntry[] = [{ at: r.expiresAt, kind: RENEWAL_DUE.expiry, ref: service.id }];
  const first = daysBefore(r.expiresAt, 366);
  if (r.mode === 'manual') out.push({ at: first, kind: RENEWAL_DUE.renewalReminder, ref: service.id });
  if (r.mode === 'cancel') out.push({ at: first, kind: RENEWAL_DUE.terminationReminder, ref: service.id });
  return out;
}

/** True when two states of a service need the same due entries (nothing to reschedule). */
export function sameSchedule(a: Service | undefined, b: Service): boolean {
  return (
    a !== undefined &&
    a.state === b.state &&
    a.renewal?.expiresAt === b.renewal?.expiresAt &&
    a.renewal?.mode === b.renewal?.mode
  );
}
