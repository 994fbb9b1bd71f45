import pg from 'pg';
import { afterEach, describe, expect, it as vitestIt } from 'vitest';
import { KeyvPostgresEngine } from '../adapters/store/keyv-postgres.engine.js';
import { DocumentUnitOfWork } from '../adapters/store/unit-of-work.js';
import { loadEnv } from '../src/config.js';
import { createDatabase, POSTGRES_URL, type TestDatabase } from './support/postgres.js';
import { npmStart } from './support/spawn.js';

const it = POSTGRES_URL ? vitestIt : vitestIt.skip;
const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function database(tag: string): Promise<TestDatabase> {
  const db = await createDatabase(tag);
  cleanups.push(() => db.drop());
  return db;
}

async function open(uri: string): Promise<KeyvPostgresEngine> {
  const engine = await KeyvPostgresEngine.open({ uri });
  cleanups.push(() => engine.close());
  return engine;
}

/** Runs SQL on its own connection to the database. */
async function sql<T extends pg.QueryResultRow = Record<string, unknown>>(uri: string, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: uri });
  await client.connect();
  try {
    return (await client.query<T>(text, params)).rows;
  } finally {
    await client.end();
  }
}

describe('Keyv-on-PostgreSQL engine', () => {
  vitestIt('GIVEN GUICHET_STORE WHEN it names a PostgreSQL database THEN the configuration accepts it, and refuses a URL without a database', () => {
    expect(loadEnv({ GUICHET_STORE: 'postgres://postgres@127.0.0.1:5432/guichet' }).GUICHET_STORE).toBe('postgres://postgres@127.0.0.1:5432/guichet');
    expect(() => loadEnv({ GUICHET_STORE: 'postgres://postgres@127.0.0.1:5432' })).toThrow(/GUICHET_STORE.*postgres:\/\/USER@HOST:5432\/DATABASE/s);
  });

  vitestIt('GIVEN no server at the address WHEN the store opens THEN start-up stops with a message naming the store, without its password', async () => {
    const failure = KeyvPostgresEngine.open({ uri: 'postgres://guichet:s3cret@127.0.0.1:1/guichet' });
    await expect(failure).rejects.toThrow(/Cannot open the Guichet store postgres:\/\/guichet@127\.0\.0\.1:1\/guichet/);
    await expect(failure).rejects.not.toThrow(/s3cret/);
  });

  it('GIVEN a database whose Keyv table belongs to another application WHEN the store opens THEN it is refused with a message naming the database, and the table is left as it was', async () => {
    const db = await database('foreign');
    await sql(db.uri, `CREATE TABLE keyv (key varchar(255) PRIMARY KEY, value text); INSERT INTO keyv VALUES ('keyv:sessions', '{"value":1}')`);
    await expect(KeyvPostgresEngine.open({ uri: db.uri })).rejects.toThrow(new RegExp(`database "${db.name}" is not a Guichet store`));
    const columns = await sql<{ column_name: string }>(db.uri, `SELECT column_name FROM information_schema.columns WHERE table_name = 'keyv' ORDER BY 1`);
    expect(columns.map((c) => c.column_name)).toEqual(['key', 'value']);
  });

  it('GIVEN a new database WHEN three processes open it at once, and one again later THEN each opens it, the marker row is written once, and data survives', async () => {
    const db = await database('idem');
    const engines = await Promise.all([0, 1, 2].map(() => KeyvPostgresEngine.open({ uri: db.uri })));
    await engines[0]!.commit({ reads: new Map(), writes: new Map([['acct:x', { n: 1 }]]) });
    for (const e of engines) await e.close();
    const again = await open(db.uri);
    expect((await again.read('acct:x')).value).toEqual({ n: 1 });
    expect(await sql(db.uri, `SELECT count(*)::int AS n FROM keyv WHERE key = 'guichet:meta:store'`)).toEqual([{ n: 1 }]);
  });

  it('GIVEN a Keyv table made by @keyv/postgres in the database collation WHEN the store opens THEN keys compare byte by byte and a key range follows the primary-key index', async () => {
    const db = await database('order');
    await sql(db.uri, `CREATE TABLE keyv (key varchar(255) PRIMARY KEY, value text); INSERT INTO keyv VALUES ('guichet:acct:x', '{"value":{"n":1}}')`);
    const e = await open(db.uri);
    expect(await sql(db.uri, `SELECT c.collname FROM pg_attribute a JOIN pg_collation c ON c.oid = a.attcollation WHERE a.attrelid = 'keyv'::regclass AND a.attname = 'key'`)).toEqual([{ collname: 'C' }]);
    expect((await e.read('acct:x')).value).toEqual({ n: 1 });
    const client = new pg.Client({ connectionString: db.uri });
    await client.connect();
    cleanups.push(() => client.end());
    await client.query('SET enable_seqscan = off');
    const { rows: plan } = await client.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN SELECT key, value FROM public.keyv WHERE key >= $1 AND key < $2 AND value IS NOT NULL ORDER BY key DESC LIMIT 10`,
      ['guichet:svc:', 'guichet:svc:\uffff'],
    );
    const text = plan.map((r) => r['QUERY PLAN']).join('\n');
    expect(text).toMatch(/Index Scan Backward using keyv_pkey/);
    expect(text).not.toMatch(/Sort/);
  });

  it('GIVEN keys around a paging cursor WHEN a range starts just after a key (key + NUL) THEN it starts at the next key, and a key holding NUL reads as absent', async () => {
    const db = await database('nul');
    const e = await open(db.uri);
    await e.commit({ reads: new Map(), writes: new Map<string, unknown>([['k:a', 1], ['k:a0', 2], ['k:b', 3]]) });
    expect((await e.range('k:a\u0000', 'k:\uffff', { limit: 10 })).map((r) => r.key)).toEqual(['k:a0', 'k:b']);
    expect((await e.range('k:', 'k:\uffff', { limit: 10 })).map((r) => r.key)).toEqual(['k:a', 'k:a0', 'k:b']);
    expect(await e.read('k:\u0000x')).toEqual({ value: undefined, version: 0 });
  });

  it('GIVEN a commit whose SQL fails half-way WHEN written THEN none of its documents land and the store says it is unavailable', async () => {
    const db = await database('boom');
    const e = await open(db.uri);
    await sql(db.uri, `CREATE FUNCTION boom() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.key = 'guichet:b' THEN RAISE EXCEPTION 'disk full'; END IF; RETURN NEW; END $$;
      CREATE TRIGGER boom BEFORE INSERT ON keyv FOR EACH ROW EXECUTE FUNCTION boom()`);
    await expect(e.commit({ reads: new Map(), writes: new Map<string, unknown>([['a', 1], ['b', 2]]) })).rejects.toThrow(/store unavailable.*disk full/);
    expect(await sql(db.uri, `SELECT count(*)::int AS n FROM keyv WHERE key IN ('guichet:a', 'guichet:b')`)).toEqual([{ n: 0 }]);
    expect((await e.read('a')).value).toBeUndefined();
  });

  it('GIVEN a bulk unit of 3,000 documents (locks the whole store) and small concurrent ones WHEN committed THEN all land', async () => {
    const db = await database('bulk');
    const e = await open(db.uri);
    const uow = new DocumentUnitOfWork(e);
    const bulk = uow.run(async (tx) => {
      for (let i = 0; i < 3000; i++) tx.audit.append({ id: `b${i}`, at: `2026-01-01T00:00:${String(i % 60).padStart(2, '0')}.${String(i).padStart(4, '0')}Z`, actor: 'x', account: null, channel: null, action: 'bulk', target: null, result: 'ok', details: {} });
      return { commit: true, result: undefined };
    });
    const small = Array.from({ length: 10 }, (_, i) => e.commit({ reads: new Map(), writes: new Map([[`small:${i}`, i]]) }));
    expect(await Promise.all([bulk.then(() => true), ...small])).toEqual(Array(11).fill(true));
    expect(await sql(db.uri, `SELECT count(*)::int AS n FROM keyv WHERE key LIKE 'guichet:audit:%'`)).toEqual([{ n: 3000 }]);
  });

  it('GIVEN stores on two databases in one process WHEN one is closed THEN the other keeps working (each engine owns its connections)', async () => {
    const [one, two] = [await database('pool1'), await database('pool2')];
    const a = await KeyvPostgresEngine.open({ uri: one.uri });
    const b = await open(two.uri);
    await a.close();
    expect(await b.commit({ reads: new Map(), writes: new Map([['k', 1]]) })).toBe(true);
    expect((await b.keyv.get('k'))).toBe(1);
  });

  it('GIVEN GUICHET_STORE naming an empty PostgreSQL database WHEN `npm start` runs the console THEN the demo data is loaded and /account answers, and a restart finds the same store', async () => {
    const db = await database('console');
    const env = { GUICHET_STORE: db.uri, GUICHET_NOW: '2026-11-23T09:00:00Z', LOG_LEVEL: 'warn' };
    const first = await npmStart(env, '/account\n');
    expect(first.code).toBe(0);
    expect(first.stderr).toContain(`Demo data loaded into ${db.uri}`);
    expect(first.stdout).toContain('Customer ID: alice-ovh');
    const second = await npmStart(env, '/account\n');
    expect(second.stderr).not.toContain('Demo data loaded');
    expect(second.stdout).toContain('Customer ID: alice-ovh');
  });
});
