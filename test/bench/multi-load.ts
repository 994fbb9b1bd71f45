/**
 * Child process of the multi-process benchmark: `tsx test/bench/multi-load.ts URI INDEX PROCESSES N CONCURRENCY`
 * opens the bench store like a bot, says `ready`, waits for a line on stdin, then runs N `/credit buy` commands
 * (CONCURRENCY in flight) over the accounts of its share (account i with i ≡ INDEX mod PROCESSES), and prints
 * its figures as JSON.
 */
import { createInterface } from 'node:readline';
import { benchProject, benchUser, openBenchStore } from './bench-store.js';
import { runLoop } from './measure.js';

const [uri, indexArg, processesArg, nArg, concurrencyArg, accountsArg] = process.argv.slice(2);
const index = Number(indexArg);
const processes = Number(processesArg);
const accounts = Number(accountsArg);
const store = await openBenchStore('multi', uri);
const share = Math.floor(accounts / processes);
process.stdout.write('ready\n');
await new Promise<void>((resolve) => createInterface({ input: process.stdin }).once('line', () => resolve()));
const m = await runLoop(Number(nArg), Number(concurrencyArg), async (i) => {
  const a = index + processes * (i % share);
  const r = await store.run(benchUser(a), 'credit', `buy 100 ${benchProject(a)}`);
  if (r.tone === 'error') throw new Error(`bench: /credit buy failed: ${r.code}`);
});
await store.close();
process.stdout.write(`${JSON.stringify(m)}\n`);
