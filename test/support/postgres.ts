import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

/** The server of the PostgreSQL tests, or '' when they are skipped (see postgres.global.ts). */
export const POSTGRES_URL = inject('postgresUrl');

/** A database made for one test: its URL, and how to drop it. */
export interface TestDatabase {
  readonly uri: string;
  readonly name: string;
  /** Drops the database, closing whatever connections are left. */
  drop(): Promise<void>;
}

async function admin<T>(body: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  client.on('error', () => {});
  await client.connect();
  try {
    return await body(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Creates a uniquely named database on the test server. */
export async function createDatabase(tag: string): Promise<TestDatabase> {
  if (!POSTGRES_URL) throw new Error('PostgreSQL tests need GUICHET_TEST_POSTGRES_URL');
  const name = `guichet_t_${tag.replace(/\W/g, '_').slice(0, 20)}_${randomBytes(4).toString('hex')}`.toLowerCase();
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    uri: url.toString(),
    name,
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
