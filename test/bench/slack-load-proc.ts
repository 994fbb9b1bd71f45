/**
 * Child process of the Slack benchmark, the load generator: `tsx test/bench/slack-load-proc.ts PORT N CONCURRENCY
 * ACCOUNTS WAIT` sends N signed `/credit list` slash commands (CONCURRENCY in flight) to PORT, each with a
 * response_url it serves itself; with WAIT=reply a command counts once its reply arrived there, else once acked.
 * Prints `{"acked":Measure,"done":Measure,"cpuMs":…}` (done: from sending to the reply, or to the ack; cpuMs: this
 * process's CPU time over the run).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { postSigned, slashForm } from '../support/slack-bed.js';
import { benchProject } from './bench-store.js';
import { runLoop, summarise } from './measure.js';

const [portArg, nArg, concurrencyArg, accountsArg, wait] = process.argv.slice(2);
const port = Number(portArg);
const accounts = Number(accountsArg);
const waiting = new Map<string, () => void>();
const server = createServer((req, res) => {
  const id = (req.url ?? '').split('/').pop() ?? '';
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    waiting.get(id)?.();
    waiting.delete(id);
  });
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/r/`;
const acks: number[] = [];
const cpuStart = process.cpuUsage();
const start = performance.now();
const done = await runLoop(Number(nArg), Number(concurrencyArg), async (i) => {
  const a = (i * 31) % accounts;
  const id = `${process.pid}-${i}`;
  const replied = wait === 'reply' ? new Promise<void>((r) => waiting.set(id, r)) : undefined;
  const t = performance.now();
  const res = await postSigned(port, slashForm(`UB${a}`, '/credit', `list ${benchProject(a)}`, { responseUrl: `${base}${id}`, triggerId: `bench.${id}` }));
  acks.push(performance.now() - t);
  if (res.status !== 200) throw new Error(`bench: Slack answered HTTP ${res.status}`);
  await replied;
});
const acked = summarise(acks, performance.now() - start);
server.close();
const cpu = process.cpuUsage(cpuStart);
process.stdout.write(`${JSON.stringify({ acked, done, cpuMs: (cpu.user + cpu.system) / 1000 })}\n`);
