/**
 * Child process of the multi-process benchmark: `tsx test/bench/multi-load.ts URI INDEX PROCESSES N CONCURRENCY`
 * opens the bench store like a bot, says `ready`, waits for a line on stdin, then runs N `/credit buy` commands
 * (CONCURRENCY in flight) over the accounts of its share (account i with i ≡ INDEX mod PROCESSES), and prints
 * its figures as JSON. With GUICHET_BENCH_MULTI_WARMUP=W it first runs W commands (before `ready`) on accounts
 * past those measured, as a bot that has been running a while; with GUICHET_BENCH_STATS set it prints its
 * engine's counters, its CPU and its context switches per command (all from "go") to stderr.
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { benchProject, benchUser, openBenchStore } from './bench-store.js';
import { runLoop } from './measure.js';

const [uri, indexArg, processesArg, nArg, concurrencyArg, accountsArg] = process.argv.slice(2);
const index = Number(indexArg);
const processes = Number(processesArg);
const n = Number(nArg);
const concurrency = Number(concurrencyArg);
const accounts = Number(accountsArg);
const store = await openBenchStore('multi', uri);
const buy = async (a: number) => {
  const r = await store.run(benchUser(a), 'credit', `buy 100 ${benchProject(a)}`);
  if (r.tone === 'error') throw new Error(`bench: /credit buy failed: ${r.code}`);
};
const warmUp = Number(process.env.GUICHET_BENCH_MULTI_WARMUP ?? 0);
if (warmUp > 0) {
  // The measured commands use accounts below n × PROCESSES; the warm-up takes this process's share of the rest.
  const rest = Math.floor((accounts - n * processes) / processes);
  if (rest < 1) throw new Error('bench: no account left for the warm-up');
  await runLoop(warmUp, concurrency, (j) => buy(n * processes + index + processes * (j % rest)));
}
const share = Math.floor(accounts / processes);
process.stdout.write('ready\n');
await new Promise<void>((resolve) => createInterface({ input: process.stdin }).once('line', () => resolve()));
/** This process's context switches so far (Linux; zero elsewhere): voluntary ones are waits for I/O, the others preemptions. */
const switches = () => {
  const status = (() => { try { return readFileSync('/proc/self/status', 'utf8'); } catch { return ''; } })();
  const field = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { voluntary: field('voluntary_ctxt_switches'), involuntary: field('nonvoluntary_ctxt_switches') };
};
const statsAtGo = { ...store.engine.stats };
const switchesAtGo = switches();
const cpuAtGo = process.cpuUsage();
const m = await runLoop(n, concurrency, (i) => buy(index + processes * (i % share)));
if (process.env.GUICHET_BENCH_STATS) {
  const used = process.cpuUsage(cpuAtGo);
  const stats = Object.fromEntries(Object.entries(store.engine.stats).map(([k, v]) => [k, Math.round(v - statsAtGo[k as keyof typeof statsAtGo])]));
  const now = switches();
  const perCommand = (x: number) => +(x / m.ops).toFixed(2);
  const switchesPerCommand = { voluntary: perCommand(now.voluntary - switchesAtGo.voluntary), involuntary: perCommand(now.involuntary - switchesAtGo.involuntary) };
  process.stderr.write(`process ${index}/${processes}: ${JSON.stringify({ ...stats, cpuMsPerCommand: +((used.user + used.system) / 1000 / m.ops).toFixed(3), switchesPerCommand })}\n`);
}
await store.close();
process.stdout.write(`${JSON.stringify(m)}\n`);
