/**
 * `node --import tsx test/bench/gc-cmd.ts ACCOUNTS N COMMAND 'ARGS'`: one client runs a command N times over the
 * accounts in turn (as prof-cmd.ts, after the same store build and warm-up) and prints CPU per command, latency
 * percentiles, and the garbage collections of the loop (count and pause by kind, from `PerformanceObserver`).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { benchUser, openBenchStore, warmUp } from './bench-store.js';
import { runLoop } from './measure.js';

const run = promisify(execFile);
const [accounts, n] = [Number(process.argv[2]), Number(process.argv[3])];
const [command, args] = [process.argv[4]!, process.argv[5] ?? ''];
const where = mkdtempSync(join(tmpdir(), 'guichet-gc-'));
await run(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'store-load.ts'), where, String(accounts)], { maxBuffer: 1 << 20 });
const store = await openBenchStore('gc', where);
const op = async (i: number) => {
  const r = await store.run(benchUser(i % accounts), command, args);
  if (r.tone === 'error') throw new Error(JSON.stringify(r));
};
await warmUp(store, accounts);
await runLoop(Math.min(500, n), 32, (i) => op(n + i));
await warmUp(store, accounts);
const gcs = new Map<string, { count: number; ms: number; max: number }>();
const KINDS: Record<number, string> = { 1: 'scavenge', 2: 'mark-compact', 4: 'incremental', 8: 'weak-callbacks' };
const obs = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    const kind = KINDS[((e as unknown as { detail: { kind: number } }).detail).kind] ?? 'other';
    const g = gcs.get(kind) ?? { count: 0, ms: 0, max: 0 };
    gcs.set(kind, { count: g.count + 1, ms: g.ms + e.duration, max: Math.max(g.max, e.duration) });
  }
});
obs.observe({ entryTypes: ['gc'] });
const cpu = process.cpuUsage();
const m = await runLoop(n, 1, op);
const used = process.cpuUsage(cpu);
await new Promise((r) => setTimeout(r, 50));
obs.disconnect();
console.log(`${n} commands: cpu ${((used.user + used.system) / 1000 / n).toFixed(3)} ms/cmd p50 ${m.p50Ms.toFixed(2)} p99 ${m.p99Ms.toFixed(2)} ms`);
for (const [kind, g] of gcs) console.log(`  gc ${kind}: ${g.count} (${(1000 * g.count / n).toFixed(1)} per 1000 commands), ${g.ms.toFixed(1)} ms in all, longest ${g.max.toFixed(2)} ms`);
await store.close();
rmSync(where, { recursive: true, force: true });
