/** A source of monotonic milliseconds (real time in production, manual in tests). */
export type Ticker = () => number;

/**
 * Sliding-window limits: at most `limit` hits per key within `windowMs`. A hit is identified by an
 * invocation ID, so a re-run or a retried delivery of the same invocation is never counted twice.
 */
export class RateLimiter {
  readonly #hits = new Map<string, { at: number; id: string }[]>();
  /** Creates a limiter; a limit of 0 allows everything. */
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly ticker: Ticker = () => performance.now(),
  ) {}

  /** Seconds to wait before another hit on these keys would be allowed (0 when allowed); records nothing. */
  wait(keys: readonly string[]): number {
    if (this.limit <= 0) return 0;
    const now = this.ticker();
    let wait = 0;
    for (const key of keys) {
      const list = this.#recent(key, now);
      if (list.length >= this.limit) wait = Math.max(wait, Math.ceil((list[0]!.at + this.windowMs - now) / 1000));
    }
    return wait;
  }

  /** Records a hit on every key unless one of them is full; returns the seconds to wait, or 0 when allowed. */
  hit(keys: readonly string[], id: string): number {
    if (this.limit <= 0) return 0;
    const now = this.ticker();
    const fresh = keys.filter((key) => !this.#recent(key, now).some((h) => h.id === id));
    const wait = this.wait(fresh);
    if (wait > 0) return wait;
    for (const key of fresh) this.#hits.set(key, [...this.#recent(key, now), { at: now, id }]);
    if (this.#hits.size > 50_000) this.#sweep(now);
    return 0;
  }

  #recent(key: string, now: number): { at: number; id: string }[] {
    const list = this.#hits.get(key) ?? [];
    while (list.length > 0 && list[0]!.at <= now - this.windowMs) list.shift();
    return list;
  }

  #sweep(now: number): void {
    for (const [key, list] of this.#hits) if (this.#recent(key, now).length === 0) this.#hits.delete(key);
  }
}
