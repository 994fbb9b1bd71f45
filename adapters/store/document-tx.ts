import { type Check, EncodedDocument, type RangeOptions, type RangeRow, type StorageEngine, type VersionedRead } from './engine.js';

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
 * decides not to commit its other writes. A write is serialised once, when it is made (it is what a read of it
 * parses back, and what the engine stores).
 */
export class DocumentTx {
  readonly reads = new Map<string, number>();
  readonly writes = new Map<string, EncodedDocument | null>();
  readonly side = new Map<string, EncodedDocument | null>();

  /** Opens a transaction on an engine; `retry` when an earlier attempt of the same unit failed to commit. */
  constructor(
    private readonly engine: StorageEngine,
    readonly retry = false,
  ) {}

  /**
   * Reads a document (this transaction's own write first), passed through `check` when given (undefined when absent);
   * a document known to pass `check` unchanged (written through it, or validated by the engine) is not checked again.
   * Reads asked in the same tick (e.g. under `Promise.all`) go to the engine together: one `readMany`, so one round
   * trip at most for all their cache misses.
   */
  get(key: string, check?: Check): Promise<unknown> {
    if (this.#mine(key)) return Promise.resolve(this.#own(key, check));
    const kept = this.#kept.get(key);
    if (kept !== undefined) return Promise.resolve(kept.json === null ? undefined : this.#through(key, JSON.parse(kept.json), kept.check, check));
    return new Promise((resolve, reject) => {
      if (!this.#queued) {
        this.#queued = [];
        queueMicrotask(() => void this.#drain());
      }
      this.#queued.push({ key, check, resolve, reject });
    });
  }

  #queued: { key: string; check: Check | undefined; resolve: (value: unknown) => void; reject: (error: unknown) => void }[] | undefined;
  /**
   * Documents read together (several keys in one tick: read ahead, typically), as JSON with the check they came out
   * of, kept for this transaction's later reads of them: those need no engine call, which under concurrent commits
   * would often miss the engine's cache.
   */
  readonly #kept = new Map<string, { json: string | null; check: Check | undefined }>();

  /** Reads the keys queued by `get` in this tick: one engine call, each version recorded as `get` does. */
  async #drain(): Promise<void> {
    const batch = this.#queued!;
    this.#queued = undefined;
    let answers: VersionedRead[];
    try {
      answers = batch.length === 1 ? [await this.engine.read(batch[0]!.key, batch[0]!.check)] : await this.engine.readMany(batch.map((q) => q.key), batch.map((q) => q.check));
    } catch (error) {
      for (const q of batch) q.reject(error);
      return;
    }
    batch.forEach((q, i) => {
      try {
        const { value, version, checked } = answers[i]!;
        this.#see(q.key, version);
        const out = value === undefined || !q.check || checked ? value : q.check(q.key, value);
        // As JSON (documents are JSON, as the engines' caches keep them): cheaper to copy than structuredClone.
        if (batch.length > 1) this.#kept.set(q.key, { json: out === undefined ? null : JSON.stringify(out), check: q.check });
        q.resolve(out);
      } catch (error) {
        q.reject(error);
      }
    });
  }

  /** `value` (which came out of `done`, if anything) as `check` returns it: unchanged when it already came out of it. */
  #through(key: string, value: unknown, done: Check | undefined, check: Check | undefined): unknown {
    return check && done !== check ? check(key, value) : value;
  }

  /**
   * Reads several documents, in the order of `keys`, each as `get` would: this transaction's own writes first, every
   * other key in one engine call (one round trip at most); each version read is recorded for the commit's validation.
   */
  getMany(keys: readonly string[], check?: Check): Promise<unknown[]> {
    // Asked in one tick, the reads go to the engine together (see `get`).
    return Promise.all(keys.map((key) => this.get(key, check)));
  }

  #mine(key: string): boolean {
    return this.writes.has(key) || this.side.has(key);
  }

  /** A fresh copy of this transaction's own write of a key (`undefined` for a deletion), through `check` unless it came out of it. */
  #own(key: string, check: Check | undefined): unknown {
    const own = this.writes.has(key) ? this.writes.get(key) : this.side.get(key);
    if (own === null || own === undefined) return undefined;
    return this.#through(key, own.value(), own.check, check);
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

  /** Writes a counter document (`null` deletes it), kept even if the unit of work does not commit its other writes. */
  putSide(key: string, value: unknown): void {
    this.side.set(key, value === null ? null : new EncodedDocument(value));
  }

  /** Writes a document (buffered until commit; `null` deletes); `check`: the validation `value` came out of (see `EncodedDocument`). */
  put(key: string, value: unknown, check?: Check): void {
    this.writes.set(key, value === null ? null : new EncodedDocument(value, check));
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
      else merged.set(k, v.value());
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
