import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ABSENT } from '../adapters/store/engine.js';
import { KeyvSqliteEngine } from '../adapters/store/keyv-sqlite.engine.js';

const dirs: string[] = [];
const file = () => {
  const d = mkdtempSync(join(tmpdir(), 'guichet-sqlite-commit-'));
  dirs.push(d);
  return `sqlite://${join(d, 'store.sqlite')}`;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const docs = (entries: [string, unknown][]) => new Map<string, unknown>(entries);

describe('SQLite commit in one statement', () => {
  it('GIVEN an engine that has committed once WHEN a commit writes several documents and deletes one THEN it is one statement, and all of it lands with one new version', async () => {
    const e = await KeyvSqliteEngine.open({ uri: file() });
    await e.commit({ reads: new Map(), writes: docs([['k:0', 0], ['k:gone', 1]]) });
    const before = { ...e.stats };
    const ok = await e.commit({ reads: new Map([['k:new', ABSENT]]), writes: docs([['k:1', { a: 1 }], ['k:2', { b: 2 }], ['k:new', 'x'], ['k:gone', null]]) });
    expect(ok).toBe(true);
    expect(e.stats.statements - before.statements).toBe(1);
    expect(e.stats.fallbacks - before.fallbacks).toBe(0);
    expect(e.stats.documents - before.documents).toBe(4);
    const rows = (await e.query(`SELECT key, version FROM keyv WHERE key LIKE 'guichet:k:%' ORDER BY key`)) as { key: string; version: number }[];
    expect(rows.map((r) => r.key)).toEqual(['guichet:k:0', 'guichet:k:1', 'guichet:k:2', 'guichet:k:new']);
    const versions = new Set(rows.filter((r) => r.key !== 'guichet:k:0').map((r) => r.version));
    expect(versions.size).toBe(1);
    expect([...versions][0]).toBeGreaterThan(rows[0]!.version);
    await e.close();
  });

  it('GIVEN a stale read WHEN committed in one statement THEN nothing of it lands and the commit is refused', async () => {
    const e = await KeyvSqliteEngine.open({ uri: file() });
    await e.commit({ reads: new Map(), writes: docs([['k:a', 1]]) });
    const { version } = await e.read('k:a');
    const refused = await e.commit({ reads: new Map([['k:a', version + 99]]), writes: docs([['k:a', 2], ['k:b', 2]]) });
    expect(refused).toBe(false);
    expect(await e.query(`SELECT key FROM keyv WHERE key = 'guichet:k:b'`)).toEqual([]);
    expect((await e.read('k:a')).value).toBe(1);
    await e.close();
  });

  it('GIVEN two commits grouped in one flush, one of them stale WHEN written THEN the valid one lands and only the stale one is refused', async () => {
    const e = await KeyvSqliteEngine.open({ uri: file() });
    await e.commit({ reads: new Map(), writes: docs([['k:a', 1]]) });
    const { version } = await e.read('k:a');
    const [stale, fine] = await Promise.all([
      e.commit({ reads: new Map([['k:a', version + 1]]), writes: docs([['k:s', 1]]) }),
      e.commit({ reads: new Map([['k:a', version]]), writes: docs([['k:f', 1]]) }),
    ]);
    expect([stale, fine]).toEqual([false, true]);
    expect(await e.query(`SELECT key FROM keyv WHERE key IN ('guichet:k:s', 'guichet:k:f')`)).toEqual([{ key: 'guichet:k:f' }]);
    await e.close();
  });

  it('GIVEN another process committed since this one last did WHEN this one commits THEN it takes the full transaction once, and versions stay unique per key', async () => {
    const uri = file();
    const one = await KeyvSqliteEngine.open({ uri });
    const two = await KeyvSqliteEngine.open({ uri });
    await one.commit({ reads: new Map(), writes: docs([['k:x', 1]]) });
    await two.commit({ reads: new Map(), writes: docs([['k:y', 1]]) });
    const v1 = (await one.read('k:x')).version;
    const v2 = (await two.read('k:y')).version;
    expect(await two.commit({ reads: new Map(), writes: docs([['k:x', 2]]) })).toBe(true);
    const fallbacks = one.stats.fallbacks;
    // `one` proposes the counter after its own last commit, which `two` has used since: refused, then the full transaction.
    expect(await one.commit({ reads: new Map(), writes: docs([['k:y', 2]]) })).toBe(true);
    expect(one.stats.fallbacks - fallbacks).toBe(1);
    const x = (await two.query(`SELECT version FROM keyv WHERE key = 'guichet:k:x'`)) as { version: number }[];
    const y = (await two.query(`SELECT version FROM keyv WHERE key = 'guichet:k:y'`)) as { version: number }[];
    expect(x[0]!.version).not.toBe(v1);
    expect(y[0]!.version).not.toBe(v2);
    expect(y[0]!.version).toBeGreaterThan(x[0]!.version);
    // A stale version read by `one` before `two` rewrote k:x is refused.
    expect(await one.commit({ reads: new Map([['k:x', v1]]), writes: docs([['k:z', 1]]) })).toBe(false);
    await one.close();
    await two.close();
  });
});
