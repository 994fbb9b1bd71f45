import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The server the benchmark uses: GUICHET_BENCH_POSTGRES_URL, else GUICHET_TEST_POSTGRES_URL, else the local default. */
export function benchPostgresServer(): string {
  return process.env.GUICHET_BENCH_POSTGRES_URL || process.env.GUICHET_TEST_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
}

async function admin<T>(url: string, body: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => {});
  await client.connect();
  try {
    return await body(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** A database made for one benchmark run. */
export interface BenchDatabase {
  readonly uri: string;
  drop(): Promise<void>;
}

/** Creates a fresh database on the server, or says why PostgreSQL cannot be benchmarked (undefined + reason). */
export async function createBenchDatabase(server: string): Promise<BenchDatabase | { skipped: string }> {
  const name = `guichet_bench_${randomBytes(4).toString('hex')}`;
  try {
    await admin(server, (c) => c.query(`CREATE DATABASE ${name}`));
  } catch (error) {
    return { skipped: `no PostgreSQL answered at ${server} (${(error as Error).message})` };
  }
  const url = new URL(server);
  url.pathname = `/${name}`;
  return { uri: url.toString(), drop: () => admin(server, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined) };
}
