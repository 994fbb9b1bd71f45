/**
 * Profiles one command's loop only (after the store build, a warm-up and the cache warm-up): `node --import tsx
 * test/bench/prof-cmd.ts ACCOUNTS N CONCURRENCY COMMAND 'ARGS'`, e.g. `… 2000 3000 1 credit 'buy 100 {P}'`; in ARGS
 * {P} is the account's project, {I} the run's index, {O} an order bought beforehand, {S} a service not changed yet,
 * {B} another account. Prints rate and CPU per command; writes the CPU profile to PROF_OUT (default: the temp folder's
 * guichet-command.cpuprofile) unless NOPROF is set. The CPU is also split between the main thread and the others (the
 * driver's pool threads, V8's helpers).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { benchAccountId, benchProject, benchService, benchUser, issueVouchers, openBenchStore, SERVICES_PER_ACCOUNT, warmUp } from './bench-store.js';
import { runLoop } from './measure.js';
import { splitCpu, threadCpu } from './thread-cpu.js';
const run = promisify(execFile);
const [accounts, n, conc] = [Number(process.argv[2]), Number(process.argv[3]), Number(process.argv[4])];
const command = process.argv[5]!; const tmpl = process.argv[6]!;
const where = mkdtempSync(join(tmpdir(), 'guichet-prof-'));
await run(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'store-load.ts'), where, String(accounts)], { maxBuffer: 1 << 20 });
const store = await openBenchStore('prof', where);
await warmUp(store, accounts);
await issueVouchers(store, 'BENCH', n * 2);
const orders: string[] = [];
const warm = Math.min(500, n);
if (tmpl.includes('{O}')) {
  await runLoop(n + warm, conc, async (i) => {
    const a = i % accounts;
    const r = await store.run(benchUser(a), 'credit', `buy 100 ${benchProject(a)}`);
    orders[i] = /ORD-[A-Z0-9]+/.exec(JSON.stringify(r))![0];
  });
}
const text = (i: number) => {
  const a = i % accounts;
  const k = 1 + (Math.floor(i / accounts) % (SERVICES_PER_ACCOUNT - 1));
  return tmpl.replace('{P}', benchProject(a)).replace('{I}', String(i)).replace('{O}', orders[i] ?? '').replace('{S}', benchService(a, k)).replace('{B}', benchAccountId((a + 1) % accounts));
};
const op = async (i: number) => { const a = i % accounts; const r = await store.run(benchUser(a), command, text(i)); if (r.tone === 'error') throw new Error(JSON.stringify(r)); };
await runLoop(warm, conc, (i) => op(n + i));
await warmUp(store, accounts);
const prof = !process.env.NOPROF; const s = new Session(); if (prof) { s.connect(); await s.post('Profiler.enable'); await s.post('Profiler.setSamplingInterval', { interval: 50 }); await s.post('Profiler.start'); }
const threads = threadCpu(); const cpu = process.cpuUsage(); const t0 = performance.now();
await runLoop(n, conc, op);
const used = process.cpuUsage(cpu); const wall = performance.now() - t0; const split = splitCpu(threads, threadCpu());
if (prof) { const { profile } = await s.post('Profiler.stop'); const out = process.env.PROF_OUT ?? join(tmpdir(), 'guichet-command.cpuprofile'); writeFileSync(out, JSON.stringify(profile)); console.log(`profile: ${out}`); }
console.log(`${n} in ${wall.toFixed(0)} ms: ${(n * 1000 / wall).toFixed(0)}/s cpu ${((used.user + used.system) / 1000 / n).toFixed(3)} ms/cmd (main thread ${(split.main / n).toFixed(3)}, other threads ${(split.others / n).toFixed(3)})`);
await store.close(); (await import('node:fs')).rmSync(where, { recursive: true, force: true });
