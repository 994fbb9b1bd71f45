import type { webApi } from '@slack/bolt';
import { pick } from '../../src/core/i18n.js';
import { asideReply, text, type Reply } from '../../src/core/reply.js';
import type { ImageFile } from '../../src/ports/images.js';
import type { Logger } from '../../src/ports/logger.js';
import type { SlackNotifier } from './slack.notifier.js';
import { slackFailure } from './slack.notifier.js';
import { renderReply } from './slack.render.js';
import type { ResponseUrlPoster } from './slack.response-url.js';
import type { AckMessage } from './slack.ack.js';

/** Slack's documented limits of a `response_url`: 5 posts within 30 minutes. */
export const RESPONSE_URL_MAX_USES = 5;
/** Age after which a `response_url` is no longer accepted. */
export const RESPONSE_URL_MAX_AGE_MS = 30 * 60_000;
/** URLs remembered at most; beyond, the oldest is forgotten (its later replies go through the Web API instead). */
export const RESPONSE_URL_MAX_TRACKED = 20_000;

/** Counts the uses and age of each `response_url`, so Guichet stops using one before Slack refuses it. */
export class ResponseUrlBudget {
  /** In arrival order, so the oldest come first. */
  readonly #seen = new Map<string, { since: number; uses: number }>();
  /** Reads time through `now` (milliseconds; injected by tests); remembers at most `max` URLs. */
  constructor(private readonly now: () => number = Date.now, private readonly max = RESPONSE_URL_MAX_TRACKED) {}

  /** Notes the moment a request carrying this URL arrived (the first time only). */
  track(url: string): void {
    if (this.#seen.has(url)) return;
    this.#prune();
    this.#seen.set(url, { since: this.now(), uses: 0 });
  }

  /** Takes one use of the URL; false when it is too old or used up (or unknown). */
  take(url: string): boolean {
    const entry = this.#seen.get(url);
    if (!entry) return false;
    if (this.now() - entry.since >= RESPONSE_URL_MAX_AGE_MS || entry.uses >= RESPONSE_URL_MAX_USES) return false;
    entry.uses += 1;
    return true;
  }

  /** Drops the expired URLs from the front (they arrived first), and the oldest while there are too many. */
  #prune(): void {
    const limit = this.now() - RESPONSE_URL_MAX_AGE_MS;
    for (const [url, entry] of this.#seen) {
      if (entry.since >= limit && this.#seen.size < this.max) return;
      this.#seen.delete(url);
    }
  }
}

/** Said under a private reply whose files went to the user's DM with the bot. */
const FILES_IN_DM = {
  en: 'The image is in your direct messages with Guichet (Slack cannot show a file to you alone in a channel).',
  fr: 'L’image est dans vos messages directs avec Guichet (Slack ne peut pas montrer un fichier à vous seul dans un canal).',
};

/** Where a reply goes: the response_url, else the channel (ephemeral unless public), else a DM. */
export interface ReplyTarget {
  readonly responseUrl?: string;
  readonly channel?: string;
  readonly team: string;
  readonly user: string;
}

/** How a reply was delivered, for logs and tests. */
export type DeliveredBy = 'ack' | 'response_url' | 'chat.postMessage' | 'chat.postEphemeral' | 'direct message' | 'none';

/** Delivers command results to the user who typed, falling back when the response_url cannot be used. */
export class ReplyDelivery {
  /** Binds the Web API client, the budget of response URLs, their poster and the notifier used as the last resort. */
  constructor(
    private readonly client: webApi.WebClient,
    readonly budget: ResponseUrlBudget,
    private readonly poster: ResponseUrlPoster,
    private readonly notifier: SlackNotifier,
    private readonly logger: Logger,
  ) {}

  /**
   * Sends the reply: private replies stay ephemeral (or DM), public ones go to the channel, and what a public
   * reply keeps aside for the caller (personal details, delivery warnings) follows privately. With `ack` (a slash
   * command still unacknowledged), the first message goes in the acknowledgement instead of the response_url.
   */
  async deliver(reply: Reply, target: ReplyTarget, ack?: (message: AckMessage) => Promise<void>): Promise<DeliveredBy> {
    const files = reply.files ?? [];
    const inChannel = reply.visibility === 'public' && target.channel !== undefined;
    // Slack cannot show a file to one user in a channel: a private reply's files go to the user's DM with the bot.
    const shown = files.length && !inChannel
      ? { ...reply, sections: [...reply.sections, text(pick(FILES_IN_DM, reply.locale ?? 'en'))] }
      : reply;
    const by = ack ? await this.#acknowledge(shown, target, ack) : await this.#deliverOne(shown, target);
    const aside = asideReply(reply);
    if (aside) await this.#deliverOne(aside, target);
    if (files.length) await this.#deliverFiles(files, inChannel ? target.channel : undefined, target);
    return by;
  }

  /** Uploads the files into the channel (a public reply), else, or when that fails, into the user's DM. */
  async #deliverFiles(files: readonly ImageFile[], channel: string | undefined, target: ReplyTarget): Promise<void> {
    if (channel) {
      const sent = await this.notifier.uploadFiles(channel, files);
      if (sent.ok) return;
      this.logger.warn({ reason: sent.reason }, 'file upload to the channel failed; sending it in a direct message');
    }
    const dm = await this.notifier.directFiles({ platform: 'slack', workspace: target.team, user: target.user }, files);
    if (!dm.ok) this.logger.error({ reason: dm.reason }, 'file could not be uploaded');
  }

  /** Sends the message in the acknowledgement; should that fail (a dropped socket), it goes the usual way. */
  async #acknowledge(reply: Reply, target: ReplyTarget, ack: (message: AckMessage) => Promise<void>): Promise<DeliveredBy> {
    const { text, blocks } = renderReply(reply);
    try {
      await ack({ response_type: reply.visibility === 'public' ? 'in_channel' : 'ephemeral', text, blocks });
      return 'ack';
    } catch (error) {
      this.logger.warn({ reason: error instanceof Error ? error.message : String(error) }, 'acknowledgement with the reply failed; delivering it the usual way');
      return this.#deliverOne(reply, target);
    }
  }

  async #deliverOne(reply: Reply, target: ReplyTarget): Promise<DeliveredBy> {
    const { text, blocks } = renderReply(reply);
    const isPublic = reply.visibility === 'public';
    if (target.responseUrl && this.budget.take(target.responseUrl)) {
      try {
        await this.poster.post(target.responseUrl, { response_type: isPublic ? 'in_channel' : 'ephemeral', replace_original: false, text, blocks });
        return 'response_url';
      } catch (error) {
        this.logger.warn({ reason: error instanceof Error ? error.message : String(error) }, 'response_url refused; falling back to the Web API');
      }
    }
    if (target.channel) {
      try {
        if (isPublic) {
          await this.client.chat.postMessage({ channel: target.channel, text, blocks });
          return 'chat.postMessage';
        }
        await this.client.chat.postEphemeral({ channel: target.channel, user: target.user, text, blocks });
        return 'chat.postEphemeral';
      } catch (error) {
        this.logger.warn({ reason: slackFailure(error) }, 'channel reply failed; trying a direct message');
      }
    }
    const dm = await this.notifier.direct({ platform: 'slack', workspace: target.team, user: target.user }, reply);
    if (dm.ok) return 'direct message';
    this.logger.error({ reason: dm.reason }, 'reply could not be delivered');
    return 'none';
  }
}
