import type { StorageEngine } from '../../adapters/store/engine.js';

/** Holds every store read while armed, so a test controls when a "slow store" answers. */
export class StoreGate {
  /** What happened, in order: `store-entered`, `store-done`, plus whatever the test pushes. */
  readonly events: string[] = [];
  #armed = false;
  #open: () => void = () => {};
  #opened: Promise<void> = Promise.resolve();
  #entered: () => void = () => {};
  /** Resolves when a read first reaches the armed gate. */
  entered: Promise<void> = Promise.resolve();

  /** Starts holding reads. */
  arm(): void {
    this.#armed = true;
    this.#opened = new Promise((r) => { this.#open = r; });
    this.entered = new Promise((r) => { this.#entered = r; });
  }

  /** Lets held and later reads through. */
  release(): void {
    this.#armed = false;
    this.#open();
  }

  /** Wraps an engine so that its reads wait at the gate. */
  wrap = (engine: StorageEngine): StorageEngine => ({
    read: async (key, check) => {
      await this.#pass();
      return engine.read(key, check);
    },
    readMany: async (keys, check) => {
      await this.#pass();
      return engine.readMany(keys, check);
    },
    range: async (from, to, options) => {
      await this.#pass();
      return engine.range(from, to, options);
    },
    commit: (request) => engine.commit(request),
    close: () => engine.close(),
  });

  async #pass(): Promise<void> {
    if (!this.#armed) return;
    this.events.push('store-entered');
    this.#entered();
    await this.#opened;
    this.events.push('store-done');
  }
}
