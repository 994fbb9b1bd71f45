import { createHash } from 'node:crypto';
import type { Clock } from '../../src/ports/clock.js';
import type { OvhTimers } from './ovh-timers.js';

/** How fast one consumer key may call: a burst, then a steady rate, so that any minute holds at most `perMinute`. */
export interface ThrottlePolicy {
  readonly perMinute: number;
  readonly burst: number;
}

/** About 60 requests a minute per consumer key is known to be safe: a burst of 10, then 50 a minute. */
export const DEFAULT_THROTTLE: ThrottlePolicy = { perMinute: 60, burst: 10 };

/**
 * A token bucket on the injected clock. Callers are served in order: each `take()` waits (through the
 * injected timers) until a token is there. Over any window of 60 s at most `burst + (perMinute - burst)`
 * = `perMinute` calls pass.
 */
export class TokenBucket {
  readonly #ratePerMs: number;
  #tokens: number;
  #at: number;
  #queue: Promise<void> = Promise.resolve();

  /** A full bucket. */
  constructor(
    readonly policy: ThrottlePolicy,
    private readonly clock: Clock,
    private readonly timers: OvhTimers,
  ) {
    if (policy.burst < 1 || policy.perMinute <= policy.burst) throw new Error('throttle: need 1 <= burst < perMinute');
    this.#ratePerMs = (policy.perMinute - policy.burst) / 60_000;
    this.#tokens = policy.burst;
    this.#at = clock.now().getTime();
  }

  /** Waits for a token and takes it. */
  take(): Promise<void> {
    const turn = this.#queue.then(() => this.#takeNow());
    this.#queue = turn.catch(() => {});
    return turn;
  }

  async #takeNow(): Promise<void> {
    for (;;) {
      this.#refill();
      if (this.#tokens >= 1) {
        this.#tokens -= 1;
        return;
      }
      await this.timers.sleep(Math.ceil((1 - this.#tokens) / this.#ratePerMs));
    }
  }

  #refill(): void {
    const now = this.clock.now().getTime();
    if (now > this.#at) this.#tokens = Math.min(this.policy.burst, this.#tokens + (now - this.#at) * this.#ratePerMs);
    this.#at = Math.max(this.#at, now);
  }
}

/** One bucket per consumer key (keyed by a hash, so the key itself is never held as a map key). */
export class ThrottleRegistry {
  readonly #buckets = new Map<string, TokenBucket>();

  /** Buckets with one policy, clock and timers. */
  constructor(
    private readonly clock: Clock,
    private readonly timers: OvhTimers,
    private readonly policy: ThrottlePolicy = DEFAULT_THROTTLE,
  ) {}

  /** The bucket of a consumer key (or of the application alone, for unauthenticated calls). */
  forKey(consumerKey: string | undefined): TokenBucket {
    const id = createHash('sha256').update(consumerKey ?? '').digest('hex').slice(0, 16);
    let bucket = this.#buckets.get(id);
    if (!bucket) {
      bucket = new TokenBucket(this.policy, this.clock, this.timers);
      this.#buckets.set(id, bucket);
    }
    return bucket;
  }
}
