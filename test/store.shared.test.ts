import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it as vitestIt } from 'vitest';
import { ABSENT, type StorageEngine } from '../adapters/store/engine.js';
import { openEngine } from '../adapters/store/open-store.js';
import { DocumentUnitOfWork } from '../adapters/store/unit-of-work.js';
import { demoAccounts } from '../src/demo/demo-data.js';
import { createDatabase, POSTGRES_URL } from './support/postgres.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Two engines opened on one store, as two processes would: each with its own connections and cache. */
async function twoEngines(kind: 'sqlite' | 'postgres'): Promise<[StorageEngine, StorageEngine]> {
  let uri: string;
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'guichet-shared-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    uri = `sqlite://${join(dir, 'store.sqlite')}`;
  } else {
    const db = await createDatabase('shared');
    cleanups.push(() => db.drop());
    uri = db.uri;
  }
  const [a, b] = await Promise.all([openEngine(uri), openEngine(uri)]);
  cleanups.push(() => a.close(), () => b.close());
  return [a, b];
}

const alice = demoAccounts()[0]!;

/** Reads a key as a read-only unit of work does: again until its version is validated. */
async function validated(e: StorageEngine, key: string): Promise<unknown> {
  for (;;) {
    const { value, version } = await e.read(key);
    if (await e.commit({ reads: new Map([[key, version]]), writes: new Map() })) return value;
  }
}
const nameOf = (uow: DocumentUnitOfWork) => uow.run(async (tx) => ({ commit: false, result: (await tx.accounts.get('alice-ovh'))?.name }));

describe.each(['sqlite', 'postgres'] as const)('two engines on one %s store (two processes)', (kind) => {
  const it = kind === 'postgres' && !POSTGRES_URL ? vitestIt.skip : vitestIt;

  it('GIVEN both engines have the document cached WHEN each runs 15 concurrent read-modify-write units on it THEN no update is lost', async () => {
    const [a, b] = await twoEngines(kind);
    const [ua, ub] = [new DocumentUnitOfWork(a), new DocumentUnitOfWork(b)];
    await ua.run(async (tx) => ({ commit: true, result: tx.accounts.put({ ...alice, name: '0' }) }));
    expect([await nameOf(ua), await nameOf(ub)]).toEqual(['0', '0']);
    const increment = (uow: DocumentUnitOfWork) =>
      uow.run(async (tx) => {
        const account = (await tx.accounts.get('alice-ovh'))!;
        await new Promise((r) => setImmediate(r));
        tx.accounts.put({ ...account, name: String(Number(account.name) + 1) });
        return { commit: true, result: undefined };
      });
    await Promise.all(Array.from({ length: 30 }, (_, i) => increment(i % 2 ? ua : ub)));
    expect([await nameOf(ua), await nameOf(ub)]).toEqual(['30', '30']);
  });

  it('GIVEN one engine writing two documents together WHEN the other reads both in read-only units THEN it never sees one without the other', async () => {
    const [a, b] = await twoEngines(kind);
    const [ua, ub] = [new DocumentUnitOfWork(a), new DocumentUnitOfWork(b)];
    const bob = demoAccounts()[1]!;
    const write = (n: number) => ua.run(async (tx) => {
      tx.accounts.put({ ...alice, name: String(n) });
      tx.accounts.put({ ...bob, name: String(n) });
      return { commit: true, result: undefined };
    });
    await write(0);
    const seen: [string, string][] = [];
    const reader = (async () => {
      for (let i = 0; i < 40; i++) {
        seen.push(await ub.run(async (tx) => {
          const x = (await tx.accounts.get('alice-ovh'))!.name;
          await new Promise((r) => setImmediate(r));
          const y = (await tx.accounts.get('bob-ovh'))!.name;
          return { commit: false, result: [x, y] as [string, string] };
        }));
      }
    })();
    for (let n = 1; n <= 40; n++) await write(n);
    await reader;
    expect(seen.filter(([x, y]) => x !== y)).toEqual([]);
  });

  it('GIVEN both engines requiring that a key does not exist WHEN they commit it at once THEN exactly one succeeds', async () => {
    const [a, b] = await twoEngines(kind);
    for (let i = 0; i < 10; i++) {
      const key = `order:ORD-RACE${i}`;
      const commit = (e: StorageEngine, who: string) => e.commit({ reads: new Map([[key, ABSENT]]), writes: new Map([[key, { who }]]) });
      const results = await Promise.all([commit(a, 'a'), commit(b, 'b')]);
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = results[0] ? 'a' : 'b';
      expect(await validated(a, key)).toEqual({ who: winner });
      expect(await validated(b, key)).toEqual({ who: winner });
    }
  });

  it('GIVEN a version read by one engine WHEN the other engine rewrites the key THEN a commit requiring the old version fails, and succeeds with the new one', async () => {
    const [a, b] = await twoEngines(kind);
    await a.commit({ reads: new Map(), writes: new Map([['k', 1]]) });
    const seen = await a.read('k');
    await b.commit({ reads: new Map(), writes: new Map([['k', 2]]) });
    expect((await b.read('k')).value).toBe(2); // b now has version 2 in its cache
    expect(await a.commit({ reads: new Map([['k', seen.version]]), writes: new Map([['k', 3]]) })).toBe(false);
    const fresh = await a.read('k');
    expect(fresh.value).toBe(2);
    expect(await a.commit({ reads: new Map([['k', fresh.version]]), writes: new Map([['k', 3]]) })).toBe(true);
    expect((await b.read('k')).value).toBe(2); // a raw read is only a hint: b cached version 2
    expect(await validated(b, 'k')).toBe(3);
  });
});

describe('engines opening one new SQLite file at once', () => {
  vitestIt('GIVEN a file that does not exist yet WHEN four engines open it at the same moment, 60 times over THEN every one opens (switching to WAL mode answers SQLITE_BUSY without waiting; the open tries again)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'guichet-open-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const failures: string[] = [];
    for (let round = 0; round < 60; round++) {
      const uri = `sqlite://${join(dir, `store-${round}.sqlite`)}`;
      const opened = await Promise.allSettled(Array.from({ length: 4 }, () => openEngine(uri)));
      for (const o of opened) {
        if (o.status === 'rejected') failures.push(String((o.reason as Error).message));
        else await o.value.close();
      }
    }
    expect(failures).toEqual([]);
  });
});
