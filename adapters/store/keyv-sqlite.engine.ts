import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import KeyvSqlite from '@keyv/sqlite';
import Keyv from 'keyv';
import { ABSENT } from './engine.js';
import { type BatchRead, type BatchResult, type BatchWrite, finalWrites, META_KEY, NAMESPACE, SqlEngine, staleOwners, type StoredRow, TABLE, DEFAULT_CACHE_DOCUMENTS } from './sql-engine.js';
import { BackgroundCheckpoints, configureWal } from './sqlite-checkpoints.js';
import { Connection } from './sqlite-connection.js';

/** No commit of the group refused (the fast path's answer). */
const NONE: ReadonlySet<number> = new Set();

/** Options of the Keyv-on-SQLite engine. */
export interface KeyvSqliteOptions {
  /** `sqlite://path/to/file.sqlite`. */
  readonly uri: string;
  /** Milliseconds to wait for a lock held by another process before failing. */
  readonly busyTimeoutMs?: number;
  /** How many decoded documents to keep in memory (hints: a stale one costs a re-run). */
  readonly cacheSize?: number;
  /** Milliseconds without a commit after which the WAL is checkpointed once more, off the commits' path (default 500). */
  readonly quietCheckpointMs?: number;
}

const KEYS_IN = `(SELECT value FROM json_each(?))`;

/** Messages of the commit trigger's refusals (the fast path then falls back to the full transaction). */
const MOVED = 'guichet: store version moved';
const STALE = 'guichet: stale read';

/**
 * The commit as ONE statement on Guichet's connection (temporary objects, private to it): inserting a row into
 * this view runs the trigger, which refuses (rolling the whole statement back) when the store's commit counter is
 * not the one this process proposes to follow, or when any read version is stale; otherwise it bumps the counter
 * and writes every document with the new version. A single write statement is its own `IMMEDIATE` transaction
 * (SQLite takes the write lock when the statement starts, waiting for another process's lock like `BEGIN IMMEDIATE`).
 */
const COMMIT_TRIGGER = [
  `CREATE TEMP VIEW IF NOT EXISTS guichet_commit (version, reads, upserts, deletions) AS SELECT NULL, NULL, NULL, NULL WHERE 0`,
  `CREATE TEMP TRIGGER IF NOT EXISTS guichet_commit_apply INSTEAD OF INSERT ON guichet_commit BEGIN
     SELECT RAISE(ABORT, '${MOVED}') WHERE (SELECT version FROM ${TABLE} WHERE key = '${META_KEY}') IS NOT NEW.version - 1;
     SELECT RAISE(ABORT, '${STALE}') WHERE EXISTS (
       SELECT 1 FROM json_each(NEW.reads) r LEFT JOIN ${TABLE} t ON t.key = json_extract(r.value, '$[0]')
        WHERE CASE WHEN t.value IS NULL THEN 0 ELSE t.version END <> json_extract(r.value, '$[1]'));
     UPDATE ${TABLE} SET version = NEW.version WHERE key = '${META_KEY}';
     INSERT INTO ${TABLE} (key, value, version)
       SELECT json_extract(e.value, '$[0]'), json_extract(e.value, '$[1]'), NEW.version FROM json_each(NEW.upserts) e WHERE true
       ON CONFLICT(key) DO UPDATE SET value = excluded.value, version = excluded.version;
     DELETE FROM ${TABLE} WHERE key IN (SELECT value FROM json_each(NEW.deletions));
   END`,
];
const COMMIT_SQL = `INSERT INTO temp.guichet_commit (version, reads, upserts, deletions) VALUES (?, ?, ?, ?)`;

/**
 * Runs `step` again while SQLite answers SQLITE_BUSY, for at most `timeoutMs`. Switching a new file to WAL mode
 * answers SQLITE_BUSY at once, without waiting in the busy handler, when another process opens the same file at
 * the same moment (seen with two engines opened together on a fresh file).
 */
async function whileBusy<T>(step: () => Promise<T>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
    try {
      return await step();
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() + pause > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

/**
 * The embedded engine: Keyv + @keyv/sqlite in WAL mode. Reads go through Keyv's connection; commits
 * go through a second connection that Guichet owns, each group of commits in one `BEGIN IMMEDIATE`
 * transaction that checks the versions (a column of Keyv's table) and writes. SQLite's write lock
 * serialises those transactions across processes, so several processes may share one file safely.
 */
export class KeyvSqliteEngine extends SqlEngine {
  readonly keyv: Keyv;
  readonly location: string;
  readonly #adapter: KeyvSqlite;
  readonly #writer: Connection;
  /** Guichet's reading connection: prepared statements, one trip to the driver's threads per read (Keyv's `query` prepares, runs and finalises: three). */
  #reader!: Connection;
  /** The store's commit counter as this process last saw it: the next commit proposes the one after. */
  #counter = 0;

  /** WAL checkpoints off the commits' path, on a connection of their own. */
  readonly checkpoints: BackgroundCheckpoints;

  private constructor(adapter: KeyvSqlite, writer: Connection, checkpointer: Connection, readonly file: string, cacheSize: number, quietCheckpointMs: number) {
    super(cacheSize);
    this.#adapter = adapter;
    this.#writer = writer;
    this.checkpoints = new BackgroundCheckpoints(checkpointer, quietCheckpointMs);
    this.location = file;
    this.keyv = new Keyv({ store: adapter, namespace: NAMESPACE, throwOnErrors: true, useKeyPrefix: true });
  }

  /** Opens (and creates if missing) the database in WAL mode; fails with a message naming the file. */
  static async open(options: KeyvSqliteOptions): Promise<KeyvSqliteEngine> {
    const path = options.uri.replace(/^sqlite:\/\//, '');
    if (path === ':memory:') throw new Error('GUICHET_STORE: an in-memory SQLite store cannot be shared by its two connections; name a file');
    const file = resolve(path);
    mkdirSync(dirname(file), { recursive: true });
    const busy = options.busyTimeoutMs ?? 5000;
    const adapter = new KeyvSqlite({ uri: `sqlite://${file}`, table: TABLE, busyTimeout: busy });
    adapter.on('error', () => {});
    let writer: Connection | undefined;
    let reader: Connection | undefined;
    let checkpointer: Connection | undefined;
    try {
      await whileBusy(() => adapter.query('PRAGMA journal_mode=WAL'), busy);
      await adapter.query('PRAGMA synchronous=NORMAL');
      writer = await Connection.open(file, busy);
      await writer.all('PRAGMA synchronous=NORMAL');
      await configureWal(writer);
      checkpointer = await Connection.open(file, busy);
      const engine = new KeyvSqliteEngine(adapter, writer, checkpointer, file, options.cacheSize ?? DEFAULT_CACHE_DOCUMENTS, options.quietCheckpointMs ?? 500);
      await engine.#prepare();
      reader = await Connection.open(file, busy);
      await reader.all('PRAGMA query_only = ON');
      engine.#reader = reader;
      return engine;
    } catch (error) {
      await reader?.close().catch(() => {});
      await checkpointer?.close().catch(() => {});
      await writer?.close().catch(() => {});
      await adapter.close().catch(() => {});
      throw new Error(`Cannot open the Guichet store ${file}: ${(error as Error).message}`, { cause: error });
    }
  }

  /** Refuses a file that belongs to something else; adds the version column and the marker row, once. */
  async #prepare(): Promise<void> {
    await this.#writer.transaction(async () => {
      const tables = (await this.#writer.all(`SELECT name FROM sqlite_master WHERE type = 'table'`)) as { name: string }[];
      const others = tables.map((t) => t.name).filter((n) => n !== TABLE && !n.startsWith('sqlite_'));
      const marked = await this.#writer.all(`SELECT 1 FROM ${TABLE} WHERE key = ?`, [META_KEY]);
      if (marked.length === 0) {
        const foreign = await this.#writer.all(`SELECT key FROM ${TABLE} WHERE key NOT LIKE ? LIMIT 1`, [`${NAMESPACE}:%`]);
        if (others.length > 0 || foreign.length > 0) {
          throw new Error(`this SQLite file is not a Guichet store (it holds ${others.length ? `tables ${others.slice(0, 5).join(', ')}` : 'other data'}); point GUICHET_STORE at a new file`);
        }
      }
      const columns = (await this.#writer.all(`PRAGMA table_info(${TABLE})`)) as { name: string }[];
      // Rows written before versions existed start at 1; the marker row's version counts the commits.
      if (!columns.some((c) => c.name === 'version')) await this.#writer.all(`ALTER TABLE ${TABLE} ADD COLUMN version INTEGER NOT NULL DEFAULT 1`);
      if (marked.length === 0) {
        const meta = this.keyv.serialize!({ value: { format: 'guichet-store', version: 1 }, expires: undefined }) as string;
        await this.#writer.all(`INSERT INTO ${TABLE} (key, value, version) VALUES (?, ?, 1)`, [META_KEY, meta]);
      }
    });
    for (const sql of COMMIT_TRIGGER) await this.#writer.all(sql);
    const meta = (await this.#writer.all(`SELECT version FROM ${TABLE} WHERE key = ?`, [META_KEY])) as { version: number }[];
    this.#counter = meta[0]?.version ?? 0;
  }

  /** Runs a raw SQL query on the connection that writes (maintenance, tests and benchmarks only). */
  query(sql: string, ...params: unknown[]): Promise<unknown[]> {
    return this.#writer.all(sql, params);
  }

  protected async fetch(key: string): Promise<StoredRow> {
    const rows = (await this.#reader.prepared(`SELECT value, version FROM ${TABLE} WHERE key = ?`, [key])) as { value: string | null; version: number }[];
    const row = rows[0];
    return row ? { raw: row.value, version: row.version } : { raw: null, version: ABSENT };
  }

  protected async fetchMany(keys: readonly string[]): Promise<Map<string, StoredRow>> {
    const sql = `SELECT key, value, version FROM ${TABLE} WHERE key IN ${KEYS_IN}`;
    const rows = (await this.#reader.prepared(sql, [JSON.stringify(keys)])) as { key: string; value: string | null; version: number }[];
    return new Map(rows.map((r) => [r.key, { raw: r.value, version: r.version }]));
  }

  protected async scan(from: string, to: string, limit: number, reverse: boolean): Promise<{ key: string; raw: string }[]> {
    const sql = `SELECT key, value AS raw FROM ${TABLE} WHERE key >= ? AND key < ? AND value IS NOT NULL ORDER BY key ${reverse ? 'DESC' : 'ASC'} LIMIT ?`;
    return (await this.#reader.prepared(sql, [from, to, limit])) as { key: string; raw: string }[];
  }

  protected async currentVersions(keys: readonly string[]): Promise<Map<string, number>> {
    const rows = (await this.#reader.prepared(`SELECT key, version FROM ${TABLE} WHERE key IN ${KEYS_IN} AND value IS NOT NULL`, [JSON.stringify(keys)])) as { key: string; version: number }[];
    return new Map(rows.map((r) => [r.key, r.version]));
  }

  /**
   * Commits a group: first as one statement (the trigger above) proposing the counter after the last one seen;
   * when another process committed since, or a read is stale, the full transaction below decides commit by commit.
   */
  protected apply(reads: readonly BatchRead[], writes: readonly BatchWrite[]): Promise<BatchResult> {
    return this.checkpoints.around(writes.length, () => this.#apply(reads, writes));
  }

  async #apply(reads: readonly BatchRead[], writes: readonly BatchWrite[]): Promise<BatchResult> {
    const { upserts, deletions } = finalWrites(writes, NONE);
    if (this.#counter > 0 && upserts.length + deletions.length > 0) {
      const version = this.#counter + 1;
      try {
        await this.#writer.run(COMMIT_SQL, [version, JSON.stringify(reads.map((r) => [r.key, r.version])), JSON.stringify(upserts), JSON.stringify(deletions)]);
        this.#counter = version;
        return { version, failed: NONE, statements: 1 };
      } catch (error) {
        const message = (error as Error).message ?? '';
        if (!message.includes(MOVED) && !message.includes(STALE)) throw error;
      }
      const result = await this.#transaction(reads, writes);
      return { ...result, statements: result.statements + 1, fallback: true };
    }
    return this.#transaction(reads, writes);
  }

  /** One `BEGIN IMMEDIATE` transaction: read the current versions under the write lock, then write what is still valid. */
  async #transaction(reads: readonly BatchRead[], writes: readonly BatchWrite[]): Promise<BatchResult> {
    const before = this.#writer.statements;
    const result = await this.#writer.transaction(async () => {
      const keys = [...new Set(reads.map((r) => r.key)), META_KEY];
      const rows = (await this.#writer.all(
        `SELECT key, version, value IS NULL AS gone FROM ${TABLE} WHERE key IN ${KEYS_IN}`,
        [JSON.stringify(keys)],
      )) as { key: string; version: number; gone: number }[];
      const current = new Map(rows.filter((r) => !r.gone || r.key === META_KEY).map((r) => [r.key, r.version]));
      const failed = staleOwners(reads, current);
      const version = (current.get(META_KEY) ?? 1) + 1;
      this.#counter = version - 1;
      const { upserts, deletions } = finalWrites(writes, failed);
      if (upserts.length + deletions.length === 0) return { version, failed };
      await this.#writer.all(`UPDATE ${TABLE} SET version = ? WHERE key = ?`, [version, META_KEY]);
      this.#counter = version;
      if (upserts.length > 0) {
        await this.#writer.all(
          `INSERT INTO ${TABLE} (key, value, version) SELECT json_extract(e.value, '$[0]'), json_extract(e.value, '$[1]'), ? FROM json_each(?) e WHERE true
           ON CONFLICT(key) DO UPDATE SET value = excluded.value, version = excluded.version`,
          [version, JSON.stringify(upserts)],
        );
      }
      if (deletions.length > 0) await this.#writer.all(`DELETE FROM ${TABLE} WHERE key IN ${KEYS_IN}`, [JSON.stringify(deletions)]);
      return { version, failed };
    });
    return { ...result, statements: this.#writer.statements - before };
  }

  /** Purges deletion markers left by older versions, checkpoints the WAL and closes the connections. */
  protected async release(): Promise<void> {
    await this.checkpoints.stop();
    await this.#reader.close().catch(() => {});
    await this.#writer.all(`DELETE FROM ${TABLE} WHERE value IS NULL`).catch(() => {});
    await this.#writer.all('PRAGMA wal_checkpoint(TRUNCATE)').catch(() => {});
    await this.#writer.close();
    await this.#adapter.close();
  }
}
