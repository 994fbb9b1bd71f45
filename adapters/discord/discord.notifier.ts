import { createHash } from 'node:crypto';
import { DiscordAPIError, Routes, type REST } from 'discord.js';
import type { ChatUser } from '../../src/core/identity.js';
import type { Reply } from '../../src/core/reply.js';
import type { Delivery, Notifier, PostOptions } from '../../src/ports/notifier.js';
import { renderReply, restFilesOf } from './discord.render.js';

/** Discord's error code for "Cannot send messages to this user" (DMs closed, or no shared server). */
export const CANNOT_DM = 50007;

/** Parses `discord:GUILD/CHANNEL` into the channel ID (workspace `dm` for direct-message channels). */
export function discordChannelId(address: string): string | undefined {
  return /^discord:[^/\s]+\/(\d{1,25})$/.exec(address.trim())?.[1];
}

/** Discord's limit on a message nonce (characters). */
export const NONCE_MAX = 25;

/**
 * The nonce of a channel post: the delivery's key and the channel, hashed (SHA-256, base64url) to 25 characters.
 * Sent with `enforce_nonce: true`, a create with a nonce the bot used in the past few minutes returns that message
 * and creates none (Discord API, Create Message: https://github.com/discord/discord-api-docs/pull/6647; the same text
 * in discord-api-types `RESTPostAPIChannelMessageJSONBody.enforce_nonce`, and discord.js's `MessageCreateOptions`
 * `nonce`/`enforceNonce`, which we do not use: posts go through the REST client). Discord scopes the check to the
 * author, not the channel: the channel is part of the hash, so one reminder posted to two channels stays two posts.
 * So a post whose answer was lost (timeout, 5xx, connection reset) and is retried by discord.js, by the next job run
 * or by another process yields one message, as long as the retry comes within those minutes.
 */
export function postNonce(key: string, channelId: string): string {
  return createHash('sha256').update(`${channelId}\n${key}`).digest('base64url').slice(0, NONCE_MAX);
}

/** Why Discord refused a delivery, in words the requester can act on. */
function reasonOf(error: unknown, to: string): string {
  if (error instanceof DiscordAPIError) {
    if (error.code === CANNOT_DM) return `Discord user ${to} does not accept direct messages from Guichet (privacy settings, or no server in common)`;
    return `Discord refused the message to ${to} (${String(error.code)}: ${error.message})`;
  }
  return `Discord could not be reached for ${to} (${error instanceof Error ? error.message : String(error)})`;
}

/** Delivers private messages by DM to Discord users and posts to `discord:GUILD/CHANNEL` channels, over REST (no gateway needed). */
export class DiscordNotifier implements Notifier {
  readonly platforms = ['discord'] as const;
  readonly #dms = new Map<string, string>();
  /** Sends through discord.js's REST client, holding the bot token. */
  constructor(private readonly rest: REST) {}

  /** Opens (or reuses) the DM channel with the user and sends the message there. */
  async direct(to: ChatUser, message: Reply): Promise<Delivery> {
    if (to.platform !== 'discord') return { ok: false, reason: `${to.platform} users cannot be reached through Discord` };
    try {
      let channel = this.#dms.get(to.user);
      if (!channel) {
        channel = ((await this.rest.post(Routes.userChannels(), { body: { recipient_id: to.user } })) as { id: string }).id;
        this.#dms.set(to.user, channel);
        if (this.#dms.size > 10_000) this.#dms.delete(this.#dms.keys().next().value!);
      }
      await this.rest.post(Routes.channelMessages(channel), restFilesOf(message, renderReply(message)));
      return { ok: true };
    } catch (error) {
      return { ok: false, reason: reasonOf(error, `discord:${to.workspace}/${to.user}`) };
    }
  }

  /** Posts the message to a channel, once per `options.key` (see `postNonce`); a refusal or an outage is reported, never thrown. */
  async post(channel: string, message: Reply, options?: PostOptions): Promise<Delivery> {
    const id = discordChannelId(channel);
    if (!id) return { ok: false, reason: `${channel} is not a Discord channel address (discord:GUILD/CHANNEL)` };
    try {
      const request = restFilesOf(message, renderReply(message));
      const body = options?.key ? { ...request.body, nonce: postNonce(options.key, id), enforce_nonce: true } : request.body;
      await this.rest.post(Routes.channelMessages(id), { ...request, body });
      return { ok: true };
    } catch (error) {
      return { ok: false, reason: reasonOf(error, channel) };
    }
  }
}
