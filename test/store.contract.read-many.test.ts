import { describe, expect } from 'vitest';
import { DocumentTx } from '../adapters/store/document-tx.js';
import { ABSENT, type StorageEngine } from '../adapters/store/engine.js';
import { DocumentUnitOfWork } from '../adapters/store/unit-of-work.js';
import { itOn, testEngines } from './support/engines.js';

const engines = testEngines('read-many');

/** The SQL engines' counters (the memory engine has none). */
const statsOf = (e: StorageEngine) => (e as { stats?: { fetches: number; statements: number } }).stats;

/** Writes documents without reading anything. */
const write = (e: StorageEngine, docs: Record<string, unknown>) => e.commit({ reads: new Map(), writes: new Map(Object.entries(docs)) });

describe.each(engines)('readMany on %s', (name, open) => {
  const it = itOn(name);

  it('GIVEN a cached document, uncached ones and absent keys WHEN read together THEN each comes back with the version a single read gives, absent ones as ABSENT, in the order asked', async () => {
    const e = await open();
    try {
      expect(await write(e, { 'd:a': { n: 1 }, 'd:b': { n: 2 }, 'd:c': { n: 3 } })).toBe(true);
      await e.read('d:a'); // cached by the SQL engines
      const many = await e.readMany(['d:c', 'd:nope', 'd:a', 'd:b', 'odd\u0000key']);
      expect(many.map((r) => r.value)).toEqual([{ n: 3 }, undefined, { n: 1 }, { n: 2 }, undefined]);
      const single = await Promise.all(['d:c', 'd:nope', 'd:a', 'd:b', 'odd\u0000key'].map((k) => e.read(k)));
      expect(many.map((r) => r.version)).toEqual(single.map((r) => r.version));
      expect(many[1]!.version).toBe(ABSENT);
      expect(many[0]!.version).not.toBe(ABSENT);
      expect(await e.readMany([])).toEqual([]);
    } finally {
      await e.close();
    }
  });

  it('GIVEN a key asked twice WHEN read together THEN each answer is a document of its own', async () => {
    const e = await open();
    try {
      await write(e, { 'd:a': { list: [1] } });
      const [first, second] = await e.readMany(['d:a', 'd:a']);
      (first!.value as { list: number[] }).list.push(2);
      expect(second!.value).toEqual({ list: [1] });
      expect(second!.version).toBe(first!.version);
    } finally {
      await e.close();
    }
  });

  it('GIVEN 20 uncached keys WHEN read together THEN a SQL engine sends one statement, and remembers them so that reading them again sends none', async () => {
    const e = await open();
    try {
      const keys = Array.from({ length: 20 }, (_, i) => `d:${String(i).padStart(2, '0')}`);
      await write(e, Object.fromEntries(keys.slice(0, 15).map((k) => [k, { k }])));
      const stats = statsOf(e);
      const before = stats && { ...stats };
      const many = await e.readMany(keys);
      expect(many.filter((r) => r.version !== ABSENT)).toHaveLength(15);
      if (stats && before) {
        expect(stats.statements - before.statements).toBe(1);
        expect(stats.fetches - before.fetches).toBe(1);
        await e.readMany(keys);
        await e.read(keys[3]!);
        await e.read(keys[17]!);
        expect(stats.statements - before.statements).toBe(1);
      }
    } finally {
      await e.close();
    }
  });

  it('GIVEN a read-many whose answer arrives after a commit rewrote one of its keys WHEN the key is read again THEN the new version comes back, not the one read before the commit', async () => {
    const e = await open();
    try {
      await write(e, { 'd:a': 1, 'd:b': 1 });
      // A SQL engine's statement runs now; its answer is held until the commit below has ended.
      const sql = e as unknown as { fetchMany?: (keys: readonly string[]) => Promise<unknown> };
      const fetchMany = sql.fetchMany?.bind(e);
      let fetched!: () => void;
      const answered = new Promise<void>((r) => (fetched = r));
      let release!: () => void;
      const committed = new Promise<void>((r) => (release = r));
      if (fetchMany) {
        sql.fetchMany = async (keys) => {
          const rows = await fetchMany(keys);
          fetched();
          await committed;
          return rows;
        };
      } else fetched();
      const reading = e.readMany(['d:a', 'd:b']);
      await answered;
      await write(e, { 'd:b': 2 });
      release();
      const before = await reading;
      if (fetchMany) expect(before.map((r) => r.value)).toEqual([1, 1]);
      const after = await e.read('d:b');
      expect(after.value).toBe(2);
      expect((await e.readMany(['d:b']))[0]).toEqual(after);
    } finally {
      await e.close();
    }
  });

  it('GIVEN a transaction that read documents together WHEN one of them is rewritten before it commits THEN its commit fails, with or without writes, as after single reads', async () => {
    const e = await open();
    try {
      await write(e, { 'd:a': 1, 'd:b': 1, 'd:c': 1 });
      const tx = new DocumentTx(e);
      expect(await tx.getMany(['d:a', 'd:b', 'd:none'])).toEqual([1, 1, undefined]);
      expect([...tx.reads.keys()].sort()).toEqual(['d:a', 'd:b', 'd:none']);
      await write(e, { 'd:b': 2 });
      tx.put('d:c', 9);
      expect(await e.commit(tx.request(false))).toBe(false);
      expect(await e.commit(tx.request(true))).toBe(false);
      expect((await e.read('d:c')).value).toBe(1);
      const absentMoved = new DocumentTx(e);
      await absentMoved.getMany(['d:a', 'd:none']);
      await write(e, { 'd:none': 1 });
      expect(await e.commit(absentMoved.request(false))).toBe(false);
      const fresh = new DocumentTx(e);
      await fresh.getMany(['d:a', 'd:b']);
      fresh.put('d:c', 9);
      expect(await e.commit(fresh.request(true))).toBe(true);
    } finally {
      await e.close();
    }
  });

  it('GIVEN a transaction that wrote a document WHEN it reads it with others THEN it sees its own write and records no version for it', async () => {
    const e = await open();
    try {
      await write(e, { 'd:a': 1, 'd:b': 1 });
      const tx = new DocumentTx(e);
      tx.put('d:a', 5);
      tx.delete('d:b');
      expect(await tx.getMany(['d:a', 'd:b', 'd:a'])).toEqual([5, undefined, 5]);
      expect(tx.reads.size).toBe(0);
    } finally {
      await e.close();
    }
  });

  it('GIVEN a service listed by contact WHEN it changes before the listing unit ends THEN the unit runs again and returns the new state', async () => {
    const uow = new DocumentUnitOfWork(await open());
    const svc = (name: string) => ({
      id: 'vps-1', kind: 'vps' as const, displayName: name, owner: 'alice-ovh', contacts: { admin: 'alice-ovh', billing: 'alice-ovh', tech: 'alice-ovh' },
      state: 'active' as const, createdAt: '2026-11-01T00:00:00.000Z', deletedAt: null, renewal: null,
    });
    await uow.run(async (tx) => ({ commit: true, result: await tx.services.put(svc('before')) }));
    let attempts = 0;
    const names = await uow.run(async (tx) => {
      const page = await tx.services.listForContact('alice-ovh');
      if (attempts++ === 0) await uow.run(async (other) => ({ commit: true, result: await other.services.put(svc('after')) }));
      return { commit: false, result: page.items.map((s) => s.displayName) };
    });
    expect(attempts).toBe(2);
    expect(names).toEqual(['after']);
    await uow.close();
  });

  it('GIVEN two wallets WHEN the wallets of three projects are read together THEN each comes back in the order asked, none for the project without one', async () => {
    const uow = new DocumentUnitOfWork(await open());
    const totals = { addedMinor: 0, usedMinor: 0, expiredMinor: 0, consumedMinor: 0, paidByMethodMinor: 0, unpaidMinor: 0 };
    const wallet = (projectId: string) => ({ projectId, account: 'alice-ovh', currency: 'EUR', entries: [], totals, historyCount: 0, movementCount: 0 });
    await uow.run(async (tx) => {
      tx.wallets.save(wallet('pc-a'));
      tx.wallets.save(wallet('pc-b'));
      return { commit: true, result: undefined };
    });
    const got = await uow.run(async (tx) => ({ commit: false, result: await tx.wallets.getMany(['pc-b', 'pc-none', 'pc-a']) }));
    expect(got.map((w) => w?.projectId)).toEqual(['pc-b', undefined, 'pc-a']);
    await uow.close();
  });
});
