import type { Service } from '../../src/domain/service.js';
import { putService } from '../../src/flows/schedule.js';
import type { DueEntry } from '../../src/ports/store.js';
import type { Harness } from './harness.js';

/** Reads a service straight from the store. */
export async function getService(h: Harness, id: string): Promise<Service | undefined> {
  return h.uow.run(async (tx) => ({ commit: false, result: await tx.services.get(id) }));
}

/** Writes a service (with its due entries) straight into the store. */
export async function saveService(h: Harness, service: Service): Promise<void> {
  await h.uow.run(async (tx) => {
    await putService(tx, service);
    return { commit: true, result: undefined };
  });
}

/** A service with renewal terms, contacts `alice-ovh` unless told otherwise. */
export function aService(id: string, over: Partial<Service> & { expiresAt: string; mode?: 'automatic' | 'manual' | 'cancel'; periodMonths?: number }): Service {
  const { expiresAt, mode = 'manual', periodMonths = 1, ...rest } = over;
  return {
    id,
    kind: 'vps',
    displayName: '',
    owner: 'alice-ovh',
    contacts: { admin: 'alice-ovh', billing: 'alice-ovh', tech: 'alice-ovh' },
    state: 'active',
    renewal: { expiresAt, periodMonths, mode, cancelReason: mode === 'cancel' ? 'no longer needed' : null, priceMinor: 1000 },
    createdAt: '2026-01-01T00:00:00.000Z',
    deletedAt: null,
    ...rest,
  };
}

/** Every entry of the date index due by `until`. */
export async function dueUntil(h: Harness, until: string): Promise<DueEntry[]> {
  return h.uow.run(async (tx) => ({ commit: false, result: await tx.due.until(new Date(until), 100_000) }));
}

/** The due entries that concern one service. */
export async function dueFor(h: Harness, id: string): Promise<DueEntry[]> {
  return (await dueUntil(h, '2100-01-01T00:00:00.000Z')).filter((e) => e.ref === id);
}

/** The last confirmation token sent privately to a console user for a deletion. */
export function lastDeleteToken(h: Harness, user: string, service: string): string | undefined {
  const re = new RegExp(`delete-now ${service.replace(/\./g, '\\.')} ([A-Z0-9]{10})`);
  for (const d of [...h.notifier.directs].reverse()) {
    if (d.to !== `console:local/${user}`) continue;
    const m = re.exec(d.text);
    if (m) return m[1];
  }
  return undefined;
}
