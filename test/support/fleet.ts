import { waitForToken, type BotProcess, type Sent } from './crash-bot.js';
import type { CommandClients } from './crash-workload.js';
import { blockText, postSigned, slashForm } from './slack-bed.js';
import type { FakeSlack } from './slack-fake.js';

/** The text a duplicate delivery is answered with. */
export const ALREADY_DONE = /Already done: this request reached me twice|Déjà fait : cette demande m’est parvenue deux fois/;

/** A trigger Slack delivered twice, to two different processes, and the two answers. */
export interface Duplicate {
  readonly trigger: string;
  readonly first: number;
  readonly second: number;
  answers: (string | undefined)[];
  failed: boolean[];
}

/**
 * Slack users typing at several Guichet processes behind one endpoint, as a load balancer would spread them:
 * each slash command goes to the next live process in turn, and about one in `duplicateEvery` is delivered
 * again, with the same trigger, to a different live process while the first is still running.
 */
export class FleetClients implements CommandClients {
  /** Every command sent, by trigger ID. */
  readonly sent = new Map<string, Sent>();
  readonly duplicates: Duplicate[] = [];
  /** Replies received, by process index. */
  readonly answeredBy: number[];
  #next = 0;
  #count = 0;
  #seen = 0;
  readonly #waiters = new Map<string, { bot: number; resolve: (body: Record<string, unknown> | undefined) => void }>();
  readonly #bodies = new Map<string, Record<string, unknown>>();
  readonly #timer: NodeJS.Timeout;

  /** Points the clients at the processes; they stop after `total` commands. */
  constructor(private readonly fake: FakeSlack, private readonly bots: readonly BotProcess[], private readonly total: number, private readonly rng: () => number, private readonly duplicateEvery = 10) {
    this.answeredBy = bots.map(() => 0);
    bots.forEach((b, i) => void b.exited.then(() => {
      for (const [id, w] of this.#waiters) if (w.bot === i) { this.#waiters.delete(id); w.resolve(undefined); }
    }));
    this.#timer = setInterval(() => this.#poll(), 3);
  }

  /** True until `total` commands were sent (and while a process is alive). */
  get alive(): boolean {
    return this.#count < this.total && this.bots.some((b) => !b.dead());
  }

  /** Replies received in all. */
  get answered(): number {
    return this.answeredBy.reduce((a, b) => a + b, 0);
  }

  /** Sends a slash command to the next live process (and, now and then, the same trigger to another one). */
  async send(user: string, command: string, text: string, round: number): Promise<Sent | undefined> {
    const first = this.#pick();
    if (first === undefined) return undefined;
    this.#count += 1;
    const trigger = `${round}.${this.#count}.fleet`;
    const entry: Sent = { trigger, user, command, text, round };
    this.sent.set(trigger, entry);
    const again = this.rng() < 1 / this.duplicateEvery ? this.#pick(first) : undefined;
    const dup: Duplicate | undefined = again === undefined ? undefined : { trigger, first, second: again, answers: [], failed: [] };
    if (dup) this.duplicates.push(dup);
    const deliveries = [first, ...(again === undefined ? [] : [again])].map((bot, n) => this.#deliver(bot, user, command, text, trigger, n));
    const bodies = await Promise.all(deliveries);
    const texts = bodies.map((b) => (b ? `${String(b.text ?? '')}\n${blockText(b)}` : undefined));
    const failed = bodies.map((b) => String(b?.text ?? '').startsWith('❌'));
    if (dup) { dup.answers = texts; dup.failed = failed; }
    // The user sees the answer of the delivery that applied the command (the other says "Already done").
    const i = texts.findIndex((t) => t !== undefined && !ALREADY_DONE.test(t));
    const k = i >= 0 ? i : texts.findIndex((t) => t !== undefined);
    if (k < 0) return undefined;
    entry.answer = texts[k];
    entry.failed = failed[k];
    return entry;
  }

  /** The confirmation token sent privately to a Slack user for a request (undefined once every process is gone). */
  async tokenFor(user: string, requestId: string): Promise<string | undefined> {
    return waitForToken(this.fake, user, requestId, () => this.bots.every((b) => b.dead()));
  }

  /** Stops polling. */
  close(): void {
    clearInterval(this.#timer);
  }

  /** The next live process in turn, other than `not`. */
  #pick(not?: number): number | undefined {
    for (let tries = 0; tries < this.bots.length; tries++) {
      const i = this.#next++ % this.bots.length;
      if (i !== not && !this.bots[i]!.dead()) return i;
    }
    return undefined;
  }

  async #deliver(bot: number, user: string, command: string, text: string, trigger: string, retry: number): Promise<Record<string, unknown> | undefined> {
    const responseUrl = this.fake.newResponseUrl();
    const id = responseUrl.split('/').pop()!;
    const body = new Promise<Record<string, unknown> | undefined>((resolve) => this.#waiters.set(id, { bot, resolve }));
    let inAck: Record<string, unknown> | undefined;
    try {
      const answer = await postSigned(this.bots[bot]!.port, slashForm(user, command, text, { responseUrl, triggerId: trigger }), retry ? { retryNum: retry } : {});
      // A reply ready in time rides the acknowledgement; else it comes to the response_url.
      if (answer.status === 200) inAck = this.fake.noteAck(responseUrl, answer.body);
    } catch {
      this.#waiters.delete(id);
      return undefined;
    }
    if (inAck) this.#waiters.delete(id);
    const got = inAck ?? (await body);
    if (got) this.answeredBy[bot]! += 1;
    return got;
  }

  #poll(): void {
    const responses = this.fake.responses;
    for (; this.#seen < responses.length; this.#seen++) this.#bodies.set(responses[this.#seen]!.id, responses[this.#seen]!.body);
    for (const [id, w] of this.#waiters) {
      const got = this.#bodies.get(id);
      if (got) { this.#waiters.delete(id); w.resolve(got); }
    }
  }
}

/** What is wrong with the duplicated deliveries: a command applied by both processes, or a duplicate not answered "Already done". */
export function duplicateViolations(duplicates: readonly Duplicate[]): string[] {
  const v: string[] = [];
  for (const d of duplicates) {
    if (d.answers.some((a) => a === undefined)) continue; // a process was killed before answering
    const applied = d.answers.filter((a, i) => !d.failed[i] && !ALREADY_DONE.test(a!)).length;
    const already = d.answers.filter((a) => ALREADY_DONE.test(a!)).length;
    if (applied > 1) v.push(`trigger ${d.trigger} applied by both processes ${d.first} and ${d.second}`);
    if (d.failed.some((f) => !f) && already === 0) v.push(`trigger ${d.trigger}: no delivery was answered "Already done" (${d.answers.map((a) => a!.split('\n')[0]).join(' | ')})`);
  }
  return v;
}
