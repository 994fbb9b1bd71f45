import type { Clock } from '../../src/ports/clock.js';

/**
 * The API's clock as a delta to the local (injected) clock, read once from `GET /auth/time` and shared by
 * every client of one endpoint; read again after the API said a timestamp was out of time.
 */
export class ServerTime {
  #delta: number | undefined;
  #pending: Promise<number> | undefined;

  /** Reads the server time (seconds since the epoch) through `readServerTime` when needed. */
  constructor(private readonly clock: Clock) {}

  /** The server's current time in seconds, for `X-Ovh-Timestamp`. */
  async timestamp(readServerTime: () => Promise<number>): Promise<number> {
    return this.#localSeconds() + (await this.delta(readServerTime));
  }

  /** Seconds to add to the local clock to get the server's (read once, then cached). */
  delta(readServerTime: () => Promise<number>): Promise<number> {
    if (this.#delta !== undefined) return Promise.resolve(this.#delta);
    this.#pending ??= readServerTime()
      .then((serverSeconds) => (this.#delta = serverSeconds - this.#localSeconds()))
      .finally(() => (this.#pending = undefined));
    return this.#pending;
  }

  /** Forgets the delta, so the next signed call reads the server time again. */
  invalidate(): void {
    this.#delta = undefined;
  }

  #localSeconds(): number {
    return Math.floor(this.clock.now().getTime() / 1000);
  }
}
