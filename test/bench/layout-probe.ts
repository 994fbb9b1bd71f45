/**
 * `ROUNDS=4 node --import tsx test/bench/layout-probe.ts N DIR…`: one-client `/credit buy` on several copies of a
 * bench store laid out differently (each DIR holds a store.sqlite), in rotated order, back to back in one process.
 * Per layout: mean ms per command, commit ms per command, CPU per command, write syscalls and WAL bytes per command.
 * Not part of `npm run bench` (an experiment on the table's layout: rowid or WITHOUT ROWID, page size; make the
 * copies with the sqlite3 shell, e.g. `PRAGMA journal_mode=DELETE; PRAGMA page_size=1024; VACUUM; PRAGMA
 * journal_mode=WAL;`). RAW=1 runs the raw baseline first, REWARM=1 re-reads every account before each loop, NOTRUNC=1
 * keeps the WAL between loops (the bench's own conditions, one at a time). The folders are kept.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { KeyvSqliteEngine } from '../../adapters/store/keyv-sqlite.engine.js';
import { benchProject, benchUser, openBenchStore, warmUp, type BenchStore } from './bench-store.js';
import { runLoop, procIo } from './measure.js';
import { rawBaseline } from './raw.bench.js';

const [nArg, ...dirs] = process.argv.slice(2);
const N = Number(nArg ?? 1000);
const ROUNDS = Number(process.env.ROUNDS ?? 4);
const ACCOUNTS = 10_000;
const io = procIo;
const stores = new Map<string, BenchStore>();
for (const dir of dirs) {
  const store = await openBenchStore('layout', dir);
  await warmUp(store, ACCOUNTS);
  await runLoop(500, 32, async (i) => void (await store.run(benchUser(i % ACCOUNTS), 'credit', `buy 100 ${benchProject(i % ACCOUNTS)}`)));
  if (process.env.RAW) await rawBaseline(store, 2000, 32);
  stores.set(dir, store);
}
type Sums = { n: number; wall: number; cpu: number; commitMs: number; syscw: number; walBytes: number };
const sums = new Map<string, Sums>();
let k = 0;
for (let round = 0; round < ROUNDS; round++) {
  for (let v = 0; v < dirs.length; v++) {
    const dir = dirs[(v + round) % dirs.length]!;
    const store = stores.get(dir)!;
    const writer = store.engine as KeyvSqliteEngine;
    if (!process.env.NOTRUNC) await writer.query('PRAGMA wal_checkpoint(TRUNCATE)');
    if (process.env.REWARM) await warmUp(store, ACCOUNTS);
    const s = sums.get(dir) ?? { n: 0, wall: 0, cpu: 0, commitMs: 0, syscw: 0, walBytes: 0 };
    const wal0 = statSync(join(dir, 'store.sqlite-wal')).size;
    const i0 = io();
    const c0 = process.cpuUsage();
    const commit0 = writer.stats.commitMs;
    const t0 = performance.now();
    for (let j = 0; j < N; j++) {
      const i = k++;
      const r = await store.run(benchUser(i % ACCOUNTS), 'credit', `buy 100 ${benchProject(i % ACCOUNTS)}`);
      if (r.tone === 'error') throw new Error(JSON.stringify(r));
    }
    s.wall += performance.now() - t0;
    const c = process.cpuUsage(c0);
    s.cpu += (c.user + c.system) / 1000;
    s.commitMs += writer.stats.commitMs - commit0;
    s.syscw += io().syscw! - i0.syscw!;
    s.walBytes += statSync(join(dir, 'store.sqlite-wal')).size - wal0;
    s.n += N;
    sums.set(dir, s);
  }
}
for (const [dir, s] of sums) {
  const per = (x: number, d = 3) => (x / s.n).toFixed(d);
  console.log(`${dir.padEnd(24)} mean ${per(s.wall)} ms | commit ${per(s.commitMs)} ms | cpu ${per(s.cpu)} ms | syscw ${per(s.syscw, 1)} | WAL ${per(s.walBytes / 1024, 1)} KiB (growth, checkpoints aside)`);
}
for (const store of stores.values()) await store.close({ keep: true });
