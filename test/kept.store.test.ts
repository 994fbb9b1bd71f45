import { describe, expect } from 'vitest';
import { DocumentTx } from '../adapters/store/document-tx.js';
import type { StorageEngine } from '../adapters/store/engine.js';
import { DocumentUnitOfWork } from '../adapters/store/unit-of-work.js';
import { encodeTime } from '../src/domain/timed-id.js';
import type { KeptSecret } from '../src/domain/records.js';
import type { Tx } from '../src/ports/store.js';
import { itOn, testEngines, ReadLog } from './support/engines.js';

const CUTOFF = new Date('2026-11-23T09:00:00.000Z');
const DAY = 86_400_000;
/** The key of a copy keyed by its expiry, as the store writes it: `keptx:` + 10 base32 digits of the time + `|REF|ACCOUNT`. */
const timedKeptKey = (ref: string, account: string, at: string) => `keptx:${encodeTime(new Date(at))}|${ref}|${account}`;
const engines = testEngines('kept');

/** A copy of `ref` for alice expiring `ms` milliseconds after the cutoff. */
function copy(ref: string, ms: number, account = 'alice-ovh'): KeptSecret {
  return { ref, account, sealed: `sealed-${ref}-${account}`, expiresAt: new Date(CUTOFF.getTime() + ms).toISOString() };
}

/** Writes a copy as the previous version did: `kept:REF|ACCOUNT` and its index entry `kept-at:EXPIRY|REF|ACCOUNT`. */
async function writeLegacy(engine: StorageEngine, s: KeptSecret): Promise<void> {
  const tx = new DocumentTx(engine);
  tx.put(`kept:${s.ref}|${s.account}`, s);
  tx.put(`kept-at:${s.expiresAt}|${s.ref}|${s.account}`, `kept:${s.ref}|${s.account}`);
  expect(await engine.commit(tx.request(true))).toBe(true);
}

/** The keys of kept copies and of their former index (the engines keep their own `meta:` documents besides). */
const keys = async (engine: StorageEngine) => (await engine.range('kept', 'kept\uffff', { limit: 1000 })).map((r) => r.key).sort();
const write = (uow: DocumentUnitOfWork, body: (tx: Tx) => Promise<unknown>) => uow.run(async (tx) => ({ commit: true, result: await body(tx) }));
const look = <T>(uow: DocumentUnitOfWork, body: (tx: Tx) => Promise<T>) => uow.run(async (tx) => ({ commit: false, result: await body(tx) }));

describe.each(engines)('kept secrets on %s', (name, open) => {
  const it = itOn(name);

  it('GIVEN a copy kept fresh WHEN stored THEN it is one document keptx:EXPIRY|REF|ACCOUNT, no kept-at: index entry, read back with its expiry in one read', async () => {
    const engine = new ReadLog(await open());
    const uow = new DocumentUnitOfWork(engine);
    const s = copy('creq:CR-AAAAAA', 60_000);
    expect(await write(uow, (tx) => tx.secrets.keep(s, { fresh: true }))).toBe(s.expiresAt);
    expect(await keys(engine)).toEqual([timedKeptKey(s.ref, s.account, s.expiresAt)]);
    expect(timedKeptKey(s.ref, s.account, s.expiresAt)).toMatch(/^keptx:[0-9A-Z]{10}\|creq:CR-AAAAAA\|alice-ovh$/);
    engine.keys.length = 0;
    expect(await look(uow, (tx) => tx.secrets.get(s.ref, s.account, s.expiresAt))).toEqual(s);
    expect(engine.keys).toEqual([timedKeptKey(s.ref, s.account, s.expiresAt)]);
    expect(await look(uow, (tx) => tx.secrets.get(s.ref, 'dave-ovh', s.expiresAt))).toBeUndefined();
    await engine.close();
  });

  it('GIVEN timed copies around the cutoff and copies of the previous version WHEN purged THEN exactly those that expired before the cutoff go, within the limit', async () => {
    const engine = await open();
    const uow = new DocumentUnitOfWork(engine);
    const timed = [-DAY, -2, -1, 0, 1, DAY].map((ms, i) => copy(`creq:CR-T${i}`, ms)).reverse();
    await write(uow, async (tx) => { for (const s of timed) await tx.secrets.keep(s, { fresh: true }); });
    const oldLegacy = copy('confirm:delete:vps-old', -1);
    const newLegacy = copy('confirm:delete:vps-new', 0);
    await writeLegacy(engine, oldLegacy);
    await writeLegacy(engine, newLegacy);
    const purge = (limit: number) => uow.run(async (tx) => {
      const n = await tx.secrets.purgeBefore(CUTOFF, limit);
      return { commit: n > 0, result: n };
    });
    expect(await purge(2)).toBe(2);
    expect(await purge(10)).toBe(2);
    expect(await purge(10)).toBe(0);
    const left = timed.filter((s) => Date.parse(s.expiresAt) >= CUTOFF.getTime()).map((s) => timedKeptKey(s.ref, s.account, s.expiresAt));
    expect(left).toHaveLength(3);
    expect(await keys(engine)).toEqual([...left, `kept-at:${newLegacy.expiresAt}|${newLegacy.ref}|alice-ovh`, `kept:${newLegacy.ref}|alice-ovh`].sort());
    expect(await look(uow, (tx) => tx.secrets.get(newLegacy.ref, 'alice-ovh'))).toEqual(newLegacy);
    expect(await look(uow, (tx) => tx.secrets.get(oldLegacy.ref, 'alice-ovh'))).toBeUndefined();
    await engine.close();
  });

  it('GIVEN copies of a ref WHEN forgotten with their expiry THEN the timed copies go in one scan; a ref of the previous version is found under kept: and its index entries go too', async () => {
    const engine = new ReadLog(await open());
    const uow = new DocumentUnitOfWork(engine);
    const mine = [copy('creq:CR-NEW111', DAY), copy('creq:CR-NEW111', DAY, 'dave-ovh')];
    const other = copy('creq:CR-NEW222', DAY);
    await write(uow, async (tx) => { for (const s of [...mine, other]) await tx.secrets.keep(s, { fresh: true }); });
    const legacy = [copy('creq:CR-OLD111', DAY), copy('creq:CR-OLD111', DAY, 'dave-ovh')];
    for (const s of legacy) await writeLegacy(engine, s);
    engine.scans.length = 0;
    expect(await write(uow, (tx) => tx.secrets.forget('creq:CR-NEW111', mine[0]!.expiresAt))).toBe(2);
    expect(engine.scans).toHaveLength(1);
    expect(await write(uow, (tx) => tx.secrets.forget('creq:CR-OLD111', legacy[0]!.expiresAt))).toBe(2);
    expect(await keys(engine)).toEqual([timedKeptKey(other.ref, other.account, other.expiresAt)]);
    await engine.close();
  });

  it('GIVEN a replaceable copy (kept without fresh) WHEN kept again THEN it stays kept:REF|ACCOUNT with one kept-at: entry, the later one', async () => {
    const engine = await open();
    const uow = new DocumentUnitOfWork(engine);
    const first = copy('confirm:delete:vps-demo-1', 60_000);
    const second = copy('confirm:delete:vps-demo-1', 120_000);
    expect(await write(uow, (tx) => tx.secrets.keep(first))).toBeUndefined();
    await write(uow, (tx) => tx.secrets.keep(second));
    expect(await keys(engine)).toEqual([`kept-at:${second.expiresAt}|${second.ref}|alice-ovh`, `kept:${second.ref}|alice-ovh`]);
    expect(await look(uow, (tx) => tx.secrets.get(second.ref, 'alice-ovh'))).toEqual(second);
    await engine.close();
  });
});
