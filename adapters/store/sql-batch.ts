import { ABSENT } from './engine.js';

/** What the SQL engines hand their database per group commit, and what they count. */

/** Keyv's namespace for Guichet's keys: `acct:x` is stored as `guichet:acct:x`. */
export const NAMESPACE = 'guichet';

/** The key as Keyv stores it, with the namespace. */
export function prefixed(key: string): string {
  return `${NAMESPACE}:${key}`;
}

/** The key as the repositories name it: a stored key without the namespace. */
export function unprefixed(stored: string): string {
  return stored.slice(NAMESPACE.length + 1);
}

/** A row as the database holds it: Keyv's serialized value (`null` when absent) and its version. */
export interface StoredRow {
  readonly raw: string | null;
  readonly version: number;
}

/** A version a commit of a batch requires (`owner` = its index in the batch). */
export interface BatchRead {
  readonly key: string;
  readonly version: number;
  readonly owner: number;
}

/** A write of a commit of a batch: Keyv-serialized value, or `null` to delete. */
export interface BatchWrite {
  readonly key: string;
  readonly raw: string | null;
  readonly owner: number;
  /** The document's plain JSON (for the cache), `null` for a deletion. */
  readonly json: string | null;
}

/** What the database did with a batch: the version its writes got, and the commits whose reads were stale. */
export interface BatchResult {
  readonly version: number;
  readonly failed: ReadonlySet<number>;
  /** How many statements the transaction sent (BEGIN and COMMIT included): round trips to the database. */
  readonly statements: number;
  /** True when the engine's fast path could not be used. */
  readonly fallback?: boolean;
}

/** What an engine has asked of its database since it opened (benchmarks: round trips and documents per command). */
export interface EngineStats {
  /** Fetch statements: reads of one key, or of several keys at once, that the cache did not answer. */
  fetches: number;
  /** Key-range scans. */
  scans: number;
  /** Validations of read-only units (one query each). */
  checks: number;
  /** Group commits (one database transaction each). */
  commits: number;
  /** Commit requests (units of work) that reached the database. */
  units: number;
  /** Documents written or deleted (by commits that passed validation). */
  documents: number;
  /** Statements sent to the database: every fetch, scan and check, and each statement of a commit. */
  statements: number;
  /** Commit requests refused (a stale read or a failed precondition: the unit re-runs). */
  refused: number;
  /** Group commits that needed the engine's slower path (SQLite: another process committed since, or a read was stale). */
  fallbacks: number;
  /** Milliseconds spent waiting for group commits (from sending to the answer). */
  commitMs: number;
}

/** Fresh zeroed counters. */
export function emptyStats(): EngineStats {
  return { fetches: 0, scans: 0, checks: 0, commits: 0, units: 0, documents: 0, statements: 0, commitMs: 0, refused: 0, fallbacks: 0 };
}

/** The last write of each key among the commits that passed validation (in batch order), split into upserts and deletions. */
export function finalWrites(writes: readonly BatchWrite[], failed: ReadonlySet<number>): { upserts: [string, string][]; deletions: string[] } {
  const last = new Map<string, string | null>();
  for (const w of writes) {
    if (failed.has(w.owner)) continue;
    last.delete(w.key);
    last.set(w.key, w.raw);
  }
  const upserts: [string, string][] = [];
  const deletions: string[] = [];
  for (const [key, raw] of last) {
    if (raw === null) deletions.push(key);
    else upserts.push([key, raw]);
  }
  return { upserts, deletions };
}

/** The commits (owners) of a batch whose required versions differ from the current ones (absent = `ABSENT`). */
export function staleOwners(reads: readonly BatchRead[], current: ReadonlyMap<string, number>): Set<number> {
  const failed = new Set<number>();
  for (const r of reads) if ((current.get(r.key) ?? ABSENT) !== r.version) failed.add(r.owner);
  return failed;
}
