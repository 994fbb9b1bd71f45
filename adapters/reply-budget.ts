/** Timers as an adapter schedules them (Node's by default; tests fire them by hand). */
export interface BudgetTimers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/** The default timers: Node's. */
export const nodeTimers: BudgetTimers = { set: (fn, ms) => setTimeout(fn, ms), clear: (h) => clearTimeout(h as NodeJS.Timeout) };

const ignore = (): void => {};

/**
 * The first answer to a request a platform wants answered within a deadline (a Slack slash command's
 * acknowledgement, a Discord interaction's callback), sent exactly once: the reply itself when it is ready within
 * the budget (`take`), else a fallback that buys time (an empty acknowledgement, a deferral) when the budget runs
 * out. Platform-neutral: the adapters say what each answer is.
 */
export class ReplyBudget {
  #state: 'open' | 'taken' | 'fell-back' = 'open';
  #fellBack: Promise<void> | undefined;
  readonly #timer: unknown;
  readonly #since: number;

  /**
   * Starts the budget now (the request's arrival), on `timers` and, as a second check, on the clock `now` (ms).
   * `fallback` sends the fallback answer; a failure of it is not thrown here but kept in `fellBack`.
   */
  constructor(
    private readonly fallback: () => Promise<void>,
    private readonly timers: BudgetTimers,
    private readonly budgetMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.#since = now();
    this.#timer = timers.set(() => void this.fallBack()?.catch(ignore), budgetMs);
  }

  /**
   * True when the reply may be the first answer (the fallback then never goes). False when the fallback went — or
   * when the budget is spent by the clock though its timer has not run yet (a busy event loop): the fallback then
   * goes now, rather than the reply so late that the platform may have given up on it. After false, the reply
   * follows the fallback (`fellBack`), never races it.
   */
  take(): boolean {
    if (this.#state !== 'open') return false;
    if (this.now() - this.#since >= this.budgetMs) {
      void this.fallBack()?.catch(ignore);
      return false;
    }
    this.#close('taken');
    return true;
  }

  /** Sends the fallback now unless an answer went already; the sending, or undefined when nothing was sent now. */
  fallBack(): Promise<void> | undefined {
    if (this.#state !== 'open') return undefined;
    this.#close('fell-back');
    this.#fellBack = (async () => this.fallback())();
    return this.#fellBack;
  }

  /** The fallback's sending (rejects as it did), or undefined when no fallback went. */
  get fellBack(): Promise<void> | undefined {
    return this.#fellBack;
  }

  #close(state: 'taken' | 'fell-back'): void {
    this.#state = state;
    this.timers.clear(this.#timer);
  }
}
