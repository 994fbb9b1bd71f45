/** A document read together with the version it had when read. */
export interface VersionedRead {
  readonly value: unknown;
  readonly version: number;
  /** True when `value` is already what the `check` given to `read` returns for it (the engine knew it passed). */
  readonly checked?: boolean;
}

/** Validates a document read under a key and returns it as the repositories use it; throws when it is corrupt. */
export type Check = (key: string, value: unknown) => unknown;

/** The checks of a read of several keys: one for every key, or one per key (in the order of the keys). */
export type Checks = Check | readonly (Check | undefined)[];

/** The check of the `i`-th key of a read of several keys. */
export function checkAt(checks: Checks | undefined, i: number): Check | undefined {
  return typeof checks === 'function' ? checks : checks?.[i];
}

/**
 * A document serialised once, when the transaction wrote it: the engines store its JSON as it is, and a read of the
 * transaction's own write parses it back. `check` is the validation the value came out of, if any: a check's output
 * passes it unchanged (schemas only normalise), so a later read through the same check needs no validation.
 */
export class EncodedDocument {
  /** Serialises `value` (a JSON document) now. */
  constructor(value: unknown, readonly check?: Check) {
    const json = JSON.stringify(value);
    if (json === undefined) throw new Error('the store cannot hold an undefined document');
    this.json = json;
  }
  /** The document as JSON text. */
  readonly json: string;
  /** A fresh copy of the document. */
  value(): unknown {
    return JSON.parse(this.json);
  }
}

/** A row returned by a key-range scan. */
export interface RangeRow {
  readonly key: string;
  readonly value: unknown;
}

/** Options of a key-range scan: keys in [from, to), at most `limit`, descending when `reverse`. */
export interface RangeOptions {
  readonly limit: number;
  readonly reverse?: boolean;
}

/** The version of a key that holds no document: reads of absent keys return it, and a commit that expects it requires the key to be absent. */
export const ABSENT = 0;

/**
 * A transaction's commit request: the version each key must still have (what it read, or a precondition:
 * `ABSENT` = "must not exist"), and the documents it writes (`null` deletes; an `EncodedDocument` is stored as its JSON).
 */
export interface CommitRequest {
  readonly reads: ReadonlyMap<string, number>;
  readonly writes: ReadonlyMap<string, unknown>;
}

/**
 * The storage engine under the repositories: versioned reads, range scans over an ordered key space,
 * and atomic validated commits (optimistic concurrency). Every write of a key gives it a version never
 * used before for that key; an absent key has version `ABSENT`. Keyv on SQLite, Keyv on PostgreSQL and
 * in-memory implement it.
 */
export interface StorageEngine {
  /** Reads one document and its version; an engine may answer a document it knows passes `check` already checked. */
  read(key: string, check?: Check): Promise<VersionedRead>;
  /** Reads several documents and their versions, in the order of `keys` (absent ones: `ABSENT`), in at most one round trip; each as `read` would answer it (`checks`: one for all, or one per key). */
  readMany(keys: readonly string[], checks?: Checks): Promise<VersionedRead[]>;
  /** Scans keys in [from, to) in key order. */
  range(from: string, to: string, options: RangeOptions): Promise<RangeRow[]>;
  /** Commits writes atomically if every key still has the version in `reads`; resolves false on conflict. A commit without writes validates its reads only. */
  commit(request: CommitRequest): Promise<boolean>;
  /** Flushes pending commits and releases the storage. */
  close(): Promise<void>;
}

export { StoreUnavailableError } from '../../src/ports/store.js';

/**
 * The in-memory engine's versions (the SQL engines keep theirs in the database): the sequence number of the commit that last wrote each key. Only the most recently
 * written keys are remembered (bounded memory); a key that was forgotten, or never written since start,
 * reads as the `floor` — the newest sequence number forgotten so far. Forgetting can only make a version
 * look newer, so a stale read is never accepted; at worst a transaction is re-run needlessly.
 */
export class VersionTable {
  readonly #versions = new Map<string, number>();
  #seq = 0;
  #floor = 0;
  /** Remembers at most `capacity` keys. */
  constructor(private readonly capacity = 200_000) {}
  /** Current version of a key. */
  get(key: string): number {
    return this.#versions.get(key) ?? this.#floor;
  }
  /** True when every read version is still current, given keys already claimed in this batch. */
  valid(reads: ReadonlyMap<string, number>, claimed: ReadonlySet<string>): boolean {
    for (const [key, version] of reads) {
      if (claimed.has(key) || this.get(key) !== version) return false;
    }
    return true;
  }
  /** Gives written keys the next sequence number, forgetting the oldest keys beyond capacity. */
  bump(keys: Iterable<string>): void {
    const seq = ++this.#seq;
    for (const key of keys) {
      this.#versions.delete(key);
      this.#versions.set(key, seq);
    }
    while (this.#versions.size > this.capacity) {
      const [oldest, version] = this.#versions.entries().next().value as [string, number];
      this.#versions.delete(oldest);
      if (version > this.#floor) this.#floor = version;
    }
  }
  /** How many keys are remembered (tests, benchmarks). */
  get size(): number {
    return this.#versions.size;
  }
}
