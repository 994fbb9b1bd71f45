import { ABSENT, type Check, type CommitRequest, EncodedDocument } from './engine.js';
import { StoreUnavailableError } from '../../src/ports/store.js';
import { BatchQueue, type Waiting } from './batch-queue.js';
import type { DocumentCache } from './document-cache.js';
import { type BatchRead, type BatchResult, type BatchWrite, type EngineStats, prefixed, unprefixed } from './sql-batch.js';

/** What a group commit needs of its engine (keys with namespace where the database sees them). */
export interface GroupCommitEngine {
  /** A write of the commit at `owner` in the batch as the database stores it; throws when the key cannot be stored. */
  encode(key: string, value: unknown, owner: number): BatchWrite;
  /** False for keys (with namespace) the database cannot hold (they are always absent). */
  storable(key: string): boolean;
  /** In one transaction: checks every read, writes the writes of the commits whose reads are all current. */
  apply(reads: readonly BatchRead[], writes: readonly BatchWrite[]): Promise<BatchResult>;
  /** A batch reached the database (written or not): fetches started before it must not fill the cache. Called before any commit of it resolves. */
  nextGeneration(): void;
  /** The engine's document cache: written documents it holds are refreshed, those of refused commits forgotten. */
  readonly cache: Pick<DocumentCache, 'has' | 'remember' | 'forget'>;
  /** The engine's counters. */
  readonly stats: EngineStats;
}

type Pending = Waiting<{ request: CommitRequest }>;

/** Below this many commits a batch is never split (see `GroupCommit.#limit`). */
const SPLIT_ABOVE = 8;

/**
 * The group commit of a SQL engine: the commits with writes queued while a batch is in flight (or issued in the
 * same tick) go to the database together, in one transaction that validates each commit's versions and writes
 * those that are still current. A batch takes at most half of the commits last seen at once, so that the commands
 * of the other half run on the main thread while it is written rather than everyone waiting for the database and
 * then the database for everyone.
 */
export class GroupCommit {
  readonly #pending = new BatchQueue<{ request: CommitRequest }>(() => this.#flush());

  /** Commits through `engine`. */
  constructor(private readonly engine: GroupCommitEngine) {}

  /** Queues a commit with writes; resolves false when a read was stale, rejects with StoreUnavailableError when the database failed. */
  submit(request: CommitRequest): Promise<boolean> {
    return this.#pending.push({ request });
  }

  /** Settles once every queued commit is answered (undefined when none is queued). */
  get drained(): Promise<void> | undefined {
    return this.#pending.drained;
  }

  async #flush(): Promise<void> {
    const { engine } = this;
    const { stats } = engine;
    await Promise.resolve(); // let commits issued in the same tick join this batch
    let written = 0;
    for (let batch = this.#pending.take(this.#limit(written)); batch; batch = this.#pending.take(this.#limit(written))) {
      written = batch.length;
      const claimed = new Set<string>();
      const accepted: Pending[] = [];
      const superseded: Pending[] = [];
      const reads: BatchRead[] = [];
      const writes: BatchWrite[] = [];
      for (const item of batch) {
        // A commit that read what an earlier one of this batch writes must see that write: it re-runs,
        // once the batch is written (so that it reads the new version rather than the one it had).
        if ([...item.request.reads.keys()].some((key) => claimed.has(key))) {
          superseded.push(item);
          continue;
        }
        let encoded: BatchWrite[];
        try {
          encoded = [...item.request.writes].map(([key, value]) => engine.encode(key, value, accepted.length));
        } catch (error) {
          item.reject(error);
          continue;
        }
        const owner = accepted.length;
        accepted.push(item);
        for (const [key, version] of item.request.reads) reads.push({ key: prefixed(key), version, owner });
        for (const write of encoded) writes.push(write);
        for (const key of item.request.writes.keys()) claimed.add(key);
      }
      if (accepted.length === 0) continue;
      let result: BatchResult;
      stats.commits++;
      stats.units += accepted.length;
      const sent = performance.now();
      try {
        result = await engine.apply(reads.filter((r) => engine.storable(r.key)), writes);
        stats.commitMs += performance.now() - sent;
      } catch (error) {
        engine.nextGeneration();
        for (const item of accepted) engine.cache.forget(item.request.writes.keys());
        for (const item of accepted) item.reject(new StoreUnavailableError(error));
        for (const item of superseded) item.resolve(false);
        continue;
      }
      engine.nextGeneration();
      this.#written(accepted, writes, result);
      accepted.forEach((item, owner) => item.resolve(!result.failed.has(owner)));
      stats.refused += superseded.length;
      for (const item of superseded) item.resolve(false);
    }
  }

  /**
   * The most commits the next batch takes: half of those seen at once (the batch just written and the commits queued
   * while it was), when more than `SPLIT_ABOVE`. With 32 commands in flight, batches of 16 alternate: measured
   * (`/credit buy`, SQLite, 8,000 commands, three runs each, alternated) 4,791–4,965 → 5,335–5,887 commands/s.
   */
  #limit(written: number): number {
    const seen = written + this.#pending.size;
    return seen > SPLIT_ABOVE ? Math.max(SPLIT_ABOVE, Math.ceil(seen / 2)) : Infinity;
  }

  /** Counts what the database did with a batch, forgets what its refused commits read and refreshes the cached documents it wrote. */
  #written(accepted: readonly Pending[], writes: readonly BatchWrite[], result: BatchResult): void {
    const { cache, stats } = this.engine;
    stats.statements += result.statements;
    if (result.fallback) stats.fallbacks++;
    accepted.forEach((item, owner) => {
      if (result.failed.has(owner)) {
        stats.refused++;
        cache.forget(item.request.reads.keys());
        return;
      }
      stats.documents += item.request.writes.size;
    });
    for (const write of writes) {
      if (result.failed.has(write.owner)) continue;
      const key = unprefixed(write.key);
      // A cached document is refreshed; a new one enters the cache when first read, not when written: most
      // documents a command creates (audit entries, records, indexes) are never read by key, and caching them
      // evicted the documents every command reads (links, accounts, projects, wallets).
      if (cache.has(key)) {
        const check = write.json === null ? undefined : checkOf(accepted[write.owner]!.request.writes.get(key));
        cache.remember(key, { version: write.json === null ? ABSENT : result.version, json: write.json, check });
      }
    }
  }
}

/** The check a written document came out of, if the transaction said so. */
function checkOf(value: unknown): Check | undefined {
  return value instanceof EncodedDocument ? value.check : undefined;
}
