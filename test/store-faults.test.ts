import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { KeyvSqliteEngine } from '../adapters/store/keyv-sqlite.engine.js';
import { replyToPlainText } from '../src/core/reply.js';
import { makeHarness, type Harness } from './support/harness.js';

let h: Harness | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await h?.close().catch(() => {});
  h = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const engineOf = (x: Harness) => x.engine as KeyvSqliteEngine;
const links = (x: Harness) => x.uow.run(async (tx) => ({ commit: false, result: (await tx.links.list()).items.length }));
const audits = (x: Harness) => x.uow.run(async (tx) => ({ commit: false, result: (await tx.audit.latest(50)).length }));

describe('store faults', () => {
  it('GIVEN a full disk (SQLite reports SQLITE_FULL) WHEN a command writes THEN it says try again later, nothing is half-written, and reads still work', async () => {
    h = await makeHarness({ engine: 'sqlite' });
    const engine = engineOf(h);
    const [{ page_count }] = (await engine.query('PRAGMA page_count')) as [{ page_count: number }];
    await engine.query(`PRAGMA max_page_count = ${page_count + 8}`);
    let full = false;
    for (let i = 0; i < 1000 && !full; i++) {
      full = await engine.query(`INSERT INTO keyv (key, value) VALUES ('filler:${i}', hex(randomblob(2000)))`).then(() => false, (e: Error) => /full/.test(e.message));
    }
    expect(full).toBe(true);
    const r = await h.run('@root /guichet admin link console:eve alice-ovh');
    expect(r.code).toBe('STORE.UNAVAILABLE');
    expect(await audits(h)).toBe(0);
    expect(await links(h)).toBe(4);
    expect(replyToPlainText(await h.run('/account'))).toContain('Customer ID: alice-ovh');
  });

  it('GIVEN a database that refuses writes (read-only) WHEN a command writes THEN the user is told to try again later and reads still work', async () => {
    h = await makeHarness({ engine: 'sqlite' });
    await engineOf(h).query('PRAGMA query_only = ON');
    const r = await h.run('@root /guichet admin link console:eve alice-ovh');
    expect(r.code).toBe('STORE.UNAVAILABLE');
    expect(replyToPlainText(r)).toContain('try again in a minute');
    expect(await audits(h)).toBe(0);
    expect(replyToPlainText(await h.run('/account'))).toContain('Customer ID: alice-ovh');
    await engineOf(h).query('PRAGMA query_only = OFF');
    expect(replyToPlainText(await h.run('@root /guichet admin link console:eve alice-ovh'))).toContain('Linked');
  });

  it('GIVEN another process holding the write lock WHEN a command writes THEN it times out cleanly and reads still work', async () => {
    h = await makeHarness({ engine: 'sqlite' });
    const other = new sqlite3.Database(join(h.dir!, 'store.sqlite'));
    const exec = (sql: string) => new Promise<void>((res, rej) => other.exec(sql, (e) => (e ? rej(e) : res())));
    await exec('PRAGMA busy_timeout = 0; BEGIN IMMEDIATE; UPDATE keyv SET value = value WHERE key = \'none\';');
    const r = await h.run('@root /guichet admin link console:eve alice-ovh');
    expect(r.code).toBe('STORE.UNAVAILABLE');
    expect(replyToPlainText(await h.run('/account'))).toContain('Customer ID: alice-ovh');
    await exec('ROLLBACK');
    await new Promise<void>((res) => other.close(() => res()));
    expect(await audits(h)).toBe(0);
    expect(replyToPlainText(await h.run('@root /guichet admin link console:eve alice-ovh'))).toContain('Linked');
  });

  it('GIVEN a SQLite file of another application WHEN the store opens THEN start-up stops with a message naming the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'guichet-foreign-'));
    dirs.push(dir);
    const file = join(dir, 'other.sqlite');
    const db = new sqlite3.Database(file);
    await new Promise<void>((res, rej) => db.exec('CREATE TABLE invoices(id INTEGER PRIMARY KEY, total INTEGER); INSERT INTO invoices VALUES (1, 100);', (e) => (e ? rej(e) : res())));
    await new Promise<void>((res) => db.close(() => res()));
    await expect(KeyvSqliteEngine.open({ uri: `sqlite://${file}` })).rejects.toThrow(new RegExp(`${file}.*not a Guichet store.*invoices`));
  });

  it('GIVEN the Keyv table of another application WHEN the store opens THEN it is refused; a Guichet store without the marker is adopted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'guichet-foreign-'));
    dirs.push(dir);
    const make = async (file: string, key: string) => {
      const db = new sqlite3.Database(file);
      await new Promise<void>((res, rej) => db.exec(`CREATE TABLE keyv(key VARCHAR(255) PRIMARY KEY, value TEXT); INSERT INTO keyv VALUES ('${key}', '{"value":1}');`, (e) => (e ? rej(e) : res())));
      await new Promise<void>((res) => db.close(() => res()));
    };
    await make(join(dir, 'other.sqlite'), 'keyv:sessions');
    await expect(KeyvSqliteEngine.open({ uri: `sqlite://${join(dir, 'other.sqlite')}` })).rejects.toThrow(/not a Guichet store/);
    await make(join(dir, 'old.sqlite'), 'guichet:acct:x');
    const engine = await KeyvSqliteEngine.open({ uri: `sqlite://${join(dir, 'old.sqlite')}` });
    expect(await engine.query(`SELECT count(*) AS n FROM keyv WHERE key = 'guichet:meta:store'`)).toEqual([{ n: 1 }]);
    await engine.close();
  });
});
