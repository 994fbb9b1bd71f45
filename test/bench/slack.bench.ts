import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { App, LogLevel } from '@slack/bolt';
import { SlackAdapter } from '../../adapters/slack/slack.adapter.js';
import { Guichet } from '../../src/core/guichet.js';
import { silentLogger } from '../../src/ports/logger.js';
import { NotifierRouter } from '../../src/ports/notifier.js';
import { FAKE_TEAM, FakeSlack } from '../support/slack-fake.js';
import { postSigned, slashForm, SIGNING_SECRET } from '../support/slack-bed.js';
import { benchAccountId, benchProject, inBatches, type BenchStore } from './bench-store.js';
import { runLoop, type Measure } from './measure.js';

/** Slack path figures: the real adapter and a no-op Bolt app on the same receiver settings. */
export interface SlackFigures {
  readonly command: string;
  /** Commands per second until every reply came (in the ack, or at the response_url); latencies are times to ack. */
  readonly guichet: Measure;
  /** How Guichet's replies came: in the HTTP acknowledgement, or at the response_url after an empty one. */
  readonly repliesBy: { readonly ack: number; readonly responseUrl: number };
  /** Acked commands per second of a Bolt app whose handler only acks. */
  readonly noop: Measure;
}

const slackUser = (i: number) => `UB${i}`;

/** Waits (bounded) until `check` holds, polling every few milliseconds. */
async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('bench: Slack replies did not all arrive in time');
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** Replies that came in the HTTP acknowledgement (a non-empty answer), and those of them that were errors. */
interface InAck { replies: number; errors: number }

/** Sends `n` signed slash commands with `concurrency` in flight to a port; latencies are times to the HTTP ack (counted in `inAck` when it carries the reply). */
async function blast(port: number, fake: FakeSlack, n: number, concurrency: number, accounts: number, text: (a: number) => string, command: string, inAck: InAck = { replies: 0, errors: 0 }): Promise<Measure> {
  return runLoop(n, concurrency, async (i) => {
    const a = (i * 31) % accounts;
    const body = slashForm(slackUser(a), command, text(a), { responseUrl: fake.newResponseUrl(), triggerId: `bench.${i}.${Date.now()}` });
    const res = await postSigned(port, body);
    if (res.status !== 200) throw new Error(`bench: Slack answered HTTP ${res.status}`);
    if (res.body) {
      inAck.replies += 1;
      if (res.body.includes('"error"')) inAck.errors += 1;
    }
  });
}

/** Measures `/credit list` through the real Bolt adapter (run, replied in the ack or at the response_url) and through a no-op Bolt app. */
export async function slackPath(store: BenchStore, accounts: number, n: number, concurrency: number): Promise<SlackFigures> {
  await inBatches(store, 0, accounts, 2000, async (tx, i) => {
    await tx.links.put({ chatUser: `slack:${FAKE_TEAM}/${slackUser(i)}`, account: benchAccountId(i), linkedBy: 'bench', linkedAt: store.clock.now().toISOString() });
  });
  const fake = await FakeSlack.start();
  const router = new NotifierRouter();
  const core = new Guichet({ ...store.core.deps, notifier: router });
  const adapter = await SlackAdapter.start({ core, logger: silentLogger, botToken: 'xoxb-bench', signingSecret: SIGNING_SECRET, apiUrl: fake.apiUrl, port: 0 });
  router.register(adapter.notifier);
  const noop = new App({
    token: 'xoxb-bench', signingSecret: SIGNING_SECRET, signatureVerification: true, processBeforeResponse: false,
    endpoints: '/slack/events', logLevel: LogLevel.ERROR, clientOptions: { slackApiUrl: fake.apiUrl },
  });
  noop.command(/.*/, async ({ ack }) => ack());
  const noopServer = (await noop.start(0)) as Server;
  const text = (a: number) => `list ${benchProject(a)}`;
  const inAck: InAck = { replies: 0, errors: 0 };
  try {
    const guichetPort = (adapter.server!.address() as AddressInfo).port;
    const noopPort = (noopServer.address() as AddressInfo).port;
    // Warm both servers, then measure the no-op app and the adapter alternately, half the run each time.
    await blast(noopPort, fake, 50, concurrency, accounts, text, '/credit');
    const replied = () => fake.responses.length + inAck.replies;
    const before = replied();
    await blast(guichetPort, fake, 50, concurrency, accounts, text, '/credit', inAck);
    await until(() => replied() >= before + 50, 60_000);
    const counted = { ack: inAck.replies, responseUrl: fake.responses.length };
    const halves: { g: Measure[]; o: Measure[] } = { g: [], o: [] };
    for (let round = 0; round < 2; round++) {
      halves.o.push(await blast(noopPort, fake, n / 2, concurrency, accounts, text, '/credit'));
      const start = performance.now();
      const seen = replied();
      const acked = await blast(guichetPort, fake, n / 2, concurrency, accounts, text, '/credit', inAck);
      await until(() => replied() >= seen + n / 2, 120_000);
      const seconds = (performance.now() - start) / 1000;
      halves.g.push({ ...acked, seconds, perSecond: acked.ops / seconds });
    }
    const errors = fake.responses.filter((r) => JSON.stringify(r.body).includes('"error"')).length + inAck.errors;
    if (errors > 0) throw new Error(`bench: ${errors} Slack replies were errors`);
    const repliesBy = { ack: inAck.replies - counted.ack, responseUrl: fake.responses.length - counted.responseUrl };
    return { command: '/credit list PROJECT', guichet: merge(halves.g), repliesBy, noop: merge(halves.o) };
  } finally {
    await noop.stop();
    await adapter.stop();
    await fake.close();
  }
}

/** Combines measures of equal halves: rates from summed ops and time, worst p50/p99. */
function merge(ms: Measure[]): Measure {
  const ops = ms.reduce((s, m) => s + m.ops, 0);
  const seconds = ms.reduce((s, m) => s + m.seconds, 0);
  return { ops, seconds, perSecond: ops / seconds, p50Ms: Math.max(...ms.map((m) => m.p50Ms)), p99Ms: Math.max(...ms.map((m) => m.p99Ms)) };
}
