import { DiscordAPIError, Routes, type REST } from 'discord.js';
import type { ChatUser } from '../../src/core/identity.js';
import type { Reply } from '../../src/core/reply.js';
import type { Delivery, Notifier } from '../../src/ports/notifier.js';
import { renderReply, restFilesOf } from './discord.render.js';

/** Discord's error code for "Cannot send messages to this user" (DMs closed, or no shared server). */
export const CANNOT_DM = 50007;

/** Parses `discord:GUILD/CHANNEL` into the channel ID (workspace `dm` for direct-message channels). */
export function discordChannelId(address: string): string | undefined {
  return /^discord:[^/\s]+\/(\d{1,25})$/.exec(address.trim())?.[1];
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

  /** Posts the message to a channel; a refusal or an outage is reported, never thrown. */
  async post(channel: string, message: Reply): Promise<Delivery> {
    const id = discordChannelId(channel);
    if (!id) return { ok: false, reason: `${channel} is not a Discord channel address (discord:GUILD/CHANNEL)` };
    try {
      await this.rest.post(Routes.channelMessages(id), restFilesOf(message, renderReply(message)));
      return { ok: true };
    } catch (error) {
      return { ok: false, reason: reasonOf(error, channel) };
    }
  }
}
