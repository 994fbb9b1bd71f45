import { describe, expect, it as vitestIt } from 'vitest';
import { DocumentTx } from '../adapters/store/document-tx.js';
import type { StorageEngine } from '../adapters/store/engine.js';
import { MemoryEngine } from '../adapters/store/memory.engine.js';
import { DocumentUnitOfWork } from '../adapters/store/unit-of-work.js';
import type { PendingAction } from '../src/domain/records.js';
import { timedId } from '../src/domain/timed-id.js';
import { itOn, testEngines } from './support/engines.js';

const CUTOFF = new Date('2026-11-23T09:00:00.000Z');
const engines = testEngines('buttons');

/** A button record expiring `ms` milliseconds after the cutoff, with an ID that carries its expiry. */
function timed(ms: number): PendingAction {
  const at = new Date(CUTOFF.getTime() + ms);
  return { id: timedId(at), account: 'alice-ovh', command: 'audit', text: 'Audit', expiresAt: at.toISOString(), usedAt: null };
}

/** Writes a button record as the previous version did: `action:ID` and its index entry `action-at:EXPIRY:ID`. */
async function writeLegacy(engine: StorageEngine, id: string, expiresAt: string): Promise<void> {
  const tx = new DocumentTx(engine);
  tx.put(`action:${id}`, { id, account: 'alice-ovh', command: 'audit', text: 'Audit', expiresAt, usedAt: null });
  tx.put(`action-at:${expiresAt}:${id}`, id);
  expect(await engine.commit(tx.request(true))).toBe(true);
}

/** The keys of button records and their index entries (the engines keep their own `meta:` documents besides). */
const keys = async (engine: StorageEngine) => (await engine.range('act', 'act\uffff', { limit: 1000 })).map((r) => r.key).sort();

describe.each(engines)('button records on %s', (name, open) => {
  const it = itOn(name);

  it('GIVEN a button with a timed ID WHEN stored THEN it is one document act:ID, no action-at: index entry, and it reads back', async () => {
    const engine = await open();
    const uow = new DocumentUnitOfWork(engine);
    const a = timed(60_000);
    await uow.run(async (tx) => (tx.actions.put(a), { commit: true, result: undefined }));
    expect(await keys(engine)).toEqual([`act:${a.id}`]);
    expect(await uow.run(async (tx) => ({ commit: false, result: await tx.actions.get(a.id) }))).toEqual({ ...a, typed: undefined });
    await engine.close();
  });

  it('GIVEN timed buttons around the cutoff and records of the previous version WHEN purged THEN exactly those that expired before the cutoff go, within the limit', async () => {
    const engine = await open();
    const uow = new DocumentUnitOfWork(engine);
    const offsets = [-86_400_000, -2, -1, 0, 1, 86_400_000];
    const buttons = offsets.map(timed).reverse();
    await uow.run(async (tx) => (buttons.forEach((b) => tx.actions.put(b)), { commit: true, result: undefined }));
    await writeLegacy(engine, 'LEGACYOLDXXXXXXXXXXX', '2026-11-23T08:59:59.999Z');
    await writeLegacy(engine, 'LEGACYNEWXXXXXXXXXXX', '2026-11-23T09:00:00.000Z');
    const purge = (limit: number) => uow.run(async (tx) => {
      const n = await tx.actions.purgeBefore(CUTOFF, limit);
      return { commit: n > 0, result: n };
    });
    expect(await purge(2)).toBe(2);
    expect(await purge(10)).toBe(2);
    expect(await purge(10)).toBe(0);
    const kept = buttons.filter((b) => Date.parse(b.expiresAt) >= CUTOFF.getTime()).map((b) => `act:${b.id}`);
    expect(kept).toHaveLength(3);
    expect(await keys(engine)).toEqual([...kept, 'action-at:2026-11-23T09:00:00.000Z:LEGACYNEWXXXXXXXXXXX', 'action:LEGACYNEWXXXXXXXXXXX'].sort());
    const read = (id: string) => uow.run(async (tx) => ({ commit: false, result: (await tx.actions.get(id))?.id }));
    expect(await read('LEGACYNEWXXXXXXXXXXX')).toBe('LEGACYNEWXXXXXXXXXXX');
    expect(await read('LEGACYOLDXXXXXXXXXXX')).toBeUndefined();
    await engine.close();
  });
});

describe('a timed ID that does not carry its own expiry', () => {
  vitestIt('GIVEN a button whose ID names another time WHEN stored THEN it is refused (the purge would read the wrong time)', async () => {
    const uow = new DocumentUnitOfWork(new MemoryEngine());
    const a = { ...timed(0), expiresAt: new Date(CUTOFF.getTime() + 1).toISOString() };
    await expect(uow.run(async (tx) => (tx.actions.put(a), { commit: true, result: undefined }))).rejects.toThrow(/not its expiry/);
  });
});
