import type { Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { App, type CustomRoute } from '@slack/bolt';
import type { Guichet } from '../../src/core/guichet.js';
import type { Invocation } from '../../src/core/identity.js';
import type { Reply } from '../../src/core/reply.js';
import type { Logger } from '../../src/ports/logger.js';
import { ReplyDelivery, ResponseUrlBudget } from './slack.delivery.js';
import { ResponseUrlPoster } from './slack.response-url.js';
import { RunGate } from './slack.gate.js';
import { nodeTimers, SLACK_ACK_BUDGET_MS, SlashAck, type AckFn, type AckTimers } from './slack.ack.js';
import { slackCommandOf } from './slack.config.js';
import { boltLogger } from './slack.logger.js';
import { unescapeSlackText } from './slack.render.js';
import { SlackNotifier, slackStartFailure, slackWebClient } from './slack.notifier.js';
import { SlackHome, type HomeTimers } from './slack.home.js';
import type { JobReportFeed } from '../../src/ports/jobs.js';

/** Path of Bolt's HTTP receiver (slash commands and interactivity). */
export const SLACK_EVENTS_PATH = '/slack/events';
/** Commands and clicks run at most this many at once (beyond, they wait, see `RunGate`)… */
export const SLACK_RUNNING_LIMIT = 8;
/** …for at most this long. */
export const SLACK_RUNNING_WAIT_MS = 200;


/** What the Slack adapter needs to start. */
export interface SlackAdapterOptions {
  readonly core: Guichet;
  readonly logger: Logger;
  readonly botToken: string;
  /** Required: every HTTP request is checked against it. */
  readonly signingSecret: string;
  /** When set, Socket Mode instead of the HTTP receiver. */
  readonly appToken?: string;
  /** Replaces `https://slack.com/api/` (tests, proxies). */
  readonly apiUrl?: string;
  /** Put before every family's slash command but `/guichet` (GUICHET_SLACK_COMMAND_PREFIX). */
  readonly commandPrefix?: string;
  /** HTTP port (0 picks a free one). */
  readonly port: number;
  /** Wall-clock milliseconds for the age of response URLs (injected by tests). */
  readonly now?: () => number;
  /** Waits between 429 retries (injected by tests). */
  readonly sleep?: (ms: number) => Promise<void>;
  /** More routes on the HTTP receiver's port (health checks and metrics); HTTP mode only. */
  readonly customRoutes?: CustomRoute[];
  /** The job runs of this process: the Home of users whose accounts a run changed is refreshed. */
  readonly jobs?: JobReportFeed;
  /** How long the Home waits after a change before publishing (default 5 s), and its timers (tests). */
  readonly homeDebounceMs?: number;
  readonly homeTimers?: HomeTimers;
  /** The timers of the acknowledgement budget (`SLACK_ACK_BUDGET_MS`; tests fire them by hand). */
  readonly ackTimers?: AckTimers;
}

/** Minimal view of a slash-command payload. */
interface SlashPayload {
  readonly team_id: string;
  readonly user_id: string;
  readonly channel_id: string;
  readonly text?: string;
  readonly trigger_id?: string;
  readonly response_url?: string;
}

/** Minimal view of a block_actions payload. */
interface ActionPayload {
  readonly type: string;
  readonly trigger_id?: string;
  readonly response_url?: string;
  readonly team?: { id?: string } | null;
  readonly user: { id: string; team_id?: string };
  readonly channel?: { id?: string };
  readonly container?: { channel_id?: string };
}

/** The Slack adapter: one slash command per command family, buttons, DMs and channel posts, over HTTP or Socket Mode. */
export class SlackAdapter {
  readonly #inFlight = new Map<string, Promise<void>>();
  readonly #gate = new RunGate(SLACK_RUNNING_LIMIT, SLACK_RUNNING_WAIT_MS);
  #server: Server | undefined;
  #stopping: Promise<void> | undefined;
  #socketUp = false;
  #unlisten: (() => void) | undefined;

  private constructor(
    private readonly app: App,
    private readonly options: SlackAdapterOptions,
    /** The Notifier port for Slack users and channels; register it on the runtime's router. */
    readonly notifier: SlackNotifier,
    private readonly delivery: ReplyDelivery,
    private readonly poster: ResponseUrlPoster,
    /** The workspace the bot token belongs to. */
    readonly teamId: string,
    /** The app's Home tab (the overview of the user's account). */
    readonly home: SlackHome,
  ) {}

  /** Checks the token (`auth.test`), builds the Bolt app with every registered family, and starts it. */
  static async start(options: SlackAdapterOptions): Promise<SlackAdapter> {
    if (!options.signingSecret) throw new Error('SLACK_SIGNING_SECRET is required: Slack requests are always signature-checked.');
    const log = options.logger.child({ adapter: 'slack' });
    const client = slackWebClient(options.botToken, options.apiUrl, boltLogger(log));
    let auth: { team_id?: string; user_id?: string; bot_id?: string };
    try {
      auth = await client.auth.test();
    } catch (error) {
      throw new Error(slackStartFailure(error, options.apiUrl));
    }
    const teamId = auth.team_id ?? '';
    const notifier = new SlackNotifier({ client, teamId, logger: log, ...(options.sleep ? { sleep: options.sleep } : {}) });
    const poster = new ResponseUrlPoster();
    const delivery = new ReplyDelivery(client, new ResponseUrlBudget(options.now), poster, notifier, log);
    const app = new App({
      token: options.botToken,
      ...(auth.bot_id ? { botId: auth.bot_id } : {}),
      ...(auth.user_id ? { botUserId: auth.user_id } : {}),
      signingSecret: options.signingSecret,
      signatureVerification: true,
      processBeforeResponse: false,
      // Guichet keeps no conversation state in Bolt: without its store, no per-request lookup (and thrown "not found").
      convoStore: false,
      endpoints: SLACK_EVENTS_PATH,
      ...(options.appToken ? { socketMode: true, appToken: options.appToken } : {}),
      ...(!options.appToken && options.customRoutes?.length ? { customRoutes: options.customRoutes } : {}),
      logger: boltLogger(log),
      clientOptions: {
        ...(options.apiUrl ? { slackApiUrl: options.apiUrl.endsWith('/') ? options.apiUrl : `${options.apiUrl}/` } : {}),
      },
    });
    const home = new SlackHome({
      client, core: options.core, teamId, logger: log,
      ...(options.homeDebounceMs !== undefined ? { debounceMs: options.homeDebounceMs } : {}), ...(options.homeTimers ? { timers: options.homeTimers } : {}),
    });
    const adapter = new SlackAdapter(app, options, notifier, delivery, poster, teamId, home);
    adapter.#unlisten = options.jobs?.onReport((report) => void home.accountsChanged(report.accounts ?? []));
    adapter.#register(log);
    adapter.#trackSocket(app);
    const started: unknown = await app.start(options.port);
    if (!options.appToken) adapter.#server = started as Server;
    const address = adapter.#server?.address();
    const port = address && typeof address === 'object' ? address.port : undefined;
    log.info({ team: teamId, mode: options.appToken ? 'socket' : 'http', ...(port !== undefined ? { port, path: SLACK_EVENTS_PATH } : {}) }, 'slack adapter started');
    return adapter;
  }

  /** True while Slack can reach this process: the HTTP server listens, or the Socket Mode connection is up. */
  get connected(): boolean {
    if (this.#stopping) return false;
    return this.options.appToken ? this.#socketUp : this.#server?.listening === true;
  }

  /** Follows the Socket Mode connection (the receiver's client says when it connects and drops). */
  #trackSocket(app: App): void {
    if (!this.options.appToken) return;
    // Bolt keeps its receiver private; its Socket Mode client is an EventEmitter of connection states.
    const client = (app as unknown as { receiver?: { client?: { on(event: string, fn: () => void): void } } }).receiver?.client;
    client?.on('connected', () => (this.#socketUp = true));
    for (const down of ['disconnected', 'reconnecting', 'disconnecting']) client?.on(down, () => (this.#socketUp = false));
  }

  /** The HTTP server in HTTP mode (its port), undefined in Socket Mode. */
  get server(): Server | undefined {
    return this.#server;
  }

  /** Stops receiving (closes the HTTP server or the socket), then lets commands under way deliver (up to 10 s). */
  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      this.#unlisten?.();
      await this.app.stop();
      let timer: NodeJS.Timeout | undefined;
      const limit = new Promise<void>((r) => { timer = setTimeout(r, 10_000); });
      await Promise.race([Promise.allSettled([...this.#inFlight.values()]), limit]);
      clearTimeout(timer);
      await this.home.stop();
      this.poster.close();
    })();
    return this.#stopping;
  }

  #register(log: Logger): void {
    const core = this.options.core;
    const prefix = this.options.commandPrefix ?? '';
    const bySlash = new Map(core.deps.registry.families.map((f) => [slackCommandOf(f, prefix), f.name]));
    // One listener for every slash command (Bolt runs each listener's matching per request): a family's command
    // by its name; any other of the manifest (or a renamed one) gets the core's "not a Guichet command, did you
    // mean …" answer instead of a Slack timeout.
    this.app.command(/^\/.+$/, async ({ command, ack }) => {
      const payload = command as unknown as SlashPayload & { command: string };
      const typed = payload.command.replace(/^\//, '');
      const name = bySlash.get(payload.command) ?? (prefix && typed.startsWith(prefix) ? typed.slice(prefix.length) : typed);
      await this.#slash(name, payload, ack as AckFn, log);
    });
    this.app.action(/.*/, async ({ ack, body, action }) => {
      await ack();
      const payload = body as unknown as ActionPayload;
      const a = action as { type?: string; action_id?: string; value?: string };
      if (payload.type !== 'block_actions' || a.type !== 'button' || !a.action_id) return;
      if (payload.response_url) this.delivery.budget.track(payload.response_url);
      const team = payload.team?.id ?? payload.user.team_id ?? this.teamId;
      const channel = payload.channel?.id ?? payload.container?.channel_id;
      const id = `slack:${team}:action:${payload.trigger_id ?? randomUUID()}`;
      await this.#once(id, log, () => core.click({
        id,
        user: { platform: 'slack', workspace: team, user: payload.user.id },
        actionId: a.value ?? a.action_id!,
        ...(channel ? { channel: `slack:${team}/${channel}` } : {}),
      }), {
        ...(payload.response_url ? { responseUrl: payload.response_url } : {}),
        ...(channel ? { channel } : {}),
        team,
        user: payload.user.id,
      });
      // A button may change the account (and may be the Home's own): its Home is refreshed.
      void this.home.afterCommand(payload.user.id);
    });
    this.app.event('app_home_opened', async ({ event }) => {
      const opened = event as { user?: string; tab?: string };
      if (opened.tab !== 'home' || !opened.user) return;
      await this.home.opened(opened.user);
    });
    this.app.error(async (error) => {
      log.error({ err: error.message }, 'slack listener failed');
    });
  }

  /**
   * Runs a slash command through the core and delivers the reply: its first message in the acknowledgement when
   * ready within `SLACK_ACK_BUDGET_MS`, else the command is acknowledged empty then and the reply posted as usual.
   */
  async #slash(name: string, payload: SlashPayload, ackFn: AckFn, log: Logger): Promise<void> {
    const ack = new SlashAck(ackFn, this.options.ackTimers ?? nodeTimers, SLACK_ACK_BUDGET_MS, log, this.options.now);
    if (payload.response_url) this.delivery.budget.track(payload.response_url);
    const id = payload.trigger_id ? `slack:${payload.team_id}:trigger:${payload.trigger_id}` : `slack:${randomUUID()}`;
    const typed = unescapeSlackText(payload.text ?? '');
    const inv: Invocation = {
      id,
      user: { platform: 'slack', workspace: payload.team_id, user: payload.user_id },
      channel: `slack:${payload.team_id}/${payload.channel_id}`,
      command: name,
      input: { kind: 'text', text: typed },
      repeatKey: `slack:${payload.team_id}/${payload.user_id}/${payload.channel_id}/${name} ${typed.trim().replace(/\s+/g, ' ')}`,
    };
    // A command typed with a secret (a confirmation token) is answered privately by the core, so Slack never
    // echoes the typed text to the channel with an in_channel answer (in the acknowledgement or at the response_url).
    let replied: Reply | undefined;
    const run = async (): Promise<Reply> => (replied = await this.options.core.handle(inv));
    await this.#once(id, log, run, {
      ...(payload.response_url ? { responseUrl: payload.response_url } : {}),
      channel: payload.channel_id,
      team: payload.team_id,
      user: payload.user_id,
    }, ack);
    // The core knows from its own parse whether the command may change state (no second parse here).
    if (replied && this.options.core.mayHaveChanged(replied)) await this.home.afterCommand(payload.user_id);
  }

  /**
   * Runs one delivery of an invocation (once the gate lets it: new requests are acknowledged first under load);
   * a copy arriving while the first is still running or waiting is dropped (the first answers), and a slash
   * command's copy is acknowledged empty at once. A slash command's `ack` is sent exactly once: with the reply
   * when it is ready in time, else empty (at the budget, or at the end whatever happened).
   */
  async #once(id: string, log: Logger, run: () => Promise<Reply>, target: Parameters<ReplyDelivery['deliver']>[1], ack?: SlashAck): Promise<void> {
    if (this.#inFlight.has(id)) {
      await ack?.empty();
      log.info({ req: id }, 'duplicate delivery while the first is running; answered once');
      return;
    }
    const work = (async () => {
      await this.#gate.enter();
      try {
        const reply = await run();
        const by = await this.delivery.deliver(reply, target, ack?.take());
        // The usual ways (the acknowledgement, its response_url) add nothing to the core's "handled" line; a fallback is worth a line.
        if (by === 'ack' || by === 'response_url') log.debug({ req: id, by }, 'slack reply delivered');
        else log.info({ req: id, by }, 'slack reply delivered');
      } finally {
        this.#gate.leave();
        await ack?.empty();
      }
    })();
    this.#inFlight.set(id, work);
    try {
      await work;
    } finally {
      this.#inFlight.delete(id);
    }
  }
}
