/** A queued item with the settling of the promise its caller waits on. */
export type Waiting<T extends object> = T & { readonly resolve: (ok: boolean) => void; readonly reject: (e: unknown) => void };

/**
 * The queue under the SQL engines' group commit and read validation: the first item pushed starts `run`, which takes
 * what was queued meanwhile, batch after batch, until `take` finds nothing (the queue is then idle, and the next push
 * starts `run` again). All of it is synchronous, so an item pushed while a batch is answered joins the next batch.
 */
export class BatchQueue<T extends object> {
  #waiting: Waiting<T>[] = [];
  #running: Promise<void> | undefined;

  /** Runs `run` when an item arrives and none is running; `run` must `take` until it answers undefined. */
  constructor(private readonly run: () => Promise<void>) {}

  /** Queues an item; resolves or rejects as its batch settles it. */
  push(item: T): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ ...item, resolve, reject });
      this.#running ??= this.run();
    });
  }

  /** How many items are queued. */
  get size(): number {
    return this.#waiting.length;
  }

  /** The oldest `max` items queued (by default all: the queue empties); undefined, and the queue idle, when none is. */
  take(max = Infinity): Waiting<T>[] | undefined {
    if (this.#waiting.length === 0) {
      this.#running = undefined;
      return undefined;
    }
    if (this.#waiting.length > max) return this.#waiting.splice(0, max);
    const batch = this.#waiting;
    this.#waiting = [];
    return batch;
  }

  /** Settles once every queued item is settled (undefined when the queue is idle). */
  get drained(): Promise<void> | undefined {
    return this.#running;
  }
}
