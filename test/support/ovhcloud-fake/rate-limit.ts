import { FakeApiError } from './fake-error.js';

/** The fake's 429s: past a per-minute limit per caller (with Retry-After), and at random at a seeded rate. */
export class FakeRateLimiter {
  readonly #windows = new Map<string, number[]>();

  /** No limit when `perMinute` is undefined; no random 429 when `rate` is 0. */
  constructor(
    private readonly perMinute: number | undefined,
    private readonly rate: number,
    private readonly random: () => number,
  ) {}

  /** A 429 for this caller at this instant (ms), or undefined (the request then counts). */
  check(key: string, now: number): FakeApiError | undefined {
    if (this.perMinute) {
      const window = (this.#windows.get(key) ?? []).filter((t) => t > now - 60_000);
      this.#windows.set(key, window);
      if (window.length >= this.perMinute) {
        const retryAfter = Math.max(1, Math.ceil((window[0]! + 60_000 - now) / 1000));
        return new FakeApiError(429, 'Too many requests', 'Client::TooManyRequests', undefined, { 'Retry-After': String(retryAfter) });
      }
      window.push(now);
    }
    if (this.rate > 0 && this.random() < this.rate) return new FakeApiError(429, 'Too many requests', 'Client::TooManyRequests');
    return undefined;
  }
}
