/**
 * The store-limit section alone, small: `node --import tsx test/bench/commit-limit-only.ts [ACCOUNTS] [N] [--postgres]`
 * builds a store of ACCOUNTS accounts (default 200) in this process, on SQLite or on a fresh PostgreSQL database
 * (benchPostgresServer()), runs the four mutating commands of the core section N times each (default 200, 1 client
 * then 32) and replays each one's commit alone N times, and prints both rates and the command's share of its commit.
 */
import { loadAccounts, openBenchStore, warmUp } from './bench-store.js';
import { commitLimits, shareLines } from './commit-limit.bench.js';
import { coreCommands } from './core.bench.js';
import { benchPostgresServer, createBenchDatabase } from './postgres.bench.js';
import { rawBaseline } from './raw.bench.js';

const [accountsArg, nArg] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const accounts = Number(accountsArg ?? 200);
const n = Number(nArg ?? 200);
const concurrency = 32;

let where: string | undefined;
let drop: (() => Promise<void>) | undefined;
if (process.argv.includes('--postgres')) {
  const db = await createBenchDatabase(benchPostgresServer());
  if ('skipped' in db) throw new Error(db.skipped);
  ({ uri: where, drop } = db);
}
const store = await openBenchStore('limit', where);
try {
  await loadAccounts(store, accounts);
  await warmUp(store, accounts);
  const raw = await rawBaseline(store, n, concurrency);
  const base = raw.setSequential.perSecond;
  const commands = await coreCommands(store, { accounts, sequential: n, concurrent: n, concurrency, warm: Math.min(50, n), only: /^\/(credit buy|orders pay|voucher|contacts)/ });
  const limits = await commitLimits(store, { account: 0, n, concurrency });
  const f = (x: number) => x.toFixed(0).padStart(6);
  console.log(`${where ? 'PostgreSQL' : 'SQLite'}: raw set 1 client ${f(base)}/s, ${concurrency} clients ${f(raw.setConcurrent.perSecond)}/s`);
  for (const l of limits) {
    const c = commands.find((x) => x.command === l.command)!;
    console.log(
      `${l.command.padEnd(36)} command ${f(c.sequential.perSecond)}/s | ${f(c.concurrent.perSecond)}/s; its commit alone (${l.documents} docs, ${l.reads} reads, ${l.existing} existing)` +
        ` ${f(l.sequential.perSecond)}/s (${(l.sequential.perSecond / base).toFixed(2)} × set) | ${f(l.concurrent.perSecond)}/s (${(l.concurrent.perSecond / base).toFixed(2)} × set)`,
    );
  }
  for (const line of shareLines(limits, commands, concurrency)) console.log(line);
} finally {
  await store.close();
  await drop?.();
}
