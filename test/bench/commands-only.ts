/**
 * `node --import tsx test/bench/commands-only.ts [ACCOUNTS] [postgres://…]`: the raw baseline and the core commands
 * alone, with the store work per command (documents, round trips, statements) — the quick loop for store work,
 * and the one to run under `node --cpu-prof`.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { openBenchStore, warmUp } from './bench-store.js';
import { coreCommands } from './core.bench.js';
import { benchPostgresServer, createBenchDatabase } from './postgres.bench.js';
import { rawBaseline } from './raw.bench.js';

const run = promisify(execFile);
const accounts = Number(process.argv[2] ?? 1000);
const pgWanted = process.argv.includes('--postgres');
const sequential = Number(process.env.BENCH_SEQ ?? 400);
const concurrent = Number(process.env.BENCH_CONC ?? 800);

let where: string;
let drop: (() => Promise<void>) | undefined;
if (pgWanted) {
  const db = await createBenchDatabase(benchPostgresServer());
  if ('skipped' in db) throw new Error(db.skipped);
  where = db.uri;
  drop = db.drop;
} else {
  where = mkdtempSync(join(tmpdir(), 'guichet-bench-cmd-'));
}
await run(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'store-load.ts'), where, String(accounts)], { maxBuffer: 1 << 20 });
const store = await openBenchStore('cmd', where);
try {
  await warmUp(store, accounts);
  const raw = await rawBaseline(store, Number(process.env.BENCH_RAW ?? 2000), 32);
  const base = raw.setSequential.perSecond;
  const f = (n: number) => n.toFixed(n < 10 ? 2 : 0);
  console.log(`raw set 1 client ${f(base)}/s p50 ${raw.setSequential.p50Ms.toFixed(3)} ms cpu ${raw.setCpuMs.toFixed(3)} ms; 32 clients ${f(raw.setConcurrent.perSecond)}/s`);
  const only = process.env.BENCH_ONLY;
  const commands = await coreCommands(store, { accounts, sequential, concurrent, concurrency: 32, only: only ? new RegExp(only) : undefined });
  for (const c of commands) {
    const p = c.perCommand;
    console.log(
      `${c.command.padEnd(38)} 1: ${f(c.sequential.perSecond)}/s (${(100 * c.sequential.perSecond / base).toFixed(0)} %) p50 ${c.sequential.p50Ms.toFixed(2)} p99 ${c.sequential.p99Ms.toFixed(2)}` +
        ` | 32: ${f(c.concurrent.perSecond)}/s (${(100 * c.concurrent.perSecond / base).toFixed(0)} %)` +
        ` | cpu ${p.cpuMs.toFixed(2)} ms (main ${p.mainCpuMs.toFixed(2)}) | docs ${f(p.documents)} rt ${f(p.roundTrips)} (fetch ${f(p.fetches)} scan ${f(p.scans)} commit ${f(p.commits)}, ${p.commitMs.toFixed(3)} ms) stmts ${f(p.statements)} commits@32 ${p.concurrentCommits.toFixed(2)} refused@32 ${p.concurrentRefused.toFixed(2)} fallbacks@32 ${p.concurrentFallbacks.toFixed(2)}`,
    );
  }
} finally {
  await store.close();
  await drop?.();
}
