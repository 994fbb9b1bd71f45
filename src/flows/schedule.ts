import { renewalEntries, sameSchedule } from '../domain/renewal.js';
import type { Service } from '../domain/service.js';
import type { DueEntry, Tx } from '../ports/store.js';

const same = (a: DueEntry, b: DueEntry) => a.at === b.at && a.kind === b.kind && a.ref === b.ref;

/** Replaces the due entries an owner holds with `entries`, in the caller's unit of work. */
export async function reschedule(tx: Tx, owner: string, entries: readonly DueEntry[]): Promise<void> {
  const before = await tx.schedules.get(owner);
  for (const e of before) if (!entries.some((n) => same(n, e))) tx.due.remove(e);
  for (const e of entries) tx.due.add(e);
  tx.schedules.set(owner, entries);
}

/** Moves one of an owner's entries (a reminder to its next threshold), or drops it when `to` is undefined. */
export async function moveEntry(tx: Tx, owner: string, from: DueEntry, to: DueEntry | undefined): Promise<void> {
  const before = await tx.schedules.get(owner);
  tx.due.remove(from);
  if (to) tx.due.add(to);
  const rest = before.filter((e) => !same(e, from));
  tx.schedules.set(owner, to ? [...rest, to] : rest);
}

/** Adds one entry to an owner's schedule (an event reminder, e.g. a failed renewal). */
export async function addEntry(tx: Tx, owner: string, entry: DueEntry): Promise<void> {
  const before = await tx.schedules.get(owner);
  tx.due.add(entry);
  tx.schedules.set(owner, [...before.filter((e) => !same(e, entry)), entry]);
}

/** The schedule owner of a service. */
export function serviceOwner(id: string): string {
  return `svc:${id}`;
}

/**
 * Writes a service and keeps its due entries in step with its state, expiry and renewal mode.
 * Nothing is rescheduled when those did not change, so reminders already moved stay where they are.
 */
export async function putService(tx: Tx, service: Service): Promise<void> {
  const before = await tx.services.get(service.id);
  await tx.services.put(service);
  if (sameSchedule(before, service)) return;
  await reschedule(tx, serviceOwner(service.id), renewalEntries(service));
}
