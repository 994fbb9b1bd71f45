import type { LimitHit, Tx } from '../ports/store.js';

/** A source of wall-clock milliseconds (real time in production, manual in tests); shared by every process. */
export type Ticker = () => number;

/**
 * Sliding-window limits kept in the store (so N processes share them): at most `limit` hits per key
 * within `windowMs`. A hit is identified by the delivery that made it, so the same delivery is never
 * counted twice; the counts are written even when the command itself is refused or read-only.
 */
export class RateLimiter {
  /** Creates a limiter; a limit of 0 allows everything. */
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly ticker: Ticker = () => Date.now(),
  ) {}

  /** Seconds to wait before another hit on these keys would be allowed (0 when allowed); records nothing. */
  async wait(tx: Tx, keys: readonly string[]): Promise<number> {
    if (this.limit <= 0) return 0;
    const now = this.ticker();
    let wait = 0;
    for (const key of keys) wait = Math.max(wait, this.#waitFor(this.#recent(await tx.limits.hits(key), now), now));
    return wait;
  }

  /** Records a hit of delivery `id` on every key unless one of them is full; returns the seconds to wait, or 0 when allowed. */
  async hit(tx: Tx, keys: readonly string[], id: string): Promise<number> {
    if (this.limit <= 0) return 0;
    const now = this.ticker();
    const lists = new Map<string, LimitHit[]>();
    for (const key of keys) lists.set(key, this.#recent(await tx.limits.hits(key), now));
    const fresh = [...lists].filter(([, hits]) => !hits.some((h) => h.id === id));
    const wait = Math.max(0, ...fresh.map(([, hits]) => this.#waitFor(hits, now)));
    if (wait > 0) return wait;
    for (const [key, hits] of fresh) tx.limits.record(key, [...hits, { at: now, id }].slice(-this.limit));
    return 0;
  }

  #recent(hits: readonly LimitHit[], now: number): LimitHit[] {
    return hits.filter((h) => h.at > now - this.windowMs);
  }

  #waitFor(hits: readonly LimitHit[], now: number): number {
    return hits.length >= this.limit ? Math.max(1, Math.ceil((hits[hits.length - this.limit]!.at + this.windowMs - now) / 1000)) : 0;
  }
}
