import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DEFAULT_CORE_CONFIG } from '../../src/core/config.js';
import { buildJobRunner } from '../../src/jobs/index.js';
import { silentLogger } from '../../src/ports/logger.js';
import { KeyvSqliteEngine } from '../../adapters/store/keyv-sqlite.engine.js';
import { DocumentUnitOfWork } from '../../adapters/store/unit-of-work.js';
import { acceptingNotifier, BENCH_START } from './bench-store.js';

/** One sweep: a lifecycle-and-reminder run over a store of `services` services with `due` items due. */
export interface SweepFigures {
  readonly services: number;
  readonly due: number;
  readonly loadSeconds: number;
  readonly runMs: number;
  readonly counts: Record<string, number>;
}

const run = promisify(execFile);

/** Builds each store in a child process, then times one `JobRunner.runNow` on it here (a fresh process view). */
export async function sweepScaling(scales: readonly number[], due: number): Promise<SweepFigures[]> {
  const out: SweepFigures[] = [];
  for (const services of scales) {
    const dir = mkdtempSync(join(tmpdir(), 'guichet-bench-sweep-'));
    const file = join(dir, 'store.sqlite');
    try {
      const t = performance.now();
      await run(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'sweep-load.ts'), file, String(services), String(due)], { maxBuffer: 1 << 20 });
      const loadSeconds = (performance.now() - t) / 1000;
      const engine = await KeyvSqliteEngine.open({ uri: `sqlite://${file}` });
      const store = new DocumentUnitOfWork(engine);
      const runner = buildJobRunner({ store, notifier: acceptingNotifier, config: DEFAULT_CORE_CONFIG, logger: silentLogger });
      const start = performance.now();
      const report = await runner.runNow(new Date(new Date(BENCH_START).getTime() + 60_000));
      const runMs = performance.now() - start;
      await store.close();
      out.push({ services, due, loadSeconds, runMs, counts: { ...report.counts } });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return out;
}
