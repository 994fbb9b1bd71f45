/**
 * Child process of the Slack benchmark, the load generator: `tsx test/bench/slack-load-proc.ts PORT N CONCURRENCY
 * ACCOUNTS WAIT` sends N signed `/credit list` slash commands (CONCURRENCY in flight) to PORT, each with a
 * response_url it serves itself; with WAIT=reply a command counts once its reply arrived — in the HTTP
 * acknowledgement (a non-empty answer: Slack shows it as the reply) or, after an empty ack, at the response_url —
 * else once acked. Prints `{"wallMs":…,"cpuMs":…,"acks":[ms…],"dones":[ms…],"lost":n,"byAck":n,"byUrl":n}`: the
 * run's wall time, this process's CPU time over it, per command the time from sending to the ack and to the reply
 * (or the ack), how many replies never came within REPLY_TIMEOUT_MS (they count as that long, so a lost reply
 * shows instead of hanging the run), and how many replies came in the ack and at the response_url.
 */
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SLACK_EVENTS_PATH } from '../../adapters/slack/slack.app.js';
import { signedHeaders, slashForm } from '../support/slack-bed.js';
import { benchProject } from './bench-store.js';
import { runLoop } from './measure.js';

const [portArg, nArg, concurrencyArg, accountsArg, wait] = process.argv.slice(2);
const port = Number(portArg);
const accounts = Number(accountsArg);
const waiting = new Map<string, () => void>();
/**
 * Connections kept open, as Slack's senders keep theirs. Node's `http` rather than `fetch`: measured with
 * slack-only.ts, `fetch` cost this process 1.2–1.4 ms of CPU per command and `http` 0.36–0.45 ms — CPU the
 * generator takes from the two cores it shares with the app it measures, which Slack's own senders do not.
 */
const agent = new Agent({ keepAlive: true, maxSockets: Number(concurrencyArg) });

/** Posts a signed form body to the app's events endpoint. */
function postSigned(body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers = { ...signedHeaders(body), 'content-length': String(Buffer.byteLength(body)) };
    const req = request({ host: '127.0.0.1', port, path: SLACK_EVENTS_PATH, method: 'POST', agent, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
const REPLY_TIMEOUT_MS = 30_000;
let lost = 0;
let byAck = 0;
let byUrl = 0;
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
const dones: number[] = [];
const cpuStart = process.cpuUsage();
const start = performance.now();
await runLoop(Number(nArg), Number(concurrencyArg), async (i) => {
  const a = (i * 31) % accounts;
  const id = `${process.pid}-${i}`;
  const replied = wait === 'reply' ? new Promise<void>((r) => waiting.set(id, r)) : undefined;
  const t = performance.now();
  const res = await postSigned(slashForm(`UB${a}`, '/credit', `list ${benchProject(a)}`, { responseUrl: `${base}${id}`, triggerId: `bench.${id}` }));
  acks.push(performance.now() - t);
  if (res.status !== 200) throw new Error(`bench: Slack answered HTTP ${res.status}`);
  if (replied && res.body) {
    // The reply rode the acknowledgement: nothing will come to the response_url.
    waiting.delete(id);
    byAck++;
  } else if (replied) {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>((r) => { timer = setTimeout(() => { lost++; waiting.delete(id); r(false); }, REPLY_TIMEOUT_MS); });
    if (await Promise.race([replied.then(() => true), late])) byUrl++;
    clearTimeout(timer);
  }
  dones.push(performance.now() - t);
});
const wallMs = performance.now() - start;
server.close();
agent.destroy();
const cpu = process.cpuUsage(cpuStart);
const round = (xs: number[]) => xs.map((x) => Math.round(x * 100) / 100);
process.stdout.write(`${JSON.stringify({ wallMs, cpuMs: (cpu.user + cpu.system) / 1000, acks: round(acks), dones: round(dones), lost, byAck, byUrl })}\n`);
