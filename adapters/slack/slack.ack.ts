import type { Logger } from '../../src/ports/logger.js';
import { nodeTimers, ReplyBudget, type BudgetTimers } from '../reply-budget.js';

/**
 * How long a slash command may wait for its reply to ride in the acknowledgement (Slack allows 3 s, network
 * included); past it, the command is acknowledged empty and its reply goes to the response_url.
 */
export const SLACK_ACK_BUDGET_MS = 1_500;

/** Timers as the adapter schedules them (injected by tests). */
export type AckTimers = BudgetTimers;

/** The default timers: Node's. */
export { nodeTimers };

/** What a slash command's acknowledgement may carry: the first message of its reply. */
export interface AckMessage {
  readonly response_type: 'in_channel' | 'ephemeral';
  readonly text: string;
  readonly blocks: readonly unknown[];
}

/** Sends the acknowledgement: empty, or with a message (Bolt's `ack`). */
export type AckFn = (message?: AckMessage) => Promise<void>;

/**
 * One slash command's acknowledgement, sent exactly once: with the reply's first message when the reply is ready
 * within the budget (`take`), else empty when the budget runs out (or at once, for a duplicate delivery: `empty`).
 */
export class SlashAck {
  readonly #budget: ReplyBudget;

  /** Starts the budget now (the request's arrival), on `timers` and, as a second check, on the clock `now` (ms). */
  constructor(
    private readonly ack: AckFn,
    timers: AckTimers,
    budgetMs: number,
    private readonly log: Logger,
    now: () => number = Date.now,
  ) {
    this.#budget = new ReplyBudget(() => this.#empty(), timers, budgetMs, now);
  }

  /**
   * The acknowledgement for the reply's first message, or undefined when it already went (empty) — or when the
   * budget is spent by the clock though its timer has not run yet (a busy event loop): then it goes empty now,
   * rather than carrying the reply so late that Slack may have given up on it.
   */
  take(): ((message: AckMessage) => Promise<void>) | undefined {
    return this.#budget.take() ? (message) => this.ack(message) : undefined;
  }

  /** Acknowledges empty now, unless already done; never rejects (a failed ack is logged). */
  async empty(): Promise<void> {
    await this.#budget.fallBack();
  }

  async #empty(): Promise<void> {
    try {
      await this.ack();
    } catch (error) {
      this.log.warn({ reason: error instanceof Error ? error.message : String(error) }, 'slack acknowledgement failed');
    }
  }
}
