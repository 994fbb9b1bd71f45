import { createHmac, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SlackAdapter, SLACK_EVENTS_PATH } from '../../adapters/slack/slack.adapter.js';
import { Guichet } from '../../src/core/guichet.js';
import type { CommandRegistry } from '../../src/core/registry.js';
import { NotifierRouter } from '../../src/ports/notifier.js';
import { buildJobRunner } from '../../src/jobs/index.js';
import type { JobRunner } from '../../src/jobs/job-runner.js';
import type { StorageEngine } from '../../adapters/store/engine.js';
import { makeHarness, wireJobViews, type Harness, type HarnessOptions } from './harness.js';
import { FAKE_TEAM, FakeSlack, type ResponsePost } from './slack-fake.js';
import type { HomeTimers } from '../../adapters/slack/slack.home.js';
import type { ManualTimers } from './manual-timers.js';
import type { StoreGate } from './store-gate.js';

/** The signing secret the test bed's adapter checks requests against. */
export const SIGNING_SECRET = 'test-signing-secret-0123456789';
/** The Slack user the test bed makes a Guichet operator. */
export const ROOT = 'U0ROOT';
/** The channel test commands are typed in. */
export const CHANNEL = 'C0GENERAL';

/** Options of a Slack test bed. */
export interface SlackBedOptions {
  readonly wrap?: (engine: StorageEngine) => StorageEngine;
  /** Socket Mode: the app token, with the fake's `socketUrl` set beforehand via `beforeStart`. */
  readonly appToken?: string;
  readonly beforeStart?: (fake: FakeSlack) => void | Promise<void>;
  /** Replaces the registry (tests of wiring that no family on main exercises). */
  readonly registry?: CommandRegistry;
  /** Wall-clock milliseconds seen by the adapter (age of response URLs). */
  readonly now?: () => number;
  /** Milliseconds seen by the core's in-memory windows (repeated commands). */
  readonly ticker?: () => number;
  /** GUICHET_SLACK_COMMAND_PREFIX. */
  readonly commandPrefix?: string;
  /** The cloud provider of the harness (the ledger unless given). */
  readonly provider?: HarnessOptions['provider'];
  /** The Home's debounce timers (a manual scheduler in tests). */
  readonly homeTimers?: HomeTimers;
  /** The timers of the acknowledgement budget (a manual scheduler: a slow command's ack waits until fired). */
  readonly ackTimers?: HomeTimers;
  /** The harness's demo data (SPEC §5 unless given; `'showcase'` fills alice's overview). */
  readonly demo?: HarnessOptions['demo'];
}

/** A signed request's options. */
export interface SendOptions {
  readonly triggerId?: string;
  readonly retryNum?: number;
  /** Seconds since the epoch written in the signature (defaults to now). */
  readonly timestamp?: number;
  readonly secret?: string;
  readonly responseUrl?: string;
  readonly channel?: string;
  /** Another adapter's port (several processes on one store). */
  readonly port?: number;
  /** The body's content type (form-encoded unless given; the Events API posts JSON). */
  readonly contentType?: string;
}

/** The real Slack adapter on a harness core, talking to a fake Web API, with helpers to send signed requests. */
export interface SlackBed {
  readonly h: Harness;
  readonly fake: FakeSlack;
  readonly adapter: SlackAdapter;
  readonly core: Guichet;
  /** The scheduled jobs on the same store, posting through the Slack adapter (behind `/guichet admin run-jobs`). */
  readonly jobs: JobRunner;
  readonly sleeps: number[];
  /**
   * Posts a signed slash command as a Slack user; resolves with the HTTP answer (a message in it is noted as the
   * command's first reply, see `FakeSlack.noteAck`) and the response_url used.
   */
  slash(user: string, command: string, text: string, o?: SendOptions): Promise<{ status: number; body: string; responseUrl: string; triggerId: string }>;
  /** Posts a signed button click (block_actions) as a Slack user. */
  click(user: string, actionId: string, o?: SendOptions): Promise<{ status: number; body: string; responseUrl: string }>;
  /** Waits for the n-th reply (1-based) to the command(s) of a response URL, by acknowledgement or post (`FakeSlack.repliesTo`). */
  response(responseUrl: string, n?: number): Promise<ResponsePost>;
  /** Posts a signed Events API callback (JSON) carrying `event`, as Slack does. */
  event(event: Record<string, unknown>, o?: SendOptions): Promise<{ status: number; body: string }>;
  /** Links a Slack user of the fake workspace to an account, directly in the store. */
  link(user: string, account: string): Promise<void>;
  /** Sends a raw signed form body to the adapter. */
  send(body: string, o?: SendOptions): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

/** Signs a request body as Slack does (v0, HMAC-SHA256 of `v0:timestamp:body`). */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** The headers Slack sends with a body: its type and signature (and a retry's, when `o.retryNum` is set). */
export function signedHeaders(body: string, o: SendOptions = {}): Record<string, string> {
  const timestamp = o.timestamp ?? Math.floor(Date.now() / 1000);
  return {
    'content-type': o.contentType ?? 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': slackSignature(o.secret ?? SIGNING_SECRET, timestamp, body),
    ...(o.retryNum !== undefined ? { 'x-slack-retry-num': String(o.retryNum), 'x-slack-retry-reason': 'http_timeout' } : {}),
  };
}

/** Posts a signed form body to an adapter's events endpoint on 127.0.0.1. */
export async function postSigned(port: number, body: string, o: SendOptions = {}): Promise<{ status: number; body: string }> {
  const res = await fetch(`http://127.0.0.1:${port}${SLACK_EVENTS_PATH}`, { method: 'POST', headers: signedHeaders(body, o), body });
  return { status: res.status, body: await res.text() };
}

/** The form body Slack posts for a slash command. */
export function slashForm(user: string, command: string, text: string, o: { responseUrl: string; triggerId: string; channel?: string }): string {
  return new URLSearchParams({
    token: 'legacy-verification-token', team_id: FAKE_TEAM, team_domain: 'fake', channel_id: o.channel ?? CHANNEL,
    channel_name: 'general', user_id: user, user_name: user.toLowerCase(), command, text,
    api_app_id: 'A0APP', is_enterprise_install: 'false', response_url: o.responseUrl, trigger_id: o.triggerId,
  }).toString();
}

/** Starts a harness core, a fake Slack and the real adapter on 127.0.0.1. */
export async function startSlackBed(options: SlackBedOptions = {}): Promise<SlackBed> {
  const h = await makeHarness({
    ...(options.wrap ? { wrap: options.wrap } : {}),
    ...(options.provider ? { provider: options.provider } : {}),
    ...(options.demo !== undefined ? { demo: options.demo } : {}),
    config: { operators: [{ platform: 'slack', workspace: FAKE_TEAM, user: ROOT }] },
  });
  const fake = await FakeSlack.start();
  await options.beforeStart?.(fake);
  const router = new NotifierRouter();
  const jobs = buildJobRunner({ store: h.uow, notifier: router, config: h.core.deps.config, logger: h.logs });
  const core = new Guichet({ ...h.core.deps, notifier: router, jobs, ...(options.registry ? { registry: options.registry } : {}), ...(options.ticker ? { ticker: options.ticker } : {}) });
  wireJobViews(jobs, core);
  const sleeps: number[] = [];
  const adapter = await SlackAdapter.start({
    core,
    logger: h.logs,
    botToken: 'xoxb-test-token',
    signingSecret: SIGNING_SECRET,
    ...(options.appToken ? { appToken: options.appToken } : {}),
    apiUrl: fake.apiUrl,
    port: 0,
    ...(options.now ? { now: options.now } : {}),
    ...(options.commandPrefix ? { commandPrefix: options.commandPrefix } : {}),
    sleep: async (ms) => { sleeps.push(ms); },
    jobs,
    ...(options.homeTimers ? { homeTimers: options.homeTimers } : {}),
    ...(options.ackTimers ? { ackTimers: options.ackTimers } : {}),
  });
  router.register(adapter.notifier);
  const port = adapter.server ? (adapter.server.address() as AddressInfo).port : 0;

  const send = (body: string, o: SendOptions = {}) => postSigned(o.port ?? port, body, o);

  return {
    h, fake, adapter, core, jobs, sleeps, send,
    async slash(user, command, text, o = {}) {
      const responseUrl = o.responseUrl ?? fake.newResponseUrl();
      const triggerId = o.triggerId ?? `${Date.now()}.${randomBytes(6).toString('hex')}`;
      const body = slashForm(user, command, text, { responseUrl, triggerId, channel: o.channel ?? CHANNEL });
      const answer = await send(body, o);
      if (answer.status === 200) fake.noteAck(responseUrl, answer.body);
      return { ...answer, responseUrl, triggerId };
    },
    async click(user, actionId, o = {}) {
      const responseUrl = o.responseUrl ?? fake.newResponseUrl();
      const payload = {
        type: 'block_actions', api_app_id: 'A0APP', token: 'legacy-verification-token',
        team: { id: FAKE_TEAM, domain: 'fake' }, user: { id: user, team_id: FAKE_TEAM, username: user.toLowerCase() },
        container: { type: 'message', message_ts: '1.0', channel_id: o.channel ?? CHANNEL, is_ephemeral: true },
        channel: { id: o.channel ?? CHANNEL, name: 'general' }, trigger_id: o.triggerId ?? `${Date.now()}.${randomBytes(6).toString('hex')}`,
        response_url: responseUrl,
        actions: [{ type: 'button', action_id: actionId, block_id: 'b1', value: actionId, text: { type: 'plain_text', text: 'Go' }, action_ts: '1.1' }],
      };
      const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
      return { ...(await send(body, o)), responseUrl };
    },
    event(event, o = {}) {
      const body = JSON.stringify({
        token: 'legacy-verification-token', team_id: FAKE_TEAM, api_app_id: 'A0APP', type: 'event_callback',
        event_id: `Ev${randomBytes(5).toString('hex')}`, event_time: Math.floor(Date.now() / 1000), event,
      });
      return send(body, { contentType: 'application/json', ...o });
    },
    response(responseUrl, n = 1) {
      return fake.until(() => fake.repliesTo(responseUrl)[n - 1]);
    },
    async link(user, account) {
      await h.uow.run(async (tx) => {
        await tx.links.put({ chatUser: `slack:${FAKE_TEAM}/${user}`, account, linkedBy: 'test', linkedAt: h.clock.now().toISOString() });
        return { commit: true, result: undefined };
      });
    },
    async close() {
      await adapter.stop();
      await fake.close();
      await h.close();
    },
  };
}

/** The text of every block of a posted message, joined (what a user would read). */
export function blockText(message: Record<string, unknown>): string {
  const blocks = (message.blocks ?? []) as { text?: { text?: string }; fields?: { text: string }[]; elements?: { text?: string | { text?: string } }[] }[];
  return blocks
    .flatMap((b) => [b.text?.text ?? '', ...(b.fields ?? []).map((f) => f.text), ...(b.elements ?? []).map((e) => (typeof e.text === 'string' ? e.text : e.text?.text ?? ''))])
    .filter(Boolean)
    .join('\n');
}

/** A button as posted in a message's actions blocks. */
export interface PostedButton {
  readonly action_id: string;
  readonly value: string;
  readonly style?: string;
  readonly text: { text: string };
  readonly confirm?: { title: { text: string }; text: { text: string }; confirm: { text: string }; deny: { text: string }; style?: string };
}

/** The buttons of a posted message. */
export function buttonsOf(message: Record<string, unknown>): PostedButton[] {
  const blocks = (message.blocks ?? []) as { type: string; elements?: PostedButton[] }[];
  return blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);
}

/**
 * Sends a slash command whose store reads `gate` holds (armed here), lets its acknowledgement budget run out (fires
 * `budget`, the bed's `ackTimers`) and resolves with the HTTP answer: the command is acknowledged empty and its
 * reply waits for `gate.release()`, then comes the usual way (response_url and its fallbacks).
 */
export async function slashPastBudget(
  bed: SlackBed, gate: StoreGate, budget: ManualTimers, user: string, command: string, text: string, o: SendOptions = {},
): ReturnType<SlackBed['slash']> {
  gate.arm();
  const sending = bed.slash(user, command, text, o);
  await gate.entered;
  budget.fire();
  return sending;
}
