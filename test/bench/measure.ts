import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Timing helpers of the benchmarks: bounded loops, percentiles, rates and peak memory. */

/** What one measured loop gives: operations, wall time, rate and latency percentiles. */
export interface Measure {
  readonly ops: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/** The value at quantile `q` (0..1) of sorted samples. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i]!;
}

/** Builds a measure from per-operation latencies (ms) and the wall time of the whole loop (ms). */
export function summarise(latencies: number[], wallMs: number): Measure {
  const sorted = [...latencies].sort((a, b) => a - b);
  const seconds = wallMs / 1000;
  return {
    ops: latencies.length,
    seconds,
    perSecond: latencies.length / Math.max(seconds, 1e-9),
    p50Ms: quantile(sorted, 0.5),
    p99Ms: quantile(sorted, 0.99),
  };
}

/**
 * Runs `op(i)` for i in [0, n) with at most `concurrency` in flight (1 = strictly sequential) and
 * measures each call; `op` is given the index and the worker number (a client).
 */
export async function runLoop(n: number, concurrency: number, op: (i: number, worker: number) => Promise<unknown>): Promise<Measure> {
  const latencies: number[] = new Array<number>(n);
  let next = 0;
  const start = performance.now();
  const worker = async (w: number) => {
    for (;;) {
      const i = next++;
      if (i >= n) return;
      const t = performance.now();
      await op(i, w);
      latencies[i] = performance.now() - t;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, (_, w) => worker(w)));
  return summarise(latencies, performance.now() - start);
}

/** Times one async call, in milliseconds. */
export async function timed<T>(body: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await body();
  return { ms: performance.now() - t, value };
}

/** This process's I/O counters from /proc/self/io (Linux): `syscr`, `syscw`, `read_bytes`, … */
export function procIo(): Record<string, number> {
  return Object.fromEntries(readFileSync('/proc/self/io', 'utf8').trim().split('\n').map((l) => l.split(': ')).map(([k, v]) => [k, Number(v)]));
}

/** Peak resident set size of this process so far, in MB. */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** Forces a full garbage collection (through V8 flags, no command-line option needed). */
export function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** Live JavaScript heap after a full collection, in MB: what is retained, unlike the peak RSS. */
export function retainedHeapMb(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

/** Current resident set size, in MB. */
export function rssMb(): number {
  return process.memoryUsage().rss / 1024 / 1024;
}

/** The Node options of `npm start` (read from package.json), so bench children run with the bot's own settings. */
export function botNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as { scripts: { start: string } };
  return pkg.scripts.start.split(/\s+/).filter((f) => /^--max-[a-z-]+-size=\d+$/.test(f));
}
