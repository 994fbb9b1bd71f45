import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Keyv from 'keyv';
import KeyvSqlite from '@keyv/sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { KeyvSqliteEngine } from '../adapters/store/keyv-sqlite.engine.js';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'guichet-sqlite-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('Keyv-on-SQLite engine', () => {
  it('GIVEN a missing folder WHEN the store opens THEN it is created and the database is in WAL mode', async () => {
    const file = join(tempDir(), 'deep', 'er', 'g.sqlite');
    const e = await KeyvSqliteEngine.open({ uri: `sqlite://${file}` });
    expect(await e.query('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
    await e.close();
  });

  it('GIVEN a commit whose SQL fails half-way WHEN written THEN none of its documents land', async () => {
    const e = await KeyvSqliteEngine.open({ uri: `sqlite://${join(tempDir(), 'g.sqlite')}` });
    await e.query(`CREATE TRIGGER boom BEFORE INSERT ON keyv WHEN NEW.key = 'guichet:b' BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    await expect(e.commit({ reads: new Map(), writes: new Map<string, unknown>([['a', { v: 1 }], ['b', { v: 2 }]]) })).rejects.toThrow(/store unavailable/);
    expect((await e.read('a')).value).toBeUndefined();
    expect(await e.query(`SELECT count(*) AS n FROM keyv WHERE key IN ('guichet:a', 'guichet:b')`)).toEqual([{ n: 0 }]);
    await e.close();
  });

  it('GIVEN documents written by the engine WHEN read by a plain Keyv on the same file THEN Keyv sees the same values', async () => {
    const file = join(tempDir(), 'g.sqlite');
    const e = await KeyvSqliteEngine.open({ uri: `sqlite://${file}` });
    await e.commit({ reads: new Map(), writes: new Map<string, unknown>([['acct:x', { name: ':colon', n: 1 }]]) });
    await e.close();
    const keyv = new Keyv({ store: new KeyvSqlite({ uri: `sqlite://${file}` }), namespace: 'guichet' });
    expect(await keyv.get('acct:x')).toEqual({ name: ':colon', n: 1 });
    await keyv.disconnect();
  });

  it('GIVEN a document deleted WHEN read and listed THEN it is gone, and closing purges the marker rows', async () => {
    const e = await KeyvSqliteEngine.open({ uri: `sqlite://${join(tempDir(), 'g.sqlite')}` });
    await e.commit({ reads: new Map(), writes: new Map<string, unknown>([['k:1', 1], ['k:2', 2]]) });
    await e.commit({ reads: new Map(), writes: new Map<string, unknown>([['k:1', null]]) });
    expect((await e.read('k:1')).value).toBeUndefined();
    expect((await e.range('k:', 'k:\uffff', { limit: 10 })).map((r) => r.key)).toEqual(['k:2']);
    await e.close();
  });

  it('GIVEN a file that is not a SQLite database WHEN the store opens THEN the error names the file', async () => {
    const file = join(tempDir(), 'corrupt.sqlite');
    writeFileSync(file, 'this is not a database, just text '.repeat(200));
    await expect(KeyvSqliteEngine.open({ uri: `sqlite://${file}` })).rejects.toThrow(file);
  });

  it('GIVEN a store written before versions were kept in the file WHEN it opens THEN a version column is added, documents keep their values and can be updated', async () => {
    const file = join(tempDir(), 'old.sqlite');
    const old = new Keyv({ store: new KeyvSqlite({ uri: `sqlite://${file}` }), namespace: 'guichet' });
    await old.set('meta:store', { format: 'guichet-store', version: 1 });
    await old.set('acct:x', { n: 1 });
    await old.disconnect();
    const e = await KeyvSqliteEngine.open({ uri: `sqlite://${file}` });
    expect(((await e.query('PRAGMA table_info(keyv)')) as { name: string }[]).map((c) => c.name)).toEqual(['key', 'value', 'version']);
    const read = await e.read('acct:x');
    expect(read.value).toEqual({ n: 1 });
    expect(await e.commit({ reads: new Map([['acct:x', read.version]]), writes: new Map([['acct:x', { n: 2 }]]) })).toBe(true);
    expect(await e.commit({ reads: new Map([['acct:x', read.version]]), writes: new Map([['acct:x', { n: 3 }]]) })).toBe(false);
    await e.close();
  });
});

describe('what the engine keeps in its document cache', () => {
  it('GIVEN a commit creating a document nobody read WHEN it is read THEN the first read fetches it (written documents do not enter the cache); once read, a rewrite refreshes the cached copy and the next read fetches nothing', async () => {
    const e = await KeyvSqliteEngine.open({ uri: `sqlite://${join(tempDir(), 'g.sqlite')}` });
    try {
      expect(await e.commit({ reads: new Map(), writes: new Map<string, unknown>([['audit:1', { n: 1 }], ['acct:x', { v: 1 }]]) })).toBe(true);
      let fetches = e.stats.fetches;
      expect((await e.read('acct:x')).value).toEqual({ v: 1 });
      expect(e.stats.fetches).toBe(fetches + 1);
      const { version } = await e.read('acct:x');
      expect(await e.commit({ reads: new Map([['acct:x', version]]), writes: new Map<string, unknown>([['acct:x', { v: 2 }]]) })).toBe(true);
      fetches = e.stats.fetches;
      expect((await e.read('acct:x')).value).toEqual({ v: 2 });
      expect(e.stats.fetches).toBe(fetches);
    } finally {
      await e.close();
    }
  });
});
