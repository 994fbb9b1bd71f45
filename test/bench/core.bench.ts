import type { Reply } from '../../src/core/reply.js';
import { benchAccountId, benchProject, benchService, benchUser, issueVouchers, SERVICES_PER_ACCOUNT, warmUp, type BenchStore } from './bench-store.js';
import { runLoop, type Measure } from './measure.js';
import { splitCpu, threadCpu } from './thread-cpu.js';
import type { EngineStats } from '../../adapters/store/sql-engine.js';

/** One command's figures: one client in sequence and `concurrency` clients at once. */
export interface CommandFigures {
  readonly command: string;
  readonly kind: 'read-only' | 'mutating';
  readonly sequential: Measure;
  readonly concurrent: Measure;
  /** What one command asked of the store, averaged over the one-client phase (and the commits per command with many clients). */
  readonly perCommand: PerCommand;
}

/** Store work per command: documents written, round trips to the database (reads, scans, validations, commit transactions), and statements. */
export interface PerCommand {
  readonly documents: number;
  readonly roundTrips: number;
  readonly statements: number;
  readonly fetches: number;
  readonly scans: number;
  readonly commits: number;
  /** CPU milliseconds per command, one client (every thread of the process: JavaScript and the driver's SQLite work). */
  readonly cpuMs: number;
  /** Of `cpuMs`, the main thread's (JavaScript, the driver's bindings and callbacks); the rest ran on the driver's pool threads and V8's helper threads (Linux; 0 elsewhere). */
  readonly mainCpuMs: number;
  /** Milliseconds waiting for the commit per command (one client). */
  readonly commitMs: number;
  /** Commits refused (re-runs) and slow-path commits per command with many clients. */
  readonly concurrentRefused: number;
  readonly concurrentFallbacks: number;
  /** Database transactions per command with many clients (below 1: commands share group commits). */
  readonly concurrentCommits: number;
}

function perCommand(before: EngineStats, after: EngineStats, n: number, cpu: { cpuMs: number; mainCpuMs: number }, concurrent: { before: EngineStats; after: EngineStats; n: number }): PerCommand {
  const d = (k: keyof EngineStats) => (after[k] - before[k]) / n;
  return {
    documents: d('documents'),
    roundTrips: d('fetches') + d('scans') + d('checks') + d('commits'),
    statements: d('statements'),
    fetches: d('fetches'),
    scans: d('scans'),
    commits: d('commits'),
    commitMs: d('commitMs'),
    cpuMs: cpu.cpuMs,
    mainCpuMs: cpu.mainCpuMs,
    concurrentRefused: (concurrent.after.refused - concurrent.before.refused) / concurrent.n,
    concurrentFallbacks: (concurrent.after.fallbacks - concurrent.before.fallbacks) / concurrent.n,
    concurrentCommits: (concurrent.after.commits - concurrent.before.commits) / concurrent.n,
  };
}

/** Sizes of the core section. */
export interface CoreSizes {
  readonly accounts: number;
  readonly sequential: number;
  readonly concurrent: number;
  readonly concurrency: number;
  /** Only the commands whose name matches (quick loops); `/orders pay` comes with `/credit buy`, whose orders it pays. */
  readonly only?: RegExp;
  /** Commands run (32 in flight, not measured) before each command's measures, so they measure a warm process; default min(500, sequential). */
  readonly warm?: number;
}

/** A refusal or failure where the benchmark expects success: the figures would be meaningless. */
function expectOk(what: string, r: Reply): Reply {
  if (r.tone === 'error') throw new Error(`bench: ${what} failed: ${r.code} ${JSON.stringify(r.sections).slice(0, 300)}`);
  return r;
}

const ORDER_ID = /ORD-[A-Z0-9]+/;

/**
 * Runs each command `sequential` times one at a time, then `concurrent` times with `concurrency` in
 * flight; command i is typed by the console user of account i (mod accounts), so concurrent commands
 * are spread over many projects. Mutating commands never repeat an item (fresh orders, codes, services).
 */
export async function coreCommands(store: BenchStore, sizes: CoreSizes): Promise<CommandFigures[]> {
  const { accounts, concurrency } = sizes;
  const acct = (i: number) => i % accounts;
  const run = async (what: string, user: string, command: string, text: string) => expectOk(`/${command} ${text}`, await store.run(user, command, text));
  const phases = [
    { name: 'sequential' as const, n: sizes.sequential, c: 1, offset: 0 },
    { name: 'concurrent' as const, n: sizes.concurrent, c: concurrency, offset: sizes.sequential },
  ];
  // A running bot is warm (V8 has optimised its hot paths): each command first runs `warm` times on items the
  // measures do not use (orders bought in /credit buy's warm-up are paid in /orders pay's), unmeasured.
  const warm = sizes.warm ?? Math.min(500, sizes.sequential);
  const warmOffset = sizes.sequential + sizes.concurrent;
  await issueVouchers(store, 'BENCH', sizes.sequential + sizes.concurrent + warm);
  const orders: string[] = [];
  const contactSlots = accounts * (SERVICES_PER_ACCOUNT - 1);
  if (sizes.sequential + sizes.concurrent + warm > contactSlots) throw new Error('bench: not enough services for fresh contact changes');

  type Spec = { command: string; kind: CommandFigures['kind']; op: (i: number) => Promise<unknown> };
  const specs: Spec[] = [
    { command: '/credit list PROJECT', kind: 'read-only', op: (i) => run('list', benchUser(acct(i)), 'credit', `list ${benchProject(acct(i))}`) },
    { command: '/orders', kind: 'read-only', op: (i) => run('orders', benchUser(acct(i)), 'orders', '') },
    ...(store.core.deps.registry.find('renew')
      ? [{ command: '/renew status', kind: 'read-only' as const, op: (i: number) => run('renew', benchUser(acct(i)), 'renew', 'status') }]
      : []),
    {
      command: '/credit buy 100 PROJECT', kind: 'mutating',
      op: async (i) => {
        const r = await run('buy', benchUser(acct(i)), 'credit', `buy 100 ${benchProject(acct(i))}`);
        const id = ORDER_ID.exec(JSON.stringify(r))?.[0];
        if (!id) throw new Error('bench: no order ID in the /credit buy reply');
        orders[i] = id;
      },
    },
    { command: '/orders pay ORDER', kind: 'mutating', op: (i) => run('pay', benchUser(acct(i)), 'orders', `pay ${orders[i]}`) },
    { command: '/voucher activate CODE PROJECT', kind: 'mutating', op: (i) => run('voucher', benchUser(acct(i)), 'voucher', `activate BENCH-${i} ${benchProject(acct(i))}`) },
    {
      command: '/contacts change SERVICE billing=ID', kind: 'mutating',
      op: (i) => {
        const a = acct(i);
        const k = 1 + (Math.floor(i / accounts) % (SERVICES_PER_ACCOUNT - 1));
        return run('contacts', benchUser(a), 'contacts', `change ${benchService(a, k)} billing=${benchAccountId((a + 1) % accounts)}`);
      },
    },
  ];
  const out: CommandFigures[] = [];
  for (const spec of specs) {
    if (sizes.only && !sizes.only.test(spec.command) && !(spec.command.startsWith('/orders pay') && sizes.only.test('/credit buy'))) continue;
    const m: Partial<Record<'sequential' | 'concurrent', Measure>> = {};
    const stats: Partial<Record<'sequential' | 'concurrent', { before: EngineStats; after: EngineStats; n: number; cpuMs: number; mainCpuMs: number }>> = {};
    if (warm > 0) await runLoop(warm, concurrency, (i) => spec.op(warmOffset + i));
    for (const p of phases) {
      // Every measure starts from the same cache: each account's link, account, project and wallet read once (as
      // after start-up), so the documents one command scanned (e.g. /renew status: every service) do not decide the next one's misses.
      await warmUp(store, accounts);
      const before = { ...store.engine.stats };
      const cpu = process.cpuUsage();
      const threads = threadCpu();
      m[p.name] = await runLoop(p.n, p.c, (i) => spec.op(p.offset + i));
      const used = process.cpuUsage(cpu);
      const { main } = splitCpu(threads, threadCpu());
      stats[p.name] = { before, after: { ...store.engine.stats }, n: p.n, cpuMs: (used.user + used.system) / 1000 / p.n, mainCpuMs: main / p.n };
    }
    const seq = stats.sequential!;
    out.push({ command: spec.command, kind: spec.kind, sequential: m.sequential!, concurrent: m.concurrent!, perCommand: perCommand(seq.before, seq.after, seq.n, seq, stats.concurrent!) });
  }
  return out;
}

/** Runs `n` read-only commands (`/credit list` and `/orders` alternately) with `concurrency` in flight (memory section). */
export async function manyCommands(store: BenchStore, n: number, accounts: number, concurrency: number): Promise<Measure> {
  return runLoop(n, concurrency, async (i) => {
    const a = (i * 31) % accounts;
    const r = i % 2 === 0 ? await store.run(benchUser(a), 'credit', `list ${benchProject(a)}`) : await store.run(benchUser(a), 'orders', '');
    expectOk('memory loop', r);
  });
}
