import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { botNodeFlags } from './measure.js';

/** One sweep: a lifecycle-and-reminder run over a store of `services` services with `due` items due. */
export interface SweepFigures {
  readonly services: number;
  readonly due: number;
  readonly loadSeconds: number;
  readonly runMs: number;
  readonly counts: Record<string, number>;
  /** Peak RSS of the process that opened the store and ran the sweep (with the bot's Node settings), MB. */
  readonly peakRssMb: number;
}

const run = promisify(execFile);

/** Builds each store in a child process, then times one `JobRunner.runNow` on it in another (a fresh bot process). */
export async function sweepScaling(scales: readonly number[], due: number): Promise<SweepFigures[]> {
  const out: SweepFigures[] = [];
  for (const services of scales) {
    const dir = mkdtempSync(join(tmpdir(), 'guichet-bench-sweep-'));
    const file = join(dir, 'store.sqlite');
    try {
      const t = performance.now();
      await run(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'sweep-load.ts'), file, String(services), String(due)], { maxBuffer: 1 << 20 });
      const loadSeconds = (performance.now() - t) / 1000;
      const swept = JSON.parse((await run(process.execPath, [...botNodeFlags(), '--import', 'tsx', join(import.meta.dirname, 'sweep-run-proc.ts'), file], { maxBuffer: 1 << 20 })).stdout) as { runMs: number; counts: Record<string, number>; peakRssMb: number };
      out.push({ services, due, loadSeconds, ...swept });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return out;
}
