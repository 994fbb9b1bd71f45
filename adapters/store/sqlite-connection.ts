import sqlite3 from 'sqlite3';

/** Idle prepared statements kept per SQL text (reads). */
const IDLE_PER_SQL = 16;

/** One of Guichet's own SQLite connections (the engine has one that writes and one that reads), with promise helpers, kept prepared statements and transactions. */
export class Connection {
  /** Statements sent so far (benchmarks count round trips). */
  statements = 0;
  readonly #prepared = new Map<string, sqlite3.Statement>();
  readonly #idle = new Map<string, sqlite3.Statement[]>();
  #closing = false;
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

  /**
   * Runs a query through a kept prepared statement (reads). Each query takes an idle statement of its SQL or
   * prepares one more, so concurrent queries queue on the driver's threads together (a statement runs one query at a
   * time); at most `IDLE_PER_SQL` idle ones are kept. A failed run is reset so that it holds no snapshot.
   */
  prepared(sql: string, params: unknown[]): Promise<unknown[]> {
    this.statements++;
    const idle = this.#idle.get(sql);
    const statement = idle?.pop() ?? this.#prepare(sql);
    return new Promise((resolve, reject) =>
      statement.all(params, (error: Error | null, rows: unknown[]) => {
        if (!error) {
          this.#release(sql, statement);
          return resolve(rows);
        }
        statement.finalize(() => reject(error));
      }),
    );
  }

  #release(sql: string, statement: sqlite3.Statement): void {
    let idle = this.#idle.get(sql);
    if (!idle) this.#idle.set(sql, (idle = []));
    if (idle.length < IDLE_PER_SQL && !this.#closing) idle.push(statement);
    else statement.finalize();
  }

  #prepare(sql: string): sqlite3.Statement {
    // Errors of preparing reach the run's own callback.
    return this.db.prepare(sql, () => {});
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
    this.#closing = true;
    const kept = [...this.#prepared.values(), ...[...this.#idle.values()].flat()];
    for (const statement of kept) await new Promise((resolve) => statement.finalize(() => resolve(undefined)));
    this.#prepared.clear();
    this.#idle.clear();
    return new Promise((resolve, reject) => this.db.close((error) => (error ? reject(error) : resolve())));
  }
}
