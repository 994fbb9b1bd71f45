import type Keyv from 'keyv';
import { ABSENT, type Check, checkAt, type Checks, type CommitRequest, EncodedDocument, type RangeOptions, type RangeRow, type StorageEngine, type VersionedRead } from './engine.js';
import { StoreUnavailableError } from '../../src/ports/store.js';
import { type Cached, checked, DocumentCache } from './document-cache.js';
import { GroupCommit } from './group-commit.js';
import { decodeDocument, decodeDocumentJson, encodeDocument, encodeJson, type KeyvSerializer } from './keyv-codec.js';
import { ReadValidation } from './read-validation.js';
import { type BatchRead, type BatchResult, type BatchWrite, emptyStats, type EngineStats, NAMESPACE, prefixed, type StoredRow, unprefixed } from './sql-batch.js';

export { type BatchRead, type BatchResult, type BatchWrite, emptyStats, type EngineStats, finalWrites, NAMESPACE, prefixed, staleOwners, type StoredRow } from './sql-batch.js';

/** Keyv's table. */
export const TABLE = 'keyv';
/** The row that marks a database as a Guichet store (outside every repository's key space). */
export const META_KEY = `${NAMESPACE}:meta:store`;
/**
 * Documents an engine keeps decoded in memory by default: the link, account, project and wallet of 10,000 active
 * accounts with room to spare (measured: at 10,000 accounts 20,000 missed on every command, 50,000 made `/credit buy`
 * one round trip instead of four, for about +4 MB of peak RSS over 100,000 commands).
 */
export const DEFAULT_CACHE_DOCUMENTS = 50_000;

/**
 * What the Keyv engines share: versions live in the database (a column of Keyv's table), so the
 * document cache is only a hint — a stale entry makes a commit fail its validation, is dropped, and the
 * unit re-runs; it never makes a stale read succeed. Concurrent commits of this process are grouped:
 * one database transaction validates each commit's versions and writes those that are still current
 * (group commit). Read-only units are validated together in one query (one snapshot).
 */
export abstract class SqlEngine implements StorageEngine {
  /** Keyv on the engine's table (its serialization; raw benchmarks and maintenance). */
  abstract readonly keyv: Keyv;
  /** Where the store is, for messages (a file, or a database URL without password). */
  abstract readonly location: string;
  /** Reads one row (key with namespace). */
  protected abstract fetch(key: string): Promise<StoredRow>;
  /** Reads several rows (keys with namespace) in one statement; absent keys may be left out. */
  protected abstract fetchMany(keys: readonly string[]): Promise<Map<string, StoredRow>>;
  /** Rows of keys in [from, to) (with namespace), in key order, values not null. */
  protected abstract scan(from: string, to: string, limit: number, reverse: boolean): Promise<{ key: string; raw: string }[]>;
  /** Current versions of keys (with namespace), in one snapshot; absent keys may be left out. */
  protected abstract currentVersions(keys: readonly string[]): Promise<Map<string, number>>;
  /** In one transaction: checks every read, writes the writes of the commits whose reads are all current. */
  protected abstract apply(reads: readonly BatchRead[], writes: readonly BatchWrite[]): Promise<BatchResult>;
  /** Releases the connections. */
  protected abstract release(): Promise<void>;
  /** False for keys the database cannot hold (they are always absent). */
  protected storable(_key: string): boolean {
    return true;
  }

  /** Counters of what was asked of the database (cheap; read by benchmarks). */
  readonly stats: EngineStats = emptyStats();

  /** Decoded documents with their versions: hints only. */
  readonly #cache: DocumentCache;
  /** Bumped when a group commit reaches the database: a fetch started before may be older than its writes. */
  #generation = 0;
  readonly #commits: GroupCommit;
  readonly #validations: ReadValidation;
  #closed = false;

  /** Keeps at most `cacheSize` decoded documents. */
  constructor(cacheSize: number) {
    const cache = (this.#cache = new DocumentCache(cacheSize));
    const { stats } = this;
    const storable = (key: string) => this.storable(key);
    this.#commits = new GroupCommit({
      encode: (key, value, owner) => this.#encode(key, value, owner),
      storable,
      apply: (reads, writes) => this.apply(reads, writes),
      nextGeneration: () => {
        this.#generation++;
      },
      cache,
      stats,
    });
    this.#validations = new ReadValidation({ storable, currentVersions: (keys) => this.currentVersions(keys), cache, stats });
  }

  /** Reads one document and its version (from the cache when it has it, validated by `check` once per cached version). */
  async read(key: string, check?: Check): Promise<VersionedRead> {
    const cached = this.#cache.answer(key, check);
    if (cached) return cached;
    const full = prefixed(key);
    if (!this.storable(full)) return { value: undefined, version: ABSENT };
    const generation = this.#generation;
    let row: StoredRow;
    this.stats.fetches++;
    this.stats.statements++;
    try {
      row = await this.fetch(full);
    } catch (error) {
      throw new StoreUnavailableError(error);
    }
    return this.#received(key, row, generation, check);
  }

  /** Reads several documents and their versions: the cache answers what it has, one statement fetches every other key. */
  async readMany(keys: readonly string[], checks?: Checks): Promise<VersionedRead[]> {
    // Each asked position gets its own answer (a key asked twice, with its own check, gets its own copy).
    const answers: (VersionedRead | undefined)[] = keys.map((key, i) => this.#cache.answer(key, checkAt(checks, i)));
    const missing = new Map<string, number[]>();
    keys.forEach((key, i) => {
      if (answers[i]) return;
      if (!this.storable(prefixed(key))) answers[i] = { value: undefined, version: ABSENT };
      else missing.set(key, [...(missing.get(key) ?? []), i]);
    });
    if (missing.size > 0) {
      const generation = this.#generation;
      let rows: Map<string, StoredRow>;
      this.stats.fetches++;
      this.stats.statements++;
      try {
        rows = await this.fetchMany([...missing.keys()].map(prefixed));
      } catch (error) {
        throw new StoreUnavailableError(error);
      }
      for (const [key, at] of missing) {
        const row = rows.get(prefixed(key)) ?? { raw: null, version: ABSENT };
        for (const i of at) answers[i] = this.#received(key, row, generation, checkAt(checks, i));
      }
    }
    return answers as VersionedRead[];
  }

  /** Decodes a fetched row and remembers it, unless a commit ended since the fetch started (`generation`): it may be older than that commit's writes. */
  #received(key: string, row: StoredRow, generation: number, check: Check | undefined): VersionedRead {
    const { value, json } = row.raw === null ? NO_DOCUMENT : this.decodeWithJson(row.raw);
    const version = value === undefined ? ABSENT : row.version;
    const entry: Cached = { version, json: value === undefined ? null : json!, check: undefined };
    if (generation === this.#generation) this.#cache.remember(key, entry);
    return value === undefined || !check ? { value, version } : checked(key, entry, value, check);
  }

  /** Scans keys in [from, to) along the table's primary-key index. */
  async range(from: string, to: string, options: RangeOptions): Promise<RangeRow[]> {
    // [from, to) holds nothing when to <= from (a history page of a wallet that has none): no round trip.
    if (to <= from || options.limit <= 0) return [];
    let rows: { key: string; raw: string }[];
    this.stats.scans++;
    this.stats.statements++;
    try {
      rows = await this.scan(prefixed(from), prefixed(to), options.limit, options.reverse === true);
    } catch (error) {
      throw new StoreUnavailableError(error);
    }
    return rows.map((row) => ({ key: unprefixed(row.key), value: this.decode(row.raw) }));
  }

  /** Queues a commit (or, without writes, a validation); concurrent ones share one transaction. */
  commit(request: CommitRequest): Promise<boolean> {
    if (this.#closed) return Promise.reject(new StoreUnavailableError('store closed'));
    if (request.writes.size === 0 && request.reads.size === 0) return Promise.resolve(true);
    return request.writes.size > 0 ? this.#commits.submit(request) : this.#validations.validate(request.reads);
  }

  /** A write as the database stores it (Keyv's serialization, and the JSON for the cache). */
  #encode(key: string, value: unknown, owner: number): BatchWrite {
    const full = prefixed(key);
    if (!this.storable(full)) throw new Error(`the store cannot hold the key ${JSON.stringify(key)}`);
    if (value === null) return { key: full, raw: null, json: null, owner };
    const { raw, json } = value instanceof EncodedDocument ? encodeJson(value.json, this.#serializer()) : encodeDocument(value, this.#serializer());
    return { key: full, raw, json, owner };
  }

  #serializer(): KeyvSerializer {
    return (this.#keyvSerializer ??= {
      serialize: (data) => this.keyv.serialize!(data as Parameters<NonNullable<Keyv['serialize']>>[0]) as string,
      deserialize: (raw) => this.keyv.deserialize!(raw),
    });
  }
  #keyvSerializer: KeyvSerializer | undefined;

  /** Decodes Keyv's serialized value. */
  protected decode(raw: string): unknown {
    return decodeDocument(raw, this.#serializer());
  }

  /** Decodes Keyv's serialized value and gives its JSON (taken from the row when it is exactly `{"value":…}`). */
  protected decodeWithJson(raw: string): { value: unknown; json: string | undefined } {
    return decodeDocumentJson(raw, this.#serializer());
  }

  /** Waits for queued commits and validations, then releases the connections. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#commits.drained;
    await this.#validations.drained;
    await this.release();
  }
}

const NO_DOCUMENT = { value: undefined, json: undefined };
