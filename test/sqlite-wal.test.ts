import { closeSync, mkdtempSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KeyvSqliteEngine } from '../adapters/store/keyv-sqlite.engine.js';
import { WAL_AUTOCHECKPOINT_PAGES } from '../adapters/store/sqlite-checkpoints.js';

const dirs: string[] = [];
const tempFile = () => {
  const d = mkdtempSync(join(tmpdir(), 'guichet-sqlite-wal-'));
  dirs.push(d);
  return join(d, 'g.sqlite');
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A commit shaped like a mutating command's: `n` new documents of about 300 bytes under keys spread over the index. */
const commit = (e: KeyvSqliteEngine, i: number, n = 10) =>
  e.commit({ reads: new Map(), writes: new Map(Array.from({ length: n }, (_, j) => [`doc:${(i * 7919 + j * 104729) % 1_000_003}:${i}:${j}`, { i, j, note: 'x'.repeat(280) }] as const)) });
/** The WAL header's salts: SQLite changes them each time the WAL starts over from its beginning. */
const walSalt = (file: string) => {
  const header = Buffer.alloc(8);
  const fd = openSync(`${file}-wal`, 'r');
  try {
    readSync(fd, header, 0, 8, 16);
  } finally {
    closeSync(fd);
  }
  return header.toString('hex');
};
/** Frames in the WAL now (a PASSIVE checkpoint reports them; the WAL only starts over at the next commit). */
const walFrames = async (e: KeyvSqliteEngine) => ((await e.query('PRAGMA wal_checkpoint(PASSIVE)')) as { log: number }[])[0]!.log;

describe('SQLite WAL settings and checkpoints', () => {
  it('GIVEN a new store WHEN it opens THEN the writing connection is in WAL mode with synchronous=NORMAL, checkpoints every WAL_AUTOCHECKPOINT_PAGES pages and cuts the WAL file back to that size', async () => {
    const e = await KeyvSqliteEngine.open({ uri: `sqlite://${tempFile()}` });
    try {
      expect(await e.query('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
      expect(await e.query('PRAGMA synchronous')).toEqual([{ synchronous: 1 }]);
      expect(await e.query('PRAGMA wal_autocheckpoint')).toEqual([{ wal_autocheckpoint: WAL_AUTOCHECKPOINT_PAGES }]);
      expect(WAL_AUTOCHECKPOINT_PAGES).toBeGreaterThan(1000);
      const [{ page_size: pageSize }] = (await e.query('PRAGMA page_size')) as [{ page_size: number }];
      expect(await e.query('PRAGMA journal_size_limit')).toEqual([{ journal_size_limit: WAL_AUTOCHECKPOINT_PAGES * pageSize }]);
    } finally {
      await e.close();
    }
  });

  it('GIVEN commits without a pause WHEN they write more than one checkpoint interval holds THEN the WAL starts over and its file stays within one interval, while background checkpoints copy it back', async () => {
    const file = tempFile();
    const e = await KeyvSqliteEngine.open({ uri: `sqlite://${file}`, quietCheckpointMs: 3_600_000 });
    try {
      const [{ page_size: pageSize }] = (await e.query('PRAGMA page_size')) as [{ page_size: number }];
      const bound = (WAL_AUTOCHECKPOINT_PAGES + 200) * (pageSize + 24);
      let largest = 0;
      let startsOver = 0;
      let salt = walSalt(file);
      for (let i = 0; startsOver < 2; i++) {
        expect(await commit(e, i)).toBe(true);
        largest = Math.max(largest, statSync(`${file}-wal`).size);
        const now = walSalt(file);
        if (now !== salt) startsOver++;
        salt = now;
        if (i > 5_000) throw new Error(`the WAL started over ${startsOver} time(s) in ${i} commits`);
      }
      expect(e.checkpoints.count).toBeGreaterThan(0);
      expect(largest).toBeLessThanOrEqual(bound);
    } finally {
      await e.close();
    }
  }, 60_000);

  it('GIVEN a burst of commits WHEN no commit follows for the idle delay THEN the WAL is checkpointed off the commits and the next commit starts it over', async () => {
    const e = await KeyvSqliteEngine.open({ uri: `sqlite://${tempFile()}`, quietCheckpointMs: 20 });
    try {
      for (let i = 0; i < 30; i++) expect(await commit(e, i)).toBe(true);
      await vi.waitFor(() => expect(e.checkpoints.count).toBe(1), { timeout: 5000, interval: 10 });
      // Without that checkpoint the WAL would still hold the burst's frames (hundreds) and this commit would add to them.
      expect(await commit(e, 1000, 1)).toBe(true);
      expect(await walFrames(e)).toBeLessThan(10);
    } finally {
      await e.close();
    }
  });

  it('GIVEN a few commits WHEN the store is quiet THEN no checkpoint is spent on them (a quiet-moment checkpoint waits for enough documents)', async () => {
    const e = await KeyvSqliteEngine.open({ uri: `sqlite://${tempFile()}`, quietCheckpointMs: 20 });
    try {
      for (let i = 0; i < 3; i++) expect(await commit(e, i)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(e.checkpoints.count).toBe(0);
    } finally {
      await e.close();
    }
  });
});
