import type { HomeTimers } from '../../adapters/slack/slack.home.js';

/** Timers that fire only when told (debounce tests that do not sleep). */
export class ManualTimers implements HomeTimers {
  readonly #pending = new Map<number, { fn: () => void; ms: number }>();
  #next = 0;
  /** Schedules `fn`; it runs at the next `fire`. */
  set(fn: () => void, ms: number): unknown {
    this.#next += 1;
    this.#pending.set(this.#next, { fn, ms });
    return this.#next;
  }
  /** Cancels a scheduled callback. */
  clear(handle: unknown): void {
    this.#pending.delete(handle as number);
  }
  /** The delays of the callbacks waiting. */
  get waiting(): number[] {
    return [...this.#pending.values()].map((t) => t.ms);
  }
  /** Runs every waiting callback (as if their delay had passed); returns how many ran. */
  fire(): number {
    const due = [...this.#pending.values()];
    this.#pending.clear();
    for (const t of due) t.fn();
    return due.length;
  }
}
