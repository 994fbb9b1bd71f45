import type { Logger } from '../../src/ports/logger.js';

/**
 * How long a slash command may wait for its reply to ride in the acknowledgement (Slack allows 3 s, network
 * included); past it, the command is acknowledged empty and its reply goes to the response_url.
 */
export const SLACK_ACK_BUDGET_MS = 1_500;

/** Timers as the adapter schedules them (injected by tests). */
export interface AckTimers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/** What a slash command's acknowledgement may carry: the first message of its reply. */
export interface AckMessage {
  readonly response_type: 'in_channel' | 'ephemeral';
  readonly text: string;
  readonly blocks: readonly unknown[];
}

/** Sends the acknowledgement: empty, or with a message (Bolt's `ack`). */
export type AckFn = (message?: AckMessage) => Promise<void>;

/** The default timers: Node's. */
export const nodeTimers: AckTimers = { set: (fn, ms) => setTimeout(fn, ms), clear: (h) => clearTimeout(h as NodeJS.Timeout) };

/**
 * One slash command's acknowledgement, sent exactly once: with the reply's first message when the reply is ready
 * within the budget (`take`), else empty when the budget runs out (or at once, for a duplicate delivery: `empty`).
 */
export class SlashAck {
  #sent = false;
  readonly #timer: unknown;

  /** Starts the budget now (the request's arrival). */
  constructor(private readonly ack: AckFn, private readonly timers: AckTimers, budgetMs: number, private readonly log: Logger) {
    this.#timer = timers.set(() => void this.empty(), budgetMs);
  }

  /** The acknowledgement for the reply's first message, or undefined when it already went (empty). */
  take(): ((message: AckMessage) => Promise<void>) | undefined {
    if (!this.#stop()) return undefined;
    return (message) => this.ack(message);
  }

  /** Acknowledges empty now, unless already done; never rejects (a failed ack is logged). */
  async empty(): Promise<void> {
    if (!this.#stop()) return;
    try {
      await this.ack();
    } catch (error) {
      this.log.warn({ reason: error instanceof Error ? error.message : String(error) }, 'slack acknowledgement failed');
    }
  }

  /** Marks the acknowledgement as taken; false when it already was. */
  #stop(): boolean {
    if (this.#sent) return false;
    this.#sent = true;
    this.timers.clear(this.#timer);
    return true;
  }
}
