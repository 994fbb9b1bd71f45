/** The source of time; every rule reads time through it. */
export interface Clock {
  now(): Date;
}

/** The system clock. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock that stays at a fixed instant until moved (tests, `GUICHET_NOW`). */
export class ManualClock implements Clock {
  #at: number;
  /** Starts at the given instant. */
  constructor(at: Date | string) {
    this.#at = new Date(at).getTime();
  }
  /** The current instant. */
  now(): Date {
    return new Date(this.#at);
  }
  /** Moves the clock forward by milliseconds. */
  advance(ms: number): void {
    this.#at += ms;
  }
  /** Sets the clock to an instant. */
  set(at: Date | string): void {
    this.#at = new Date(at).getTime();
  }
}
