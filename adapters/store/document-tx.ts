import type { RangeOptions, RangeRow, StorageEngine } from './engine.js';

/** Raised inside a unit of work when a document changed under it; the unit is re-run. */
export class ConflictError extends Error {
  /** Names the key that moved. */
  constructor(key: string) {
    super(`conflict on ${key}`);
    this.name = 'ConflictError';
  }
}

/** The last key of a prefix range: every key that starts with `prefix` is below it. */
export function prefixEnd(prefix: string): string {
  return `${prefix}\uffff`;
}

/**
 * A transaction over the engine: records the version of every document it reads (and the versions it
 * requires without reading: preconditions), buffers its writes (readable by itself), and hands both to
 * the engine for a validated, atomic commit. Counter writes (`side`) land even when the unit of work
 * decides not to commit its other writes.
 */
export class DocumentTx {
  readonly reads = new Map<string, number>();
  readonly writes = new Map<string, unknown>();
  readonly side = new Map<string, unknown>();

  /** Opens a transaction on an engine; `retry` when an earlier attempt of the same unit failed to commit. */
  constructor(
    private readonly engine: StorageEngine,
    readonly retry = false,
  ) {}

  /**
   * Reads a document (this transaction's own write first). Reads asked in the same tick (e.g. under `Promise.all`)
   * go to the engine together: one `readMany`, so one round trip at most for all their cache misses.
   */
  get(key: string): Promise<unknown> {
    if (this.#mine(key)) return Promise.resolve(this.#own(key));
    const kept = this.#kept.get(key);
    if (kept !== undefined) return Promise.resolve(kept === null ? undefined : JSON.parse(kept));
    return new Promise((resolve, reject) => {
      if (!this.#queued) {
        this.#queued = [];
        queueMicrotask(() => void this.#drain());
      }
      this.#queued.push({ key, resolve, reject });
    });
  }

  #queued: { key: string; resolve: (value: unknown) => void; reject: (error: unknown) => void }[] | undefined;
  /**
   * Documents read together (several keys in one tick: read ahead, typically), kept for this transaction's later reads
   * of them: those need no engine call, which under concurrent commits would often miss the engine's cache.
   */
  readonly #kept = new Map<string, string | null>();

  /** Reads the keys queued by `get` in this tick: one engine call, each version recorded as `get` does. */
  async #drain(): Promise<void> {
    const batch = this.#queued!;
    this.#queued = undefined;
    let answers: { value: unknown; version: number }[];
    try {
      answers = batch.length === 1 ? [await this.engine.read(batch[0]!.key)] : await this.engine.readMany(batch.map((q) => q.key));
    } catch (error) {
      for (const q of batch) q.reject(error);
      return;
    }
    batch.forEach((q, i) => {
      try {
        this.#see(q.key, answers[i]!.version);
        const value = answers[i]!.value;
        // As JSON (documents are JSON, as the engines' caches keep them): cheaper to copy than structuredClone.
        if (batch.length > 1) this.#kept.set(q.key, value === undefined ? null : JSON.stringify(value));
        q.resolve(value);
      } catch (error) {
        q.reject(error);
      }
    });
  }

  /**
   * Reads several documents, in the order of `keys`: this transaction's own writes first, every other key in one
   * engine call (one round trip at most); each version read is recorded for the commit's validation as `get` does.
   */
  async getMany(keys: readonly string[]): Promise<unknown[]> {
    const stored = [...new Set(keys.filter((key) => !this.#mine(key)))];
    const read = new Map<string, unknown>();
    if (stored.length > 0) {
      const answers = await this.engine.readMany(stored);
      stored.forEach((key, i) => {
        this.#see(key, answers[i]!.version);
        read.set(key, answers[i]!.value);
      });
    }
    const handed = new Set<string>();
    return keys.map((key) => {
      if (!read.has(key)) return this.#own(key);
      if (handed.has(key)) return structuredClone(read.get(key));
      handed.add(key);
      return read.get(key);
    });
  }

  #mine(key: string): boolean {
    return this.writes.has(key) || this.side.has(key);
  }

  /** A copy of this transaction's own write of a key (`undefined` for a deletion). */
  #own(key: string): unknown {
    return structuredClone((this.writes.has(key) ? this.writes.get(key) : this.side.get(key)) ?? undefined);
  }

  /** Requires, without reading, that the key still has this version at commit (`ABSENT`: that it does not exist). */
  require(key: string, version: number): void {
    if (this.#mine(key)) throw new ConflictError(key);
    this.#see(key, version);
  }

  #see(key: string, version: number): void {
    const seen = this.reads.get(key);
    if (seen !== undefined && seen !== version) throw new ConflictError(key);
    this.reads.set(key, version);
  }

  /** Writes a counter document, kept even if the unit of work does not commit its other writes. */
  putSide(key: string, value: unknown): void {
    this.side.set(key, structuredClone(value));
  }

  /** Writes a document (buffered until commit). */
  put(key: string, value: unknown): void {
    this.writes.set(key, structuredClone(value));
  }

  /** Deletes a document (buffered until commit). */
  delete(key: string): void {
    this.writes.set(key, null);
  }

  /** Scans [from, to), overlaid with this transaction's own writes. */
  async range(from: string, to: string, options: RangeOptions): Promise<RangeRow[]> {
    const mine = [...this.writes].filter(([k]) => k >= from && k < to);
    const extra = mine.filter(([, v]) => v === null).length;
    const rows = await this.engine.range(from, to, { ...options, limit: options.limit + extra });
    if (mine.length === 0) return rows;
    const merged = new Map(rows.map((r) => [r.key, r.value] as const));
    for (const [k, v] of mine) {
      if (v === null) merged.delete(k);
      else merged.set(k, structuredClone(v));
    }
    const keys = [...merged.keys()].sort();
    if (options.reverse) keys.reverse();
    return keys.slice(0, options.limit).map((key) => ({ key, value: merged.get(key) }));
  }

  /** What to commit: every write, or (when the unit decided not to commit) the counters only. */
  request(commit: boolean): { reads: ReadonlyMap<string, number>; writes: ReadonlyMap<string, unknown> } {
    if (!commit) return { reads: this.reads, writes: this.side };
    if (this.side.size === 0) return { reads: this.reads, writes: this.writes };
    return { reads: this.reads, writes: new Map([...this.side, ...this.writes]) };
  }

  /** True when nothing was written (counters aside). */
  get empty(): boolean {
    return this.writes.size === 0;
  }
}
