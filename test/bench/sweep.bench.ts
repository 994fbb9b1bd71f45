import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { botNodeFlags } from './measure.js';

/** One sweep: a lifecycle-and-reminder run over a store of `services` services with `due` items due. */
export interface SweepFigures {
  readonly services: number;
  readonly due: number;
  readonly loadSeconds: number;
  /** The median of `runsMs`. */
  readonly runMs: number;
  /** Each run's milliseconds, in the order they ran (each on a fresh copy of the same built store). */
  readonly runsMs: readonly number[];
  readonly counts: Record<string, number>;
  /** The highest peak RSS of the processes that opened the store and ran the sweep (with the bot's Node settings), MB. */
  readonly peakRssMb: number;
}

const run = promisify(execFile);

/**
 * Builds each store in a child process, then times one `JobRunner.runNow` on it in another (a fresh bot process),
 * `repeats` times, each on a fresh copy of the built store (a sweep changes what it swept); the figure is the median,
 * since one run on a shared 2-core machine moves by a third from one run to the next.
 */
export async function sweepScaling(scales: readonly number[], due: number, repeats = 3): Promise<SweepFigures[]> {
  const out: SweepFigures[] = [];
  for (const services of scales) {
    const dir = mkdtempSync(join(tmpdir(), 'guichet-bench-sweep-'));
    const file = join(dir, 'store.sqlite');
    try {
      const t = performance.now();
      await run(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'sweep-load.ts'), file, String(services), String(due)], { maxBuffer: 1 << 20 });
      const loadSeconds = (performance.now() - t) / 1000;
      const runs: { runMs: number; counts: Record<string, number>; peakRssMb: number }[] = [];
      for (let i = 0; i < repeats; i++) {
        const copy = join(dir, `run-${i}.sqlite`);
        copyFileSync(file, copy);
        runs.push(JSON.parse((await run(process.execPath, [...botNodeFlags(), '--import', 'tsx', join(import.meta.dirname, 'sweep-run-proc.ts'), copy], { maxBuffer: 1 << 20 })).stdout));
        rmSync(copy, { force: true });
        rmSync(`${copy}-wal`, { force: true });
        rmSync(`${copy}-shm`, { force: true });
      }
      const runsMs = runs.map((r) => r.runMs);
      out.push({ services, due, loadSeconds, runMs: median(runsMs), runsMs, counts: runs[0]!.counts, peakRssMb: Math.max(...runs.map((r) => r.peakRssMb)) });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return out;
}

/** The middle value (the mean of the two middle ones for an even count). */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
