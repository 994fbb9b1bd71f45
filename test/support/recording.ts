import type { ChatUser } from '../../src/core/identity.js';
import { chatUserKey } from '../../src/core/identity.js';
import { replyToPlainText, type Reply } from '../../src/core/reply.js';
import type { Logger } from '../../src/ports/logger.js';
import type { Delivery, Notifier } from '../../src/ports/notifier.js';

/** A notifier that records what it was asked to send, and can be told to fail. */
export class RecordingNotifier implements Notifier {
  readonly platforms = ['console', 'slack', 'discord'];
  readonly directs: { to: string; text: string }[] = [];
  readonly posts: { channel: string; text: string }[] = [];
  /** Decides whether a delivery fails; none fail by default. */
  failWhen: (target: string) => string | undefined = () => undefined;
  /** Records a private message. */
  async direct(to: ChatUser, message: Reply): Promise<Delivery> {
    const key = chatUserKey(to);
    const failure = this.failWhen(key);
    if (failure) return { ok: false, reason: failure };
    this.directs.push({ to: key, text: replyToPlainText(message) });
    return { ok: true };
  }
  /** Records a channel post. */
  async post(channel: string, message: Reply): Promise<Delivery> {
    const failure = this.failWhen(channel);
    if (failure) return { ok: false, reason: failure };
    this.posts.push({ channel, text: replyToPlainText(message) });
    return { ok: true };
  }
}

/** A logger that keeps every line as JSON text, to grep for secrets. */
export class RecordingLogger implements Logger {
  /** Shared with children. */
  constructor(readonly lines: string[] = [], private readonly bound: Record<string, unknown> = {}) {}
  #push(level: string, fields: Record<string, unknown>, msg: string) {
    this.lines.push(JSON.stringify({ level, ...this.bound, ...fields, msg }));
  }
  debug(f: Record<string, unknown>, m: string) { this.#push('debug', f, m); }
  info(f: Record<string, unknown>, m: string) { this.#push('info', f, m); }
  warn(f: Record<string, unknown>, m: string) { this.#push('warn', f, m); }
  error(f: Record<string, unknown>, m: string) { this.#push('error', f, m); }
  child(f: Record<string, unknown>): Logger { return new RecordingLogger(this.lines, { ...this.bound, ...f }); }
}
