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
 * A transaction over the engine: records the version of every document it reads, buffers its
 * writes (readable by itself), and hands both to the engine for a validated, atomic commit.
 */
export class DocumentTx {
  readonly reads = new Map<string, number>();
  readonly writes = new Map<string, unknown>();

  /** Opens a transaction on an engine. */
  constructor(private readonly engine: StorageEngine) {}

  /** Reads a document (this transaction's own write first). */
  async get(key: string): Promise<unknown> {
    if (this.writes.has(key)) return structuredClone(this.writes.get(key) ?? undefined);
    const { value, version } = await this.engine.read(key);
    const seen = this.reads.get(key);
    if (seen !== undefined && seen !== version) throw new ConflictError(key);
    this.reads.set(key, version);
    return value;
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

  /** Commits through the engine; false when a read went stale. */
  commit(): Promise<boolean> {
    return this.engine.commit({ reads: this.reads, writes: this.writes });
  }

  /** True when nothing was written. */
  get empty(): boolean {
    return this.writes.size === 0;
  }
}
