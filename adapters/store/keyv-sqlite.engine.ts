import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import KeyvSqlite from '@keyv/sqlite';
import Keyv from 'keyv';
import {
  type CommitRequest,
  type RangeOptions,
  type RangeRow,
  type StorageEngine,
  type VersionedRead,
  VersionTable,
} from './engine.js';
import { StoreUnavailableError } from '../../src/ports/store.js';

const NAMESPACE = 'guichet';
const TABLE = 'keyv';
const META_KEY = `${NAMESPACE}:meta:store`;

type Pending = { request: CommitRequest; resolve: (ok: boolean) => void; reject: (e: unknown) => void };

/** Options of the Keyv-on-SQLite engine. */
export interface KeyvSqliteOptions {
  /** `sqlite://path/to/file.sqlite` or `sqlite://:memory:`. */
  readonly uri: string;
  /** Milliseconds to wait for a lock held by another process before failing. */
  readonly busyTimeoutMs?: number;
  /** How many decoded documents to keep in memory. */
  readonly cacheSize?: number;
}

/**
 * The production engine: Keyv + @keyv/sqlite in WAL mode. Reads go through Keyv; each batch of
 * validated commits (group commit) is written by one SQL statement on Keyv's own table, so a
 * command's writes land together or not at all, and readers never see half of one.
 */
export class KeyvSqliteEngine implements StorageEngine {
  readonly keyv: Keyv;
  readonly file: string;
  readonly #adapter: KeyvSqlite;
  readonly #versions = new VersionTable();
  /** Decoded documents by key, with the version they had; `null` records a key known to be absent. */
  readonly #cache = new Map<string, { version: number; json: string | null }>();
  readonly #cacheSize: number;
  #pending: Pending[] = [];
  #flushing: Promise<void> | undefined;
  #closed = false;

  private constructor(adapter: KeyvSqlite, file: string, cacheSize: number) {
    this.#adapter = adapter;
    this.file = file;
    this.#cacheSize = cacheSize;
    this.keyv = new Keyv({ store: adapter, namespace: NAMESPACE, throwOnErrors: true, useKeyPrefix: true });
  }

  /** Opens (and creates if missing) the database, in WAL mode; fails with a message naming the file. */
  static async open(options: KeyvSqliteOptions): Promise<KeyvSqliteEngine> {
    const path = options.uri.replace(/^sqlite:\/\//, '');
    const memory = path === ':memory:';
    const file = memory ? path : resolve(path);
    if (!memory) mkdirSync(dirname(file), { recursive: true });
    const adapter = new KeyvSqlite({ uri: `sqlite://${file}`, table: TABLE, busyTimeout: options.busyTimeoutMs ?? 2000 });
    adapter.on('error', () => {});
    const engine = new KeyvSqliteEngine(adapter, file, options.cacheSize ?? 20_000);
    try {
      await adapter.query('PRAGMA journal_mode=WAL');
      await adapter.query('PRAGMA synchronous=NORMAL');
      await engine.#checkOwnership();
    } catch (error) {
      await adapter.close().catch(() => {});
      throw new Error(`Cannot open the Guichet store ${file}: ${(error as Error).message}`, { cause: error });
    }
    return engine;
  }

  /** Refuses a SQLite file that belongs to something else; marks a new one as Guichet's. */
  async #checkOwnership(): Promise<void> {
    const tables = (await this.#adapter.query(`SELECT name FROM sqlite_master WHERE type = 'table'`)) as { name: string }[];
    const others = tables.map((t) => t.name).filter((n) => n !== TABLE && !n.startsWith('sqlite_'));
    const marked = (await this.#adapter.query(`SELECT value FROM ${TABLE} WHERE key = ?`, META_KEY)) as unknown[];
    if (marked.length > 0) return;
    const foreignRows = (await this.#adapter.query(`SELECT key FROM ${TABLE} WHERE key NOT LIKE ? LIMIT 1`, `${NAMESPACE}:%`)) as unknown[];
    if (others.length > 0 || foreignRows.length > 0) {
      throw new Error(`this SQLite file is not a Guichet store (it holds ${others.length ? `tables ${others.slice(0, 5).join(', ')}` : 'other data'}); point GUICHET_STORE at a new file`);
    }
    const meta = this.keyv.serialize!({ value: { format: 'guichet-store', version: 1 }, expires: undefined }) as string;
    await this.#adapter.query(`INSERT INTO ${TABLE} (key, value) VALUES (?, ?)`, META_KEY, meta);
  }

  /** Runs a raw SQL query on Keyv's connection (maintenance and benchmarks only). */
  query(sql: string, ...params: unknown[]): Promise<unknown[]> {
    return this.#adapter.query(sql, ...params) as Promise<unknown[]>;
  }

  /** Reads one document and its version, from the cache when it is current. */
  async read(key: string): Promise<VersionedRead> {
    const version = this.#versions.get(key);
    const cached = this.#cache.get(key);
    if (cached && cached.version === version) return { value: cached.json === null ? undefined : JSON.parse(cached.json), version };
    let value: unknown;
    try {
      value = await this.keyv.get(key);
    } catch (error) {
      throw new StoreUnavailableError(error);
    }
    if (this.#versions.get(key) === version) this.#remember(key, version, value === undefined ? null : JSON.stringify(value));
    return { value, version };
  }

  /** Scans keys in [from, to) with the table's primary-key index. */
  async range(from: string, to: string, options: RangeOptions): Promise<RangeRow[]> {
    const order = options.reverse ? 'DESC' : 'ASC';
    const sql = `SELECT key, value FROM ${TABLE} WHERE key >= ? AND key < ? AND value IS NOT NULL ORDER BY key ${order} LIMIT ?`;
    let rows: { key: string; value: string }[];
    try {
      rows = (await this.#adapter.query(sql, prefixed(from), prefixed(to), options.limit)) as typeof rows;
    } catch (error) {
      throw new StoreUnavailableError(error);
    }
    const cut = NAMESPACE.length + 1;
    return rows.map((row) => ({ key: row.key.slice(cut), value: (this.keyv.deserialize!(row.value) as { value: unknown }).value }));
  }

  /** Queues a commit; concurrent commits are validated in order and written in one statement. */
  commit(request: CommitRequest): Promise<boolean> {
    if (this.#closed) return Promise.reject(new StoreUnavailableError('store closed'));
    if (request.writes.size === 0) return Promise.resolve(this.#versions.valid(request.reads, new Set()));
    return new Promise((resolve, reject) => {
      this.#pending.push({ request, resolve, reject });
      this.#flushing ??= this.#flush();
    });
  }

  async #flush(): Promise<void> {
    await Promise.resolve(); // let commits issued in the same tick join this batch
    while (this.#pending.length > 0) {
      const batch = this.#pending;
      this.#pending = [];
      const claimed = new Set<string>();
      const accepted: Pending[] = [];
      const writes = new Map<string, unknown>();
      for (const item of batch) {
        if (!this.#versions.valid(item.request.reads, claimed)) {
          item.resolve(false);
          continue;
        }
        accepted.push(item);
        for (const [key, value] of item.request.writes) {
          claimed.add(key);
          writes.set(key, value);
        }
      }
      if (accepted.length === 0) continue;
      try {
        await this.#write(writes);
      } catch (error) {
        for (const key of writes.keys()) this.#cache.delete(key);
        for (const item of accepted) item.reject(new StoreUnavailableError(error));
        continue;
      }
      this.#versions.bump(writes.keys());
      for (const [key, value] of writes) this.#remember(key, this.#versions.get(key), value === null ? null : JSON.stringify(value));
      for (const item of accepted) item.resolve(true);
    }
    this.#flushing = undefined;
  }

  /** Writes every document of a batch in one SQL statement (an implicit transaction); null rows are deletions. */
  async #write(writes: Map<string, unknown>): Promise<void> {
    const rows: [string, string | null][] = [];
    for (const [key, value] of writes) {
      rows.push([prefixed(key), value === null ? null : (this.keyv.serialize!({ value, expires: undefined }) as string)]);
    }
    await this.#adapter.query(
      `INSERT INTO ${TABLE} (key, value) SELECT json_extract(e.value, '$[0]'), json_extract(e.value, '$[1]') FROM json_each(?) e WHERE true ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
      JSON.stringify(rows),
    );
  }

  #remember(key: string, version: number, json: string | null): void {
    this.#cache.delete(key);
    this.#cache.set(key, { version, json });
    if (this.#cache.size > this.#cacheSize) this.#cache.delete(this.#cache.keys().next().value as string);
  }

  /** Waits for queued commits, purges deletion markers and closes the connection. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#flushing;
    await this.#adapter.query(`DELETE FROM ${TABLE} WHERE value IS NULL`).catch(() => {});
    await this.#adapter.query('PRAGMA wal_checkpoint(TRUNCATE)').catch(() => {});
    await this.#adapter.close();
  }
}

function prefixed(key: string): string {
  return `${NAMESPACE}:${key}`;
}
