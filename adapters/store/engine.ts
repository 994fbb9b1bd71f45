/** A document read together with the version it had when read. */
export interface VersionedRead {
  readonly value: unknown;
  readonly version: number;
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

/** A transaction's commit request: the versions it read, and the documents it wrote (`null` deletes). */
export interface CommitRequest {
  readonly reads: ReadonlyMap<string, number>;
  readonly writes: ReadonlyMap<string, unknown>;
}

/**
 * The storage engine under the repositories: versioned reads, range scans over an ordered key space,
 * and atomic validated commits (optimistic concurrency). Keyv-on-SQLite and in-memory implement it.
 */
export interface StorageEngine {
  /** Reads one document and its version. */
  read(key: string): Promise<VersionedRead>;
  /** Scans keys in [from, to) in key order. */
  range(from: string, to: string, options: RangeOptions): Promise<RangeRow[]>;
  /** Commits writes atomically if no read key changed since it was read; resolves false on conflict. */
  commit(request: CommitRequest): Promise<boolean>;
  /** Flushes pending commits and releases the storage. */
  close(): Promise<void>;
}

export { StoreUnavailableError } from '../../src/ports/store.js';

/** Tracks the version of every key written since start, and validates reads against it. */
export class VersionTable {
  readonly #versions = new Map<string, number>();
  /** Current version of a key (0 if never written since start). */
  get(key: string): number {
    return this.#versions.get(key) ?? 0;
  }
  /** True when every read version is still current, given versions already claimed in this batch. */
  valid(reads: ReadonlyMap<string, number>, claimed: ReadonlySet<string>): boolean {
    for (const [key, version] of reads) {
      if (claimed.has(key) || this.get(key) !== version) return false;
    }
    return true;
  }
  /** Bumps the version of written keys. */
  bump(keys: Iterable<string>): void {
    for (const key of keys) this.#versions.set(key, this.get(key) + 1);
  }
}
