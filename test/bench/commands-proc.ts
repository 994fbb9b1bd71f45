/**
 * Child process of the memory benchmark: `tsx test/bench/commands-proc.ts DIR ACCOUNTS N CONCURRENCY` opens the
 * bench store in DIR as a bot would, runs N read-only commands (CONCURRENCY in flight) and prints
 * `{"measure":Measure,"peakRssMb":…,"retainedHeapMb":…,"rssAfterGcMb":…}`: the peak of this process alone.
 */
import { openBenchStore } from './bench-store.js';
import { manyCommands } from './core.bench.js';
import { peakRssMb, retainedHeapMb, rssMb } from './measure.js';

const [dir, accountsArg, nArg, concurrencyArg] = process.argv.slice(2);
const store = await openBenchStore('commands', dir);
const measure = await manyCommands(store, Number(nArg), Number(accountsArg), Number(concurrencyArg));
const peak = peakRssMb();
const retained = retainedHeapMb();
const rss = rssMb();
await store.close({ keep: true });
process.stdout.write(`${JSON.stringify({ measure, peakRssMb: peak, retainedHeapMb: retained, rssAfterGcMb: rss })}\n`);
