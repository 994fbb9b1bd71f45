import type { ChatUser } from '../core/identity.js';
import type { Reply } from '../core/reply.js';

/**
 * Result of one delivery attempt: accepted by the platform, or not (with why). `missed` says why the message went but
 * its files did not (they go in a second call on some platforms): delivering it again would repeat the message.
 */
export type Delivery = { readonly ok: true; readonly missed?: string } | { readonly ok: false; readonly reason: string };

/** Sends messages out of band: private messages to chat users, posts to channels. Adapters implement it. */
export interface Notifier {
  /** Platforms this notifier can deliver to. */
  readonly platforms: readonly string[];
  /** Sends a private message to one chat user. */
  direct(to: ChatUser, message: Reply): Promise<Delivery>;
  /** Posts a message to a channel address such as `slack:T123/C456`. */
  post(channel: string, message: Reply): Promise<Delivery>;
}

/** Routes deliveries to the notifier of each platform; unknown platforms fail cleanly. */
export class NotifierRouter implements Notifier {
  readonly #byPlatform = new Map<string, Notifier>();
  /** Platforms with a registered notifier. */
  get platforms(): string[] {
    return [...this.#byPlatform.keys()];
  }
  /** Registers the notifier of one or more platforms. */
  register(notifier: Notifier): void {
    for (const p of notifier.platforms) this.#byPlatform.set(p, notifier);
  }
  /** Sends a private message through the user's platform notifier. */
  async direct(to: ChatUser, message: Reply): Promise<Delivery> {
    const n = this.#byPlatform.get(to.platform);
    if (!n) return { ok: false, reason: `no ${to.platform} connection` };
    return safe(() => n.direct(to, message));
  }
  /** Posts to a channel through the channel's platform notifier. */
  async post(channel: string, message: Reply): Promise<Delivery> {
    const platform = channel.split(':', 1)[0] ?? '';
    const n = this.#byPlatform.get(platform);
    if (!n) return { ok: false, reason: `no ${platform} connection` };
    return safe(() => n.post(channel, message));
  }
}

async function safe(send: () => Promise<Delivery>): Promise<Delivery> {
  try {
    return await send();
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}
