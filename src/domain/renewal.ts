import type { DueEntry } from '../ports/store.js';
import type { Service } from './service.js';
import { DAY_MS } from './time.js';

/** Kinds of due entries that the renewal lifecycle owns. */
export const RENEWAL_DUE = {
  expiry: 'service-expiry',
  renewalReminder: 'reminder:renewal',
  terminationReminder: 'reminder:termination',
  renewalFailed: 'reminder:renewal-failed',
} as const;

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
 * configured thresholds, so scheduling does not depend on configuration.
 */
export function renewalEntries(service: Service): DueEntry[] {
  const r = service.renewal;
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
