/**
 * Child process of the sweep benchmark: `tsx test/bench/sweep-run-proc.ts FILE` opens the store FILE (built by
 * sweep-load.ts) as the scheduler of a fresh bot process would, runs one `JobRunner.runNow` and prints
 * `{"runMs":…,"counts":{…},"peakRssMb":…}` (the peak of this process alone, opening included).
 */
import { DEFAULT_CORE_CONFIG } from '../../src/core/config.js';
import { buildJobRunner } from '../../src/jobs/index.js';
import { silentLogger } from '../../src/ports/logger.js';
import { KeyvSqliteEngine } from '../../adapters/store/keyv-sqlite.engine.js';
import { DocumentUnitOfWork } from '../../adapters/store/unit-of-work.js';
import { acceptingNotifier, BENCH_START } from './bench-store.js';
import { peakRssMb } from './measure.js';

const [file] = process.argv.slice(2);
const engine = await KeyvSqliteEngine.open({ uri: `sqlite://${file}` });
const store = new DocumentUnitOfWork(engine);
const runner = buildJobRunner({ store, notifier: acceptingNotifier, config: DEFAULT_CORE_CONFIG, logger: silentLogger });
const start = performance.now();
const report = await runner.runNow(new Date(new Date(BENCH_START).getTime() + 60_000));
const runMs = performance.now() - start;
await store.close();
process.stdout.write(`${JSON.stringify({ runMs, counts: { ...report.counts }, peakRssMb: peakRssMb() })}\n`);
