import { memoFormatter, type Localized } from './i18n.js';

/** Milliseconds in a day (UTC days; calendar months are handled separately). */
export const DAY_MS = 86_400_000;

/** The instant `days` days after `from` (before it when negative). */
export function addDays(from: Date | string, days: number): Date {
  return new Date(new Date(from).getTime() + days * DAY_MS);
}

const dateParts = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock parts of an instant in a time zone. */
export function partsIn(date: Date, timeZone: string): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  return { ...sharedPartsIn(date, timeZone) };
}

/** `partsIn` without the copy: the remembered object itself, for readers in this module that never change it. */
function sharedPartsIn(date: Date, timeZone: string): { readonly year: number; readonly month: number; readonly day: number; readonly hour: number; readonly minute: number; readonly second: number } {
  // Whole seconds: the parts do not depend on milliseconds. A command asks for the same few instants again and again.
  return memoFormatter(wallClock, `${timeZone}|${Math.floor(date.getTime() / 1000)}`, () => {
    const fmt = memoFormatter(dateParts, timeZone, () => new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    }));
    const out: Record<string, number> = {};
    for (const p of fmt.formatToParts(date)) if (p.type !== 'literal') out[p.type] = Number(p.value);
    return { year: out.year!, month: out.month!, day: out.day!, hour: out.hour!, minute: out.minute!, second: out.second! };
  }, 4096);
}

/** partsIn's answers, by time zone and whole second. */
const wallClock = new Map<string, { year: number; month: number; day: number; hour: number; minute: number; second: number }>();

/**
 * THE day count of Guichet: calendar days from one instant to another, as read on a calendar in `timeZone`
 * (`GUICHET_TZ`): 0 on the same calendar day, 1 for "tomorrow", negative once `to` is past. Every "in N day(s)"
 * and "N day(s) ago" uses it, so two replies at the same moment never disagree.
 */
export function calendarDaysBetween(from: Date, to: Date, timeZone: string): number {
  return dayNumberIn(to, timeZone) - dayNumberIn(from, timeZone);
}

/** The calendar day of an instant in a time zone, as days since 1970-01-01 (a module function: no closure made per call). */
function dayNumberIn(date: Date, timeZone: string): number {
  const p = sharedPartsIn(date, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day) / DAY_MS;
}

/** `in N day(s)`, `today` or `N day(s) ago`, for a count from `calendarDaysBetween`. */
export function relativeDays(days: number): Localized {
  if (days > 0) return { en: `in ${days} day(s)`, fr: `dans ${days} jour(s)` };
  if (days === 0) return { en: 'today', fr: 'aujourd’hui' };
  return { en: `${-days} day(s) ago`, fr: `il y a ${-days} jour(s)` };
}

/**
 * The same wall-clock time `months` calendar months later in `timeZone` (the month's last day when the day does
 * not exist): credit bought on 31 January (Paris time) is lost on 28 or 29 February of the next year, Paris time.
 */
export function addCalendarMonthsIn(date: Date, months: number, timeZone: string): Date {
  const p = partsIn(date, timeZone);
  const first = new Date(Date.UTC(p.year, p.month - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  const wall = Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(p.day, last), p.hour, p.minute, p.second, date.getUTCMilliseconds());
  // The instant whose wall-clock time in the zone is `wall`: subtract the zone's offset, checked twice around DST changes.
  const offsetAt = (t: number) => {
    const q = partsIn(new Date(t), timeZone);
    return Date.UTC(q.year, q.month - 1, q.day, q.hour, q.minute, q.second, new Date(t).getUTCMilliseconds()) - t;
  };
  let t = wall - offsetAt(wall);
  t = wall - offsetAt(t);
  return new Date(t);
}

/** The instant whose wall-clock time in `timeZone` is the given one (the later reading around a DST change). */
export function instantAtWallClock(wall: { year: number; month: number; day: number; hour: number; minute: number }, timeZone: string): Date {
  const utc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
  const offsetAt = (t: number) => {
    const q = partsIn(new Date(t), timeZone);
    return Date.UTC(q.year, q.month - 1, q.day, q.hour, q.minute, q.second) - t;
  };
  let t = utc - offsetAt(utc);
  t = utc - offsetAt(t);
  return new Date(t);
}
