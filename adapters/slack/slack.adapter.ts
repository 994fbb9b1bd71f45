import type { Server } from 'node:http';
import type { App, CustomRoute } from '@slack/bolt';
import type { Guichet } from '../../src/core/guichet.js';
import type { Logger } from '../../src/ports/logger.js';
import { ReplyDelivery, ResponseUrlBudget } from './slack.delivery.js';
import { ResponseUrlPoster } from './slack.response-url.js';
import { RunGate } from './slack.gate.js';
import type { AckTimers } from './slack.ack.js';
import { boltLogger } from './slack.logger.js';
import { SlackNotifier, slackStartFailure, slackWebClient } from './slack.notifier.js';
import { SlackHome, type HomeTimers } from './slack.home.js';
import { boltApp, onSocketChange, SLACK_EVENTS_PATH } from './slack.app.js';
import { listenToSlashCommands } from './slack.command.js';
import { listenToButtons } from './slack.action.js';
import { SlackRunner } from './slack.runner.js';
import type { JobReportFeed } from '../../src/ports/jobs.js';

/** Path of Bolt's HTTP receiver (slash commands and interactivity); defined with the receiver in slack.app.ts. */
export { SLACK_EVENTS_PATH } from './slack.app.js';
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

/**
 * The Slack adapter: one slash command per command family, buttons, DMs and channel posts, over HTTP or Socket
 * Mode. This file starts and stops it; the Bolt app is built in slack.app.ts, slash commands are handled in
 * slack.command.ts, buttons in slack.action.ts, and both run through slack.runner.ts.
 */
export class SlackAdapter {
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
    private readonly runner: SlackRunner,
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
    const runner = new SlackRunner(new RunGate(SLACK_RUNNING_LIMIT, SLACK_RUNNING_WAIT_MS), delivery);
    const app = boltApp(options, auth, log);
    const home = new SlackHome({
      client, core: options.core, teamId, logger: log,
      ...(options.homeDebounceMs !== undefined ? { debounceMs: options.homeDebounceMs } : {}), ...(options.homeTimers ? { timers: options.homeTimers } : {}),
    });
    const adapter = new SlackAdapter(app, options, notifier, delivery, poster, runner, teamId, home);
    adapter.#unlisten = options.jobs?.onReport((report) => void home.accountsChanged(report.accounts ?? []));
    adapter.#register(log);
    if (options.appToken) onSocketChange(app, (up) => (adapter.#socketUp = up));
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

  /** The HTTP server in HTTP mode (its port), undefined in Socket Mode. */
  get server(): Server | undefined {
    return this.#server;
  }

  /** Stops receiving (closes the HTTP server or the socket), then lets commands under way deliver (up to 10 s). */
  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      this.#unlisten?.();
      await this.app.stop();
      await this.runner.settle(10_000);
      await this.home.stop();
      this.poster.close();
    })();
    return this.#stopping;
  }

  /** Listens to slash commands, buttons and the Home tab's opening, and logs a listener's failure. */
  #register(log: Logger): void {
    const shared = { core: this.options.core, runner: this.runner, budget: this.delivery.budget, home: this.home, log };
    listenToSlashCommands(this.app, { ...shared, prefix: this.options.commandPrefix ?? '', ackTimers: this.options.ackTimers, now: this.options.now });
    listenToButtons(this.app, { ...shared, teamId: this.teamId });
    this.app.event('app_home_opened', async ({ event }) => {
      const opened = event as { user?: string; tab?: string };
      if (opened.tab !== 'home' || !opened.user) return;
      await this.home.opened(opened.user);
    });
    this.app.error(async (error) => {
      log.error({ err: error.message }, 'slack listener failed');
    });
  }
}
