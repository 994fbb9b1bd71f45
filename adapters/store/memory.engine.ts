import { ABSENT, type CommitRequest, EncodedDocument, type RangeOptions, type RangeRow, type StorageEngine, type VersionedRead, VersionTable } from './engine.js';

/** An in-memory storage engine with the same semantics as the SQL ones (tests, contract suite). */
export class MemoryEngine implements StorageEngine {
  readonly #docs = new Map<string, string>();
  readonly #versions = new VersionTable();
  /** How many commits wrote something (tests check that refused input changes nothing). */
  writeCount = 0;
  #queue: Promise<unknown> = Promise.resolve();

  /** Reads one document (a fresh copy) and its version. */
  async read(key: string): Promise<VersionedRead> {
    const version = this.#current(key);
    await Promise.resolve();
    const raw = this.#docs.get(key);
    return { value: raw === undefined ? undefined : JSON.parse(raw), version };
  }

  /** Reads several documents (fresh copies) and their versions, in the order of `keys`. */
  async readMany(keys: readonly string[]): Promise<VersionedRead[]> {
    const versions = keys.map((key) => this.#current(key));
    await Promise.resolve();
    return keys.map((key, i) => {
      const raw = this.#docs.get(key);
      return { value: raw === undefined ? undefined : JSON.parse(raw), version: versions[i]! };
    });
  }

  /** Scans keys in [from, to). */
  async range(from: string, to: string, options: RangeOptions): Promise<RangeRow[]> {
    const keys = [...this.#docs.keys()].filter((k) => k >= from && k < to).sort();
    if (options.reverse) keys.reverse();
    return keys.slice(0, options.limit).map((key) => ({ key, value: JSON.parse(this.#docs.get(key)!) }));
  }

  /** Validates and applies a commit, one at a time. */
  commit(request: CommitRequest): Promise<boolean> {
    const run = this.#queue.then(() => {
      for (const [key, version] of request.reads) if (this.#current(key) !== version) return false;
      for (const [key, value] of request.writes) {
        if (value === null) this.#docs.delete(key);
        else this.#docs.set(key, value instanceof EncodedDocument ? value.json : JSON.stringify(value));
      }
      this.#versions.bump(request.writes.keys());
      if (request.writes.size > 0) this.writeCount++;
      return true;
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Nothing to release. */
  async close(): Promise<void> {}

  #current(key: string): number {
    return this.#docs.has(key) ? this.#versions.get(key) : ABSENT;
  }
}
