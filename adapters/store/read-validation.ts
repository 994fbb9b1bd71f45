import { ABSENT } from './engine.js';
import { StoreUnavailableError } from '../../src/ports/store.js';
import { BatchQueue } from './batch-queue.js';
import type { DocumentCache } from './document-cache.js';
import { type EngineStats, prefixed } from './sql-batch.js';

/** What the validation of read-only units needs of its engine (keys with namespace where the database sees them). */
export interface ReadValidationEngine {
  /** False for keys (with namespace) the database cannot hold (they are always absent). */
  storable(key: string): boolean;
  /** Current versions of keys (with namespace), in one snapshot; absent keys may be left out. */
  currentVersions(keys: readonly string[]): Promise<Map<string, number>>;
  /** The engine's document cache: what a stale unit read is forgotten. */
  readonly cache: Pick<DocumentCache, 'forget'>;
  /** The engine's counters. */
  readonly stats: EngineStats;
}

/**
 * The validation of a SQL engine's read-only units (commits without writes): those queued while a validation is in
 * flight (or issued in the same tick) are checked together against one snapshot of the database, in one query.
 */
export class ReadValidation {
  readonly #queue = new BatchQueue<{ reads: ReadonlyMap<string, number> }>(() => this.#check());

  /** Validates through `engine`. */
  constructor(private readonly engine: ReadValidationEngine) {}

  /** Queues a unit's reads; resolves true when every version is still current, rejects with StoreUnavailableError when the database failed. */
  validate(reads: ReadonlyMap<string, number>): Promise<boolean> {
    return this.#queue.push({ reads });
  }

  /** Settles once every queued validation is answered (undefined when none is queued). */
  get drained(): Promise<void> | undefined {
    return this.#queue.drained;
  }

  async #check(): Promise<void> {
    const { engine } = this;
    await Promise.resolve(); // let validations issued in the same tick join this snapshot
    for (let batch = this.#queue.take(); batch; batch = this.#queue.take()) {
      const keys = new Set<string>();
      for (const item of batch) for (const key of item.reads.keys()) if (engine.storable(prefixed(key))) keys.add(prefixed(key));
      let current: Map<string, number>;
      if (keys.size > 0) {
        engine.stats.checks++;
        engine.stats.statements++;
      }
      try {
        current = keys.size > 0 ? await engine.currentVersions([...keys]) : new Map();
      } catch (error) {
        for (const item of batch) item.reject(new StoreUnavailableError(error));
        continue;
      }
      for (const item of batch) {
        const ok = [...item.reads].every(([key, version]) => (current.get(prefixed(key)) ?? ABSENT) === version);
        if (!ok) engine.cache.forget(item.reads.keys());
        item.resolve(ok);
      }
    }
  }
}
