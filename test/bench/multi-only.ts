/**
 * Only the PostgreSQL multi-process section of `npm run bench`: `node --import tsx test/bench/multi-only.ts
 * [ACCOUNTS] [N] [ORDER]` builds a bench database of ACCOUNTS accounts (10,000) once, then runs `/credit buy`
 * from k processes (N commands in all, 6,000; 32 in flight in each) for each k of ORDER (`1,2,3,3,2,1`), printing
 * each run's rate, its ratio to the mean 1-process rate, and the machine's CPU use (from /proc/stat) meanwhile.
 * GUICHET_BENCH_MULTI_URI reuses a database built before (kept then; with GUICHET_BENCH_MULTI_TEMPLATE, it is
 * re-made from that template database before each run, so every run starts from the same store); children print
 * their engine's counters to stderr when GUICHET_BENCH_STATS is set.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { multiProcess } from './multi-process.bench.js';
import { benchPostgresServer, createBenchDatabase } from './postgres.bench.js';

const run = promisify(execFile);
const [accountsArg, nArg, orderArg] = process.argv.slice(2);
const accounts = Number(accountsArg ?? 10_000);
const n = Number(nArg ?? 6_000);
const order = (orderArg ?? '1,2,3,3,2,1').split(',').map(Number);

/** Busy and total jiffies of the whole machine. */
function cpu(): { busy: number; total: number } {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = f.reduce((s, x) => s + x, 0);
  return { busy: total - f[3]! - f[4]!, total };
}

/**
 * Watches the CPU of the PostgreSQL backends serving `database` (polled every 50 ms, as backends exit with their
 * connections): `stop()` gives their CPU ms since `watch` was called (the last 50 ms of an exiting backend are lost).
 */
function watchServerCpu(database: string): { stop(): number } {
  const seen = new Map<string, number>();
  const poll = () => {
    for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      try {
        if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(` ${database} `)) continue;
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
        // utime and stime are fields 14 and 15 of proc(5), so 11 and 12 after the name; 10 ms a tick.
        seen.set(pid, (f[11]! + f[12]!) * 10);
      } catch {
        // the process ended meanwhile
      }
    }
  };
  poll();
  const before = new Map(seen);
  const timer = setInterval(poll, 50);
  return {
    stop: () => {
      clearInterval(timer);
      poll();
      let ms = 0;
      for (const [pid, t] of seen) ms += t - (before.get(pid) ?? 0);
      return ms;
    },
  };
}

/** Drops the database at `uri` and makes it again as a copy of `template`. */
async function remake(uri: string, template: string): Promise<void> {
  const url = new URL(uri);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  } finally {
    await client.end();
  }
}

let uri = process.env.GUICHET_BENCH_MULTI_URI;
let drop: (() => Promise<void>) | undefined;
if (!uri) {
  const db = await createBenchDatabase(benchPostgresServer());
  if ('skipped' in db) throw new Error(db.skipped);
  uri = db.uri;
  drop = db.drop;
  const t = performance.now();
  await run(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'store-load.ts'), uri, String(accounts)], { maxBuffer: 1 << 20 });
  process.stderr.write(`store built in ${((performance.now() - t) / 1000).toFixed(1)} s: ${uri}\n`);
}
try {
  const rates = new Map<number, number[]>();
  for (const k of order) {
    const template = process.env.GUICHET_BENCH_MULTI_TEMPLATE;
    if (template) await remake(uri, template);
    let before = cpu();
    let server: { stop(): number } | undefined;
    const m = await multiProcess(uri, k, n, 32, accounts, 0, () => {
      before = cpu();
      server = watchServerCpu(new URL(uri!).pathname.slice(1));
    });
    const serverMs = server!.stop();
    const after = cpu();
    const busy = (after.busy - before.busy) / Math.max(1, after.total - before.total);
    rates.set(k, [...(rates.get(k) ?? []), m.total.perSecond]);
    process.stdout.write(`${k} process(es): ${m.total.perSecond.toFixed(0)} commands/s (each ${m.each.map((e) => e.perSecond.toFixed(0)).join(' ')}), p50 ${m.total.p50Ms.toFixed(1)} ms, p99 ${m.total.p99Ms.toFixed(1)} ms, machine CPU busy ${(busy * 100).toFixed(0)} %, PostgreSQL CPU ${(serverMs / m.total.ops).toFixed(2)} ms per command\n`);
  }
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const one = mean(rates.get(1) ?? [NaN]);
  for (const [k, xs] of [...rates].sort((a, b) => a[0] - b[0])) process.stdout.write(`mean ${k}: ${mean(xs).toFixed(0)} commands/s (${(mean(xs) / one).toFixed(2)}× 1 process), runs ${xs.map((x) => x.toFixed(0)).join(' ')}\n`);
} finally {
  await drop?.();
}
