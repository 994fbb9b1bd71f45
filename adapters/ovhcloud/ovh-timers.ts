/** Waiting, injected so tests drive time (with a ManualClock) instead of sleeping. */
export interface OvhTimers {
  /** Resolves after `ms` milliseconds. */
  sleep(ms: number): Promise<void>;
  /** A signal that aborts after `ms` milliseconds (the per-request timeout). */
  timeout(ms: number): AbortSignal;
}

/** Real timers. */
export const realTimers: OvhTimers = {
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  timeout: (ms) => AbortSignal.timeout(ms),
};
