import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { summarise, type Measure } from './measure.js';

/** Mutating throughput of k processes sharing one store, each with `concurrency` commands in flight. */
export interface MultiFigures {
  readonly processes: number;
  /** All commands of all processes over the wall time from "go" to the last one done. */
  readonly total: Measure;
  /** Each process's own figures. */
  readonly each: Measure[];
}

/**
 * Runs `/credit buy` from `k` child processes at once on the store at `uri`: `n` commands in all, split between them.
 * Each child first runs `warmUp` commands of its own on accounts the measure does not use (a bot that has been running
 * a while: V8 has optimised its hot paths; measured cold, 2,000 commands cost a process about 1.3 s of compilation
 * CPU, which would count k times against k processes). `onGo` is called when every child is ready, just before they
 * start. The children get GUICHET_BENCH_CHILD_NODE_ARGS too, if set (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`).
 */
export async function multiProcess(uri: string, k: number, n: number, concurrency: number, accounts: number, warmUp = 0, onGo?: () => void): Promise<MultiFigures> {
  const children = Array.from({ length: k }, (_, index) => {
    const child = spawn(process.execPath, ['--max-old-space-size=256', ...(process.env.GUICHET_BENCH_CHILD_NODE_ARGS ?? '').split(' ').filter(Boolean), '--import', 'tsx', join(import.meta.dirname, 'multi-load.ts'), uri, String(index), String(k), String(Math.floor(n / k)), String(concurrency), String(accounts)], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, GUICHET_BENCH_MULTI_WARMUP: process.env.GUICHET_BENCH_MULTI_WARMUP ?? String(warmUp) } });
    let out = '';
    const ready = new Promise<void>((resolve) => child.stdout.on('data', (d: Buffer) => { out += d.toString(); if (out.includes('ready\n')) resolve(); }));
    const done = new Promise<Measure>((resolve, reject) => child.once('exit', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      code === 0 ? resolve(JSON.parse(last) as Measure) : reject(new Error(`bench child ${index} exited with ${code}`));
    }));
    return { child, ready, done };
  });
  await Promise.all(children.map((c) => c.ready));
  onGo?.();
  const start = performance.now();
  for (const c of children) c.child.stdin.end('go\n');
  const each = await Promise.all(children.map((c) => c.done));
  const wall = performance.now() - start;
  const ops = each.reduce((s, m) => s + m.ops, 0);
  // Latency percentiles of the whole: each process's p50/p99, weighted equally (the children keep their samples).
  const total = { ...summarise([], wall), ops, perSecond: ops / (wall / 1000), p50Ms: Math.max(...each.map((m) => m.p50Ms)), p99Ms: Math.max(...each.map((m) => m.p99Ms)) };
  return { processes: k, total, each };
}
