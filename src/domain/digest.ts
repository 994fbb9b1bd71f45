import { DAY_MS, instantAtWallClock, partsIn } from './time.js';

/** Days of the week as `GUICHET_DIGEST` names them, Monday first (ISO 8601 numbering: mon = 1). */
export const DIGEST_DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** When the weekly digest is posted: an ISO weekday (1 = Monday) and a wall-clock time in `GUICHET_TZ`. */
export interface DigestSchedule {
  readonly weekday: number;
  readonly hour: number;
  readonly minute: number;
}

/** The default of `GUICHET_DIGEST`: Mondays at 09:00. */
export const DEFAULT_DIGEST: DigestSchedule = { weekday: 1, hour: 9, minute: 0 };

/** Parses `mon 09:00` (a day among mon…sun, then HH:MM, 24-hour); undefined when it is not that. */
export function parseDigestSchedule(value: string): DigestSchedule | undefined {
  const m = /^([a-z]{3})\s+([01]?\d|2[0-3]):([0-5]\d)$/.exec(value.trim().toLowerCase());
  const day = m ? DIGEST_DAYS.indexOf(m[1] as (typeof DIGEST_DAYS)[number]) : -1;
  if (!m || day < 0) return undefined;
  return { weekday: day + 1, hour: Number(m[2]), minute: Number(m[3]) };
}

/** Writes a schedule back as `GUICHET_DIGEST` reads it (`mon 09:00`). */
export function formatDigestSchedule(s: DigestSchedule): string {
  return `${DIGEST_DAYS[s.weekday - 1]} ${String(s.hour).padStart(2, '0')}:${String(s.minute).padStart(2, '0')}`;
}

/** The ISO weekday (1 = Monday) of a calendar date. */
const isoWeekday = (y: number, m: number, d: number) => ((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7) + 1;

/** The slot of the local calendar day `shift` days after (y, m, d), at the schedule's time in the zone. */
function slotOn(y: number, m: number, d: number, shift: number, s: DigestSchedule, timeZone: string): Date {
  const day = new Date(Date.UTC(y, m - 1, d) + shift * DAY_MS);
  return instantAtWallClock({ year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate(), hour: s.hour, minute: s.minute }, timeZone);
}

/** The latest digest slot at or before `now` (day and time read on a calendar in `timeZone`). */
export function digestSlotAtOrBefore(now: Date, s: DigestSchedule, timeZone: string): Date {
  const p = partsIn(now, timeZone);
  const back = (isoWeekday(p.year, p.month, p.day) - s.weekday + 7) % 7;
  const slot = slotOn(p.year, p.month, p.day, -back, s, timeZone);
  return slot <= now ? slot : slotOn(p.year, p.month, p.day, -back - 7, s, timeZone);
}

/** The first digest slot strictly after `now`. */
export function nextDigestSlot(now: Date, s: DigestSchedule, timeZone: string): Date {
  const last = digestSlotAtOrBefore(now, s, timeZone);
  const p = partsIn(last, timeZone);
  return slotOn(p.year, p.month, p.day, 7, s, timeZone);
}

/** The ISO week (`2026-W49`) of an instant's calendar date in `timeZone`: the week a digest belongs to. */
export function isoWeekOf(at: Date, timeZone: string): string {
  const p = partsIn(at, timeZone);
  const date = new Date(Date.UTC(p.year, p.month - 1, p.day));
  // The Thursday of the same ISO week decides the year.
  date.setUTCDate(date.getUTCDate() + 4 - isoWeekday(p.year, p.month, p.day));
  const yearStart = Date.UTC(date.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((date.getTime() - yearStart) / DAY_MS + 1) / 7);
  return `${date.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}
