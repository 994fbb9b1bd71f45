import { spawn, type ChildProcess } from 'node:child_process';
import { ROOT as REPO } from './spawn.js';
import { blockText, postSigned, slashForm } from './slack-bed.js';
import type { FakeSlack } from './slack-fake.js';

/** A Guichet process (`adapters/main.ts`) serving Slack over HTTP on a free port. */
export interface BotProcess {
  readonly child: ChildProcess;
  readonly port: number;
  /** Resolves when the process has exited. */
  readonly exited: Promise<void>;
  /** True once the process has exited. */
  readonly dead: () => boolean;
  /** The end of what it wrote on stderr. */
  readonly stderr: () => string;
}

/** Starts `adapters/main.ts` with the given environment (and Node options) and waits for the Slack adapter's port. */
export async function startBot(env: Record<string, string>, nodeArgs: readonly string[] = []): Promise<BotProcess> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'adapters/main.ts'], {
    cwd: REPO,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  let err = '';
  let port: number | undefined;
  let dead = false;
  const exited = new Promise<void>((r) => child.once('exit', () => { dead = true; r(); }));
  const started = new Promise<number>((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      err = (err + d.toString()).slice(-20_000);
      if (port !== undefined) return;
      const line = err.split('\n').find((l) => l.includes('"slack adapter started"'));
      if (line) resolve((port = (JSON.parse(line) as { port: number }).port));
    });
    void exited.then(() => reject(new Error(`Guichet exited before serving: ${err}`)));
  });
  return { child, port: await started, exited, dead: () => dead, stderr: () => err };
}

/** One slash command sent to the bot and what became of it. */
export interface Sent {
  readonly trigger: string;
  readonly user: string;
  readonly command: string;
  readonly text: string;
  readonly round: number;
  /** The reply's text once it arrived; undefined while none did (or the bot died first). */
  answer?: string;
  /** True when the reply was an error. */
  failed?: boolean;
}

/**
 * Several Slack users typing slash commands at a bot process: each command is signed and posted, and its reply
 * awaited on its own response URL of the fake Web API; every wait ends (undefined) when the process dies.
 */
export class SlackClients {
  /** Every command sent, by trigger ID. */
  readonly sent = new Map<string, Sent>();
  #bot: BotProcess | undefined;
  #count = 0;
  #answered = 0;
  #seen = 0;
  #waiters = new Map<string, (body: Record<string, unknown> | undefined) => void>();
  #bodies = new Map<string, Record<string, unknown>>();
  #timer: NodeJS.Timeout | undefined;

  /** Wraps the fake Web API the bot talks to. */
  constructor(private readonly fake: FakeSlack) {}

  /** Points the clients at a (new) bot process. */
  attach(bot: BotProcess): void {
    this.#bot = bot;
    this.#answered = 0;
    void bot.exited.then(() => {
      for (const resolve of this.#waiters.values()) resolve(undefined);
      this.#waiters.clear();
    });
    this.#timer ??= setInterval(() => this.#poll(), 3);
  }

  /** Replies received since the current process was attached. */
  get answered(): number {
    return this.#answered;
  }

  /** True while the current process runs. */
  get alive(): boolean {
    return this.#bot !== undefined && !this.#bot.dead();
  }

  /** Sends a slash command as a user (again, as a Slack retry, when `retryOf` is given); resolves with the reply text, or undefined if the bot died. */
  async send(user: string, command: string, text: string, round: number, retryOf?: string): Promise<Sent | undefined> {
    const bot = this.#bot;
    if (!bot || bot.dead()) return undefined;
    this.#count += 1;
    const trigger = retryOf ?? `${round}.${this.#count}.crash`;
    const entry: Sent = this.sent.get(trigger) ?? { trigger, user, command, text, round };
    this.sent.set(trigger, entry);
    const responseUrl = this.fake.newResponseUrl();
    const id = responseUrl.split('/').pop()!;
    const body = new Promise<Record<string, unknown> | undefined>((r) => this.#waiters.set(id, r));
    let inAck: Record<string, unknown> | undefined;
    try {
      const form = slashForm(user, command, text, { responseUrl, triggerId: trigger });
      const answer = await postSigned(bot.port, form, retryOf ? { retryNum: 1 } : {});
      // A reply ready in time rides the acknowledgement; else it comes to the response_url.
      if (answer.status === 200) inAck = this.fake.noteAck(responseUrl, answer.body);
    } catch {
      this.#waiters.delete(id);
      return undefined;
    }
    if (inAck) this.#waiters.delete(id);
    const got = inAck ?? (await body);
    if (!got) return undefined;
    this.#answered += 1;
    entry.answer = `${String(got.text ?? '')}\n${blockText(got)}`;
    entry.failed = String(got.text ?? '').startsWith('❌');
    return entry;
  }

  /** The confirmation token of a contact-change request sent privately to a Slack user, once it arrived (undefined if the bot died). */
  async tokenFor(user: string, requestId: string): Promise<string | undefined> {
    return waitForToken(this.fake, user, requestId, () => !this.alive);
  }

  /** Stops polling. */
  close(): void {
    clearInterval(this.#timer);
  }

  #poll(): void {
    const responses = this.fake.responses;
    for (; this.#seen < responses.length; this.#seen++) {
      const r = responses[this.#seen]!;
      this.#bodies.set(r.id, r.body);
    }
    for (const [id, resolve] of this.#waiters) {
      const body = this.#bodies.get(id);
      if (body) {
        this.#waiters.delete(id);
        resolve(body);
      }
    }
  }
}

/** Polls the fake's DMs to `user` for the confirmation token of contact-change request `requestId`; undefined once `gone()`. */
export async function waitForToken(fake: FakeSlack, user: string, requestId: string, gone: () => boolean): Promise<string | undefined> {
  const pattern = new RegExp(`/contacts accept ${requestId} ([A-Z0-9]{10})`);
  for (;;) {
    for (const call of fake.callsOf('chat.postMessage')) {
      if (call.args.channel !== `D${user}`) continue;
      const found = pattern.exec(JSON.stringify(call.args));
      if (found) return found[1];
    }
    if (gone()) return undefined;
    await new Promise((r) => setTimeout(r, 5));
  }
}
