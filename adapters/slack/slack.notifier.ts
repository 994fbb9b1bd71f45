import { webApi } from '@slack/bolt';
import type { ChatUser } from '../../src/core/identity.js';
import type { Reply } from '../../src/core/reply.js';
import type { ImageFile } from '../../src/ports/images.js';
import type { Logger } from '../../src/ports/logger.js';
import type { Delivery, Notifier } from '../../src/ports/notifier.js';
import { renderReply } from './slack.render.js';

/** Options of the Slack notifier. */
export interface SlackNotifierOptions {
  /** A Web API client that rejects rate-limited calls instead of retrying on its own (see `slackWebClient`). */
  readonly client: webApi.WebClient;
  /** The workspace (team ID) the bot token belongs to; deliveries to other workspaces fail cleanly. */
  readonly teamId?: string;
  readonly logger: Logger;
  /** Attempts per delivery when Slack answers 429 (default 3). */
  readonly maxAttempts?: number;
  /** A Retry-After longer than this many seconds fails the delivery at once, so the caller retries later (default 30). */
  readonly maxRetryAfterSeconds?: number;
  /** Waits between attempts (injected by tests). */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Slack's limit on a file's alt text. */
export const SLACK_ALT_TEXT_MAX = 1000;

/** Parses a `slack:TEAM/CHANNEL` address. */
export function parseSlackChannel(address: string): { team: string; channel: string } | undefined {
  const m = /^slack:([A-Z0-9]+)\/([A-Z0-9]+)$/i.exec(address);
  return m ? { team: m[1]!, channel: m[2]! } : undefined;
}

/** A Web API client for Guichet: optional base URL, no hidden retries (429s are handled by the caller). */
export function slackWebClient(token: string, apiUrl: string | undefined, logger?: webApi.Logger): webApi.WebClient {
  return new webApi.WebClient(token, {
    ...(logger ? { logger } : { logLevel: webApi.LogLevel.ERROR }),
    ...(apiUrl ? { slackApiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/` } : {}),
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    timeout: 10_000,
  });
}

/** Why a Web API call failed, in words safe for a reply or a log (never the message itself). */
export function slackFailure(error: unknown): string {
  const e = error as { code?: string; data?: { error?: string }; statusCode?: number; retryAfter?: number; message?: string };
  if (e.code === webApi.ErrorCode.PlatformError) return `Slack refused it (${e.data?.error ?? 'unknown error'})`;
  if (e.code === webApi.ErrorCode.RateLimitedError) return `Slack is rate limiting us (retry after ${e.retryAfter ?? '?'} s)`;
  if (e.code === webApi.ErrorCode.HTTPError) return `Slack answered HTTP ${e.statusCode ?? '?'}`;
  if (e.code === webApi.ErrorCode.RequestError) return 'Slack could not be reached';
  return error instanceof Error ? error.message : String(error);
}

/**
 * Why the start-up check of the bot token (`auth.test`) failed, naming the variable and telling apart: Slack refused
 * the token; Slack could not be reached (the token was not checked); Slack failed or is rate limiting.
 */
export function slackStartFailure(error: unknown, apiUrl: string | undefined): string {
  const e = error as { code?: string; data?: { error?: string }; statusCode?: number; original?: { code?: string; message?: string } };
  if (e.code === webApi.ErrorCode.PlatformError) {
    return `Slack refused SLACK_BOT_TOKEN (${e.data?.error ?? 'unknown error'}): copy the Bot User OAuth Token (xoxb-…) again from the OAuth & Permissions page of your Slack app.`;
  }
  if (e.code === webApi.ErrorCode.RequestError) {
    const why = e.original?.code ?? e.original?.message ?? 'no answer';
    return `Could not reach Slack at ${apiUrl ?? 'https://slack.com/api/'} (${why}): SLACK_BOT_TOKEN was not checked. Check the network, or SLACK_API_URL.`;
  }
  return `Could not check SLACK_BOT_TOKEN with Slack: ${slackFailure(error)}; try again later.`;
}

/** The Notifier port on Slack: private messages as DMs (`conversations.open` + `chat.postMessage`), channel posts. */
export class SlackNotifier implements Notifier {
  readonly platforms = ['slack'] as const;
  readonly #dmChannels = new Map<string, string>();
  readonly #sleep: (ms: number) => Promise<void>;

  /** Binds a Web API client. */
  constructor(private readonly options: SlackNotifierOptions) {
    this.#sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /** Sends a direct message to one Slack user (never to a channel). */
  async direct(to: ChatUser, message: Reply): Promise<Delivery> {
    if (to.platform !== 'slack') return { ok: false, reason: `not a Slack user (${to.platform})` };
    const wrong = this.#wrongTeam(to.workspace);
    if (wrong) return wrong;
    const dm = await this.#dmChannel(to);
    return 'channel' in dm ? this.#postTo(dm.channel, message) : dm;
  }

  /** Uploads images (`files.uploadV2`) into the direct message with one Slack user: Slack has no private file in a channel. */
  async directFiles(to: ChatUser, files: readonly ImageFile[]): Promise<Delivery> {
    const wrong = this.#wrongTeam(to.workspace);
    if (wrong) return wrong;
    const dm = await this.#dmChannel(to);
    return 'channel' in dm ? this.uploadFiles(dm.channel, files) : dm;
  }

  /**
   * Uploads images into a channel with one `files.uploadV2` (a URL and an upload per file, one completion that shares
   * them all, so they are shared together or not at all), each with its title and alt text.
   */
  async uploadFiles(channel: string, files: readonly ImageFile[]): Promise<Delivery> {
    if (files.length === 0) return { ok: true };
    const sent = await this.#call(() => this.options.client.filesUploadV2({
      channel_id: channel,
      file_uploads: files.map((f) => ({ file: Buffer.from(f.png), filename: f.name, title: f.title, alt_text: f.alt.slice(0, SLACK_ALT_TEXT_MAX) })),
    }));
    return sent.ok ? { ok: true } : sent;
  }

  /** The direct-message channel with a user, opened once (`conversations.open`). */
  async #dmChannel(to: ChatUser): Promise<{ channel: string } | { ok: false; reason: string }> {
    const key = `${to.workspace}/${to.user}`;
    let channel = this.#dmChannels.get(key);
    if (!channel) {
      const opened = await this.#call(() => this.options.client.conversations.open({ users: to.user }));
      if (!opened.ok) return opened;
      channel = (opened.result as { channel?: { id?: string } }).channel?.id;
      if (!channel) return { ok: false, reason: 'Slack did not open a direct message' };
      this.#dmChannels.set(key, channel);
    }
    return { channel };
  }

  /** Posts to a `slack:TEAM/CHANNEL` address. */
  async post(address: string, message: Reply): Promise<Delivery> {
    const target = parseSlackChannel(address);
    if (!target) return { ok: false, reason: `${address} is not a slack:TEAM/CHANNEL address` };
    const wrong = this.#wrongTeam(target.team);
    if (wrong) return wrong;
    return this.#postTo(target.channel, message);
  }

  async #postTo(channel: string, message: Reply): Promise<Delivery> {
    const { text, blocks } = renderReply(message);
    const sent = await this.#call(() => this.options.client.chat.postMessage({ channel, text, blocks }));
    if (!sent.ok) return sent;
    if (!message.files?.length) return { ok: true };
    // The message went: a failed upload is reported as missed, not as a failure (a retry would post the message twice).
    const uploaded = await this.uploadFiles(channel, message.files);
    return uploaded.ok ? { ok: true } : { ok: true, missed: uploaded.reason };
  }

  #wrongTeam(team: string): Delivery | undefined {
    const mine = this.options.teamId;
    return mine && team !== mine ? { ok: false, reason: `Guichet is not installed in Slack workspace ${team}` } : undefined;
  }

  /** Runs a Web API call; a 429 waits Retry-After and tries again, a bounded number of times. */
  async #call(call: () => Promise<unknown>): Promise<{ ok: true; result: unknown } | { ok: false; reason: string }> {
    const maxAttempts = this.options.maxAttempts ?? 3;
    const maxWait = this.options.maxRetryAfterSeconds ?? 30;
    for (let attempt = 1; ; attempt++) {
      try {
        return { ok: true, result: await call() };
      } catch (error) {
        const retryAfter = (error as { code?: string; retryAfter?: number }).code === webApi.ErrorCode.RateLimitedError
          ? (error as { retryAfter: number }).retryAfter
          : undefined;
        const reason = slackFailure(error);
        if (retryAfter === undefined || attempt >= maxAttempts || retryAfter > maxWait) {
          this.options.logger.warn({ reason, attempt }, 'slack delivery failed');
          return { ok: false, reason };
        }
        this.options.logger.info({ retryAfter, attempt }, 'slack rate limited; waiting Retry-After');
        await this.#sleep(retryAfter * 1000);
      }
    }
  }
}
