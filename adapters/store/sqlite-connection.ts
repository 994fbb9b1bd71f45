import sqlite3 from 'sqlite3';

/** Guichet's own SQLite connection (the one that writes), with promise helpers and transactions. */
export class Connection {
  /** Statements sent so far (benchmarks count round trips). */
  statements = 0;
  readonly #prepared = new Map<string, sqlite3.Statement>();
  private constructor(private readonly db: sqlite3.Database) {}

  /** Opens a connection that waits up to `busyTimeoutMs` for another process's lock. */
  static open(file: string, busyTimeoutMs: number): Promise<Connection> {
    return new Promise((resolve, reject) => {
      const db = new sqlite3.Database(file, (error) => {
        if (error) return reject(error);
        db.configure('busyTimeout', busyTimeoutMs);
        resolve(new Connection(db));
      });
    });
  }

  /** Runs a statement and returns its rows. */
  all(sql: string, params: unknown[] = []): Promise<unknown[]> {
    this.statements++;
    return new Promise((resolve, reject) => this.db.all(sql, params, (error, rows) => (error ? reject(error) : resolve(rows))));
  }

  /** Runs one write statement (prepared once, kept for the connection's life). */
  run(sql: string, params: unknown[]): Promise<void> {
    this.statements++;
    const statement = this.#statement(sql);
    return new Promise((resolve, reject) => statement.run(params, (error) => (error ? reject(error) : resolve())));
  }

  /** Runs a query through a statement prepared once and kept (reads); a failed run is reset so it holds no snapshot. */
  prepared(sql: string, params: unknown[]): Promise<unknown[]> {
    this.statements++;
    const statement = this.#statement(sql);
    return new Promise((resolve, reject) =>
      statement.all(params, (error: Error | null, rows: unknown[]) => {
        if (!error) return resolve(rows);
        statement.reset(() => reject(error));
      }),
    );
  }

  #statement(sql: string): sqlite3.Statement {
    let statement = this.#prepared.get(sql);
    if (!statement) {
      // A statement that fails to prepare is dropped (its runs report the error through their own callbacks).
      statement = this.db.prepare(sql, (error: Error | null) => {
        if (error) this.#prepared.delete(sql);
      });
      this.#prepared.set(sql, statement);
    }
    return statement;
  }

  /** Runs `body` inside `BEGIN IMMEDIATE … COMMIT` (the write lock from the start), rolled back if it throws. */
  async transaction<T>(body: () => Promise<T>): Promise<T> {
    await this.all('BEGIN IMMEDIATE');
    let result: T;
    try {
      result = await body();
      await this.all('COMMIT');
    } catch (error) {
      await this.all('ROLLBACK').catch(() => {});
      throw error;
    }
    return result;
  }

  /** Closes the connection (and its prepared statements). */
  async close(): Promise<void> {
    for (const statement of this.#prepared.values()) await new Promise((resolve) => statement.finalize(() => resolve(undefined)));
    this.#prepared.clear();
    return new Promise((resolve, reject) => this.db.close((error) => (error ? reject(error) : resolve())));
  }
}
