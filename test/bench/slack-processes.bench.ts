import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startBot } from '../support/crash-bot.js';
import { SIGNING_SECRET } from '../support/slack-bed.js';
import { FAKE_TEAM } from '../support/slack-fake.js';
import { benchAccountId, inBatches, type BenchStore } from './bench-store.js';
import { botNodeFlags, summarise, type Measure } from './measure.js';

/** The Slack path as it runs in production: load generator, fake Web API and bot each in its own process. */
export interface SlackProcessFigures {
  readonly command: string;
  /** The no-op Bolt app: acknowledged commands per second, latency to the ack. */
  readonly noop: Measure;
  /** Guichet (`npm start`'s entry point): commands per second replied (in the ack or at the response_url), latency from sending to the reply. */
  readonly guichet: Measure;
  /** Guichet's latency to the ack (with the reply in it, or empty). */
  readonly guichetAck: Measure;
  /** How Guichet's replies came: in the HTTP acknowledgement, or at the response_url after an empty one. */
  readonly guichetRepliesBy: { readonly ack: number; readonly responseUrl: number };
  /** CPU time per command (ms) of each process over its measured run, where the system tells it (Linux). */
  readonly cpuMsPerCommand: { readonly noopApp?: number; readonly noopLoad: number; readonly guichet?: number; readonly guichetLoad: number; readonly fake?: number };
  /** Peak RSS of the Guichet process after its runs (MB), where the system tells it (Linux). */
  readonly botPeakRssMb?: number;
}

/** Peak resident set size of a process (VmHWM, MB), from /proc (undefined where there is none). */
function peakRssOf(pid: number | undefined): number | undefined {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}

/** CPU time (user + system, ms) a process has used so far, from /proc (undefined where there is none). */
function cpuMsOf(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
}



/** Starts a bench child (`tsx FILE ARGS`) and resolves with the first JSON line it prints. */
function child(file: string, args: string[]): Promise<{ proc: ChildProcess; info: Record<string, unknown> }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, file), ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  return new Promise((resolve, reject) => {
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve({ proc, info: JSON.parse(line) as Record<string, unknown> });
    });
    proc.once('exit', (code) => reject(new Error(`bench child ${file} exited with ${code}`)));
  });
}

/** What the load generator measured in one run. */
interface LoadRun {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly acks: number[];
  readonly dones: number[];
  /** Replies that never came (counted as the load generator's timeout). */
  readonly lost: number;
  /** Replies that came in the HTTP acknowledgement, and at the response_url. */
  readonly byAck?: number;
  readonly byUrl?: number;
}

/** Runs the load generator in its own process against a port; `reply` waits for each reply (in the ack, else at its response_url). */
async function load(port: number, n: number, concurrency: number, accounts: number, wait: 'ack' | 'reply'): Promise<LoadRun> {
  const { proc, info } = await child('slack-load-proc.ts', [String(port), String(n), String(concurrency), String(accounts), wait]);
  proc.stdin!.end();
  return info as unknown as LoadRun;
}

/** Several runs as one: latencies pooled, wall times added. */
function pooled(runs: readonly LoadRun[], pick: 'acks' | 'dones'): Measure {
  return summarise(runs.flatMap((r) => r[pick]), runs.reduce((s, r) => s + r.wallMs, 0));
}

/**
 * Signed `/credit list` slash commands, `concurrency` in flight, from a load generator process to (a) a no-op Bolt
 * app process and (b) a Guichet process started like `npm start` on the bench's SQLite store, both talking to a
 * fake Slack Web API process; Guichet's commands count once their reply came: in the acknowledgement (the HTTP
 * answer to the slash command), or at the generator's response_url after an empty one.
 * Guichet runs with `npm start`'s Node options, plus GUICHET_BENCH_BOT_NODE_ARGS if set (e.g. `--cpu-prof
 * --cpu-prof-dir=/tmp/prof` to profile the bot under this load). Both hops keep their connections alive: the
 * generator's kept-alive `node:http` agent pools them (as a proxy or load balancer in front of a bot does), and Guichet posts replies
 * to response URLs through a kept-alive agent.
 */
export async function slackProcesses(store: BenchStore, accounts: number, n: number, concurrency: number): Promise<SlackProcessFigures> {
  if (!store.dir) throw new Error('bench: the Slack process section runs on the SQLite bench store');
  await inBatches(store, 0, accounts, 2000, async (tx, i) => {
    await tx.links.put({ chatUser: `slack:${FAKE_TEAM}/UB${i}`, account: benchAccountId(i), linkedBy: 'bench', linkedAt: store.clock.now().toISOString() });
  });
  const fake = await child('slack-fake-proc.ts', []);
  const apiUrl = String(fake.info.apiUrl);
  const noop = await child('slack-noop-proc.ts', [apiUrl]);
  const bot = await startBot({
    GUICHET_STORE: `sqlite://${join(store.dir, 'store.sqlite')}`, GUICHET_DEMO_DATA: 'off', GUICHET_RATE_LIMIT: '0', GUICHET_REMINDER_CRON: '0 0 1 1 *',
    SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: apiUrl, PORT: '0', LOG_LEVEL: 'info',
  }, [...botNodeFlags(), ...(process.env.GUICHET_BENCH_BOT_NODE_ARGS ?? '').split(' ').filter(Boolean)]);
  try {
    const noopPort = Number(noop.info.port);
    // Warm both (JIT, caches, connections), so the run measures a running bot's steady state: each half of the run
    // below sends the generator's commands 0…n/2 (account (i × 31) mod accounts), so warming with as many commands
    // reads every account the run uses once, as a running bot's cache holds its active users (a tenth of the run,
    // the earlier warm-up, left most of the first half's accounts cold: each of those paid its first reads).
    const warm = Math.max(200, Math.ceil(n / 2));
    await load(noopPort, warm, concurrency, accounts, 'ack');
    await load(bot.port, warm, concurrency, accounts, 'reply');
    // The no-op app and Guichet take turns, half the run each time, so both see the same machine (others share it).
    const runs: { noop: LoadRun[]; guichet: LoadRun[] } = { noop: [], guichet: [] };
    const cpu = { noop: 0, bot: 0, fake: 0, known: true };
    const timed = async (pid: number | undefined, body: () => Promise<LoadRun>) => {
      const before = cpuMsOf(pid);
      const run = await body();
      const after = cpuMsOf(pid);
      if (before === undefined || after === undefined) cpu.known = false;
      return { run, ms: (after ?? 0) - (before ?? 0) };
    };
    for (const half of [Math.floor(n / 2), n - Math.floor(n / 2)]) {
      const o = await timed(noop.proc.pid, () => load(noopPort, half, concurrency, accounts, 'ack'));
      runs.noop.push(o.run);
      cpu.noop += o.ms;
      const fakeBefore = cpuMsOf(fake.proc.pid);
      const g = await timed(bot.child.pid, () => load(bot.port, half, concurrency, accounts, 'reply'));
      runs.guichet.push(g.run);
      cpu.bot += g.ms;
      cpu.fake += (cpuMsOf(fake.proc.pid) ?? 0) - (fakeBefore ?? 0);
    }
    const loadCpu = (rs: LoadRun[]) => rs.reduce((s, r) => s + r.cpuMs, 0) / n;
    const cpuMsPerCommand = {
      ...(cpu.known ? { noopApp: cpu.noop / n, guichet: cpu.bot / n, fake: cpu.fake / n } : {}),
      noopLoad: loadCpu(runs.noop), guichetLoad: loadCpu(runs.guichet),
    };
    const botPeakRssMb = peakRssOf(bot.child.pid);
    const lost = runs.guichet.reduce((s, r) => s + (r.lost ?? 0), 0);
    if (lost > 0) console.warn(`bench: ${lost} Guichet replies never came (each counted as 30 s)`);
    const guichetRepliesBy = { ack: runs.guichet.reduce((s, r) => s + (r.byAck ?? 0), 0), responseUrl: runs.guichet.reduce((s, r) => s + (r.byUrl ?? 0), 0) };
    return {
      command: '/credit list PROJECT', noop: pooled(runs.noop, 'acks'), guichet: pooled(runs.guichet, 'dones'), guichetAck: pooled(runs.guichet, 'acks'), guichetRepliesBy,
      cpuMsPerCommand, ...(botPeakRssMb !== undefined ? { botPeakRssMb } : {}),
    };
  } finally {
    bot.child.kill('SIGTERM');
    await bot.exited;
    noop.proc.stdin!.end();
    fake.proc.stdin!.end();
  }
}
