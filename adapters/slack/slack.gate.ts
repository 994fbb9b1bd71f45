/**
 * A soft bound on the commands and clicks a process runs at once: beyond `limit`, one waits for another to finish,
 * but never longer than `maxWaitMs` (then it runs anyway). Under load this keeps the event loop's turns short, so
 * new requests are taken in (and their acknowledgement budget started) promptly, and every acknowledgement due —
 * a reply, or an empty one at the budget for a command still waiting here — goes out on time; a slow platform call
 * holding every slot delays the others by `maxWaitMs` at most.
 */
export class RunGate {
  #running = 0;
  readonly #queue: (() => void)[] = [];

  /** At most `limit` at once, waits of at most `maxWaitMs` (timers injectable for tests). */
  constructor(
    private readonly limit: number,
    private readonly maxWaitMs: number,
    private readonly timers: { set(fn: () => void, ms: number): unknown; clear(handle: unknown): void } = {
      set: (fn, ms) => setTimeout(fn, ms),
      clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
    },
  ) {}

  /** Commands running now (those let through after waiting too long included). */
  get running(): number {
    return this.#running;
  }

  /** Commands waiting for a slot. */
  get waiting(): number {
    return this.#queue.length;
  }

  /** Resolves when the caller may run; call `leave()` once it has finished. */
  enter(): Promise<void> {
    if (this.#running < this.limit) {
      this.#running += 1;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const go = () => {
        this.timers.clear(timer);
        resolve();
      };
      const timer = this.timers.set(() => {
        const at = this.#queue.indexOf(go);
        if (at < 0) return;
        this.#queue.splice(at, 1);
        this.#running += 1;
        resolve();
      }, this.maxWaitMs);
      this.#queue.push(go);
    });
  }

  /** Frees the caller's slot: the longest waiting command takes it. */
  leave(): void {
    const next = this.#queue.shift();
    if (next) next();
    else this.#running -= 1;
  }
}
