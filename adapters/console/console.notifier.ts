import { replyToPlainText, type Reply } from '../../src/core/reply.js';
import type { ChatUser } from '../../src/core/identity.js';
import type { Delivery, Notifier } from '../../src/ports/notifier.js';
import { consoleFilesDir, writeReplyFiles } from './console.files.js';

/** Prints private messages and channel posts for console users and `console:` channels (their files written to `filesDir`). */
export class ConsoleNotifier implements Notifier {
  readonly platforms = ['console'] as const;
  /** Writes to the given sink (stdout by default); files go to `filesDir`. */
  constructor(
    private readonly write: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
    private readonly filesDir: string = consoleFilesDir(),
  ) {}
  /** Prints a private message addressed to one console user. */
  async direct(to: ChatUser, message: Reply): Promise<Delivery> {
    this.write(indent(`✉ private message to @${to.user}:`, await this.#body(message)));
    return { ok: true };
  }
  /** Prints a post to a console channel. */
  async post(channel: string, message: Reply): Promise<Delivery> {
    this.write(indent(`📣 ${channel}:`, await this.#body(message)));
    return { ok: true };
  }

  async #body(message: Reply): Promise<string> {
    const plain = replyToPlainText(message);
    return [plain, ...(await writeReplyFiles(message, this.filesDir, plain))].join('\n');
  }
}

/** A heading followed by indented lines. */
export function indent(heading: string, body: string): string {
  return [heading, ...body.split('\n').map((l) => `   ${l}`)].join('\n');
}
