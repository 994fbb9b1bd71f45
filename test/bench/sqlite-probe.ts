/**
 * `VARIANTS='wal_autocheckpoint=1000|wal_autocheckpoint=4000' ROUNDS=4 [CMD=voucher] node --import tsx
 * test/bench/sqlite-probe.ts TEMPLATE N`: A/B of settings of the SQLite engine's writing connection, back to back in
 * one process (noise from other processes on the machine hits every variant alike). The store is a copy of the bench
 * store kept in folder TEMPLATE (built there once: 10,000 accounts). Each round runs, per variant (rotated order),
 * N one-client `/credit buy` (or `/voucher activate`) after the variant's PRAGMAs and an emptied WAL, then 1,000 raw
 * Keyv sets. Per variant: mean, p50, p99 ms per command, CPU per command (every thread), commit time per command,
 * commits over 3 ms, read/write syscalls per command (/proc/self/io). Not part of `npm run bench`.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { KeyvSqliteEngine } from '../../adapters/store/keyv-sqlite.engine.js';
import { benchProject, benchUser, issueVouchers, openBenchStore, warmUp } from './bench-store.js';
import { peakRssMb, quantile, runLoop, procIo } from './measure.js';
import { typicalDocument } from './raw.bench.js';

const [template, nArg] = process.argv.slice(2);
if (!template) throw new Error('usage: sqlite-probe.ts TEMPLATE_DIR [N]');
const N = Number(nArg ?? 1000);
const ACCOUNTS = 10_000;
const variants = (process.env.VARIANTS ?? 'wal_autocheckpoint=1000|wal_autocheckpoint=4000').split('|');
const ROUNDS = Number(process.env.ROUNDS ?? 4);
const voucher = process.env.CMD === 'voucher';

if (!existsSync(join(template, 'store.sqlite'))) {
  await promisify(execFile)(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'store-load.ts'), template, String(ACCOUNTS)]);
}
const dir = mkdtempSync(join(tmpdir(), 'guichet-probe-'));
copyFileSync(join(template, 'store.sqlite'), join(dir, 'store.sqlite'));
const store = await openBenchStore('probe', dir);
const writer = store.engine as KeyvSqliteEngine;
const io = procIo;
const ok = (r: { tone: string; code?: string }) => {
  if (r.tone === 'error') throw new Error(`probe: ${r.code}`);
};
const command = (i: number, code: string) =>
  voucher ? store.run(benchUser(i % ACCOUNTS), 'voucher', `activate ${code} ${benchProject(i % ACCOUNTS)}`) : store.run(benchUser(i % ACCOUNTS), 'credit', `buy 100 ${benchProject(i % ACCOUNTS)}`);

await warmUp(store, ACCOUNTS);
await issueVouchers(store, 'P', N * ROUNDS * variants.length);
await issueVouchers(store, 'W', 500);
await runLoop(500, 32, async (i) => ok(await command(i, `W-${i}`)));

type Sums = { n: number; wall: number; cpu: number; sys: number; commitMs: number; slow: number; syscr: number; syscw: number; lat: number[] };
const sums = new Map<string, Sums>();
let k = 0;
for (let round = 0; round < ROUNDS; round++) {
  for (let v = 0; v < variants.length; v++) {
    const variant = variants[(v + round) % variants.length]!;
    await writer.query('PRAGMA wal_checkpoint(TRUNCATE)');
    for (const q of variant.split(';').filter(Boolean)) await writer.query(`PRAGMA ${q}`);
    await warmUp(store, ACCOUNTS);
    const s = sums.get(variant) ?? { n: 0, wall: 0, cpu: 0, sys: 0, commitMs: 0, slow: 0, syscr: 0, syscw: 0, lat: [] };
    const i0 = io();
    const c0 = process.cpuUsage();
    const commit0 = writer.stats.commitMs;
    const t0 = performance.now();
    for (let j = 0; j < N; j++) {
      const i = k++;
      const t = performance.now();
      const before = writer.stats.commitMs;
      ok(await command(i, `P-${i}`));
      if (writer.stats.commitMs - before > 3) s.slow++;
      s.lat.push(performance.now() - t);
    }
    s.wall += performance.now() - t0;
    const c = process.cpuUsage(c0);
    const i1 = io();
    s.n += N;
    s.cpu += (c.user + c.system) / 1000;
    s.sys += c.system / 1000;
    s.commitMs += writer.stats.commitMs - commit0;
    s.syscr += i1.syscr! - i0.syscr!;
    s.syscw += i1.syscw! - i0.syscw!;
    sums.set(variant, s);
  }
  const raw = await runLoop(1000, 1, (i) => store.engine.keyv.set(`raw:${round}:${i}`, typicalDocument(i)));
  console.log(`round ${round}: raw set ${raw.perSecond.toFixed(0)}/s`);
}
for (const [variant, s] of sums) {
  const lat = s.lat.sort((a, b) => a - b);
  const per = (x: number, digits = 3) => (x / s.n).toFixed(digits);
  console.log(
    `${variant.padEnd(48)} mean ${per(s.wall)} ms p50 ${quantile(lat, 0.5).toFixed(2)} p99 ${quantile(lat, 0.99).toFixed(2)} | cpu ${per(s.cpu)} ms (sys ${per(s.sys)})` +
      ` | commit ${per(s.commitMs)} ms, ${s.slow} over 3 ms | syscr ${per(s.syscr, 1)} syscw ${per(s.syscw, 1)}`,
  );
}
console.log(`peak RSS ${peakRssMb().toFixed(0)} MB`);
await store.close();
rmSync(dir, { recursive: true, force: true });
