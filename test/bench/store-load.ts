/**
 * Child process of the benchmark: `tsx test/bench/store-load.ts DIR|URI ACCOUNTS` builds the bench store
 * (ACCOUNTS accounts, ten services each, through the repositories) and prints its own peak RSS as JSON.
 * Run apart so the measuring process opens the finished store as a long-running bot would.
 */
import { loadAccounts, openBenchStore } from './bench-store.js';
import { peakRssMb } from './measure.js';

const [dir, accountsArg] = process.argv.slice(2);
const store = await openBenchStore('load', dir);
const started = performance.now();
await loadAccounts(store, Number(accountsArg));
const seconds = (performance.now() - started) / 1000;
await store.close({ keep: true });
process.stdout.write(`${JSON.stringify({ seconds, peakRssMb: peakRssMb() })}\n`);
