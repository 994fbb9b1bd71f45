import pg from 'pg';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The PostgreSQL server the PostgreSQL tests use (empty: they are skipped). */
    postgresUrl: string;
  }
}

const HOW = 'GUICHET_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres npm test';

/** Once per run: checks that the PostgreSQL server of GUICHET_TEST_POSTGRES_URL answers, else says in one line how to run those tests. */
export default async function setup(project: TestProject): Promise<void> {
  const url = process.env.GUICHET_TEST_POSTGRES_URL ?? '';
  let problem = url ? '' : 'GUICHET_TEST_POSTGRES_URL is not set';
  if (url) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.query('SELECT 1');
    } catch (error) {
      problem = `no PostgreSQL answered at ${url} (${(error as Error).message})`;
    } finally {
      await client.end().catch(() => {});
    }
  }
  if (problem) process.stdout.write(`PostgreSQL tests skipped: ${problem}; to run them: ${HOW}\n`);
  project.provide('postgresUrl', problem ? '' : url);
}
