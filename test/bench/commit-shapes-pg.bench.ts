/**
 * `node --import tsx test/bench/commit-shapes-pg.bench.ts [ROUNDS] [BLOCK]`: times the PostgreSQL engine's commit
 * call (`guichet_commit`, created by the engine in a fresh bench database) in alternative forms, for commits shaped
 * like `/credit buy` (8 reads, 6 of them "must not exist", 7 upserts): as today (an unnamed statement, parsed and
 * planned on every call), as a named statement (prepared once per connection), and on one checked-out client
 * instead of the pool; and, to see what of it is the WAL flush, on a client with synchronous_commit off (a
 * measurement, not a setting to use: it gives up durability). Blocks alternate; per commit: wall p50/mean/p99 and this process's CPU. Not part of
 * `npm run bench`.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { KeyvPostgresEngine } from '../../adapters/store/keyv-postgres.engine.js';
import { benchPostgresServer, createBenchDatabase } from './postgres.bench.js';

const ROUNDS = Number(process.argv[2] ?? 20);
const BLOCK = Number(process.argv[3] ?? 100);
const CALL = 'SELECT version, failed FROM public.guichet_commit($1::text[], $2::bigint[], $3::int[], $4::text[], $5::text[], $6::int[], $7::boolean)';

const db = await createBenchDatabase(benchPostgresServer());
if ('skipped' in db) throw new Error(db.skipped);
const engine = await KeyvPostgresEngine.open({ uri: db.uri });
const doc = (bytes: number) => `{"value":{"id":"${randomUUID().slice(0, 8)}","note":"${randomBytes(bytes).toString('base64url').slice(0, Math.max(1, bytes - 40))}"}}`;
for (let a = 0; a < 2000; a += 200) {
  const rows = Array.from({ length: 200 }, (_, j) => [`guichet:acct:bench-${a + j}`, doc(280)]).concat(Array.from({ length: 200 }, (_, j) => [`guichet:svc:pc-bench-${a + j}`, doc(290)]));
  await engine.query(`INSERT INTO public.keyv (key, value, version) SELECT k, v, 2 FROM unnest($1::text[], $2::text[]) AS u(k, v)`, [rows.map((r) => r[0]), rows.map((r) => r[1])]);
}
await engine.close();

const pool = new pg.Pool({ connectionString: db.uri, max: 8 });
const client = await pool.connect();
/** A client that does not wait for the WAL flush (measurement only: what of a commit is the flush; not a setting to use). */
const unflushed = await pool.connect();
await unflushed.query('SET synchronous_commit = off');
let n = 0;
/** The parameters of one `/credit buy`-like commit (all reads hold). */
function params(): unknown[] {
  const i = n++;
  const acct = `bench-${i % 2000}`;
  const order = `ORD-${randomBytes(5).toString('hex')}`;
  const inv = randomUUID();
  const at = new Date(Date.UTC(2026, 10, 23) + i * 7).toISOString();
  const reads: [string, number][] = [
    [`guichet:acct:${acct}`, 2], [`guichet:svc:pc-${acct}`, 2], [`guichet:order:${order}`, 0], [`guichet:inv:${inv}`, 0],
    [`guichet:invd:2026-11-22:${inv}`, 0], [`guichet:invd:2026-11-23:${inv}`, 0], [`guichet:invd:2026-11-24:${inv}`, 0], [`guichet:link:${acct}`, 0],
  ];
  const writes: [string, string][] = [
    [`guichet:order:${order}`, doc(446)], [`guichet:order-by-acct:${acct}:${at}:${order}`, doc(24)], [`guichet:order-open:${acct}:${at}:${order}`, doc(24)],
    [`guichet:due:${at}:order-unpaid:${order}`, doc(86)], [`guichet:audit:${at}:${randomBytes(5).toString('hex')}`, doc(290)],
    [`guichet:act:${randomUUID()}`, doc(219)], [`guichet:invd:2026-11-23:${inv}`, doc(896)],
  ];
  return [reads.map((r) => r[0]), reads.map((r) => r[1]), reads.map(() => 0), writes.map((w) => w[0]), writes.map((w) => w[1]), writes.map(() => 0), false];
}
const check = (rows: { failed: number[] }[]) => {
  if (rows[0]!.failed.length > 0) throw new Error('a read was stale');
};
const forms: [string, (p: unknown[]) => Promise<void>][] = [
  ['pool, unnamed statement (today)', async (p) => check((await pool.query(CALL, p)).rows)],
  ['pool, named statement (prepared)', async (p) => check((await pool.query({ name: 'guichet_commit', text: CALL, values: p })).rows)],
  ['one client, unnamed statement', async (p) => check((await client.query(CALL, p)).rows)],
  ['one client, named statement', async (p) => check((await client.query({ name: 'guichet_commit', text: CALL, values: p })).rows)],
  ['(one client, synchronous_commit off)', async (p) => check((await unflushed.query(CALL, p)).rows)],
];
const tally = new Map(forms.map(([name]) => [name, { walls: [] as number[], cpuUs: 0, commits: 0 }]));
for (let round = 0; round < ROUNDS; round++) {
  for (let j = 0; j < forms.length; j++) {
    const [name, commit] = forms[(round + j) % forms.length]!;
    const work = Array.from({ length: BLOCK }, params);
    const t = tally.get(name)!;
    const cpu0 = process.cpuUsage();
    for (const p of work) {
      const start = performance.now();
      await commit(p);
      if (round > 0) t.walls.push(performance.now() - start);
    }
    const cpu = process.cpuUsage(cpu0);
    if (round === 0) continue;
    t.cpuUs += cpu.user + cpu.system;
    t.commits += BLOCK;
  }
}
console.log(`/credit buy-like commit on PostgreSQL — ${ROUNDS - 1} × ${BLOCK} commits per form, µs per commit`);
console.log(`${'form'.padEnd(36)} ${'wall p50'.padStart(9)} ${'mean'.padStart(7)} ${'p99'.padStart(7)} ${'node cpu'.padStart(9)}`);
for (const [name] of forms) {
  const t = tally.get(name)!;
  const w = [...t.walls].sort((a, b) => a - b);
  const us = (x: number) => (x * 1000).toFixed(0).padStart(7);
  console.log(`${name.padEnd(36)} ${us(w[w.length >> 1]!).padStart(9)} ${us(w.reduce((a, b) => a + b, 0) / w.length)} ${us(w[Math.floor(w.length * 0.99)]!)} ${(t.cpuUs / t.commits).toFixed(0).padStart(9)}`);
}
client.release();
unflushed.release(true);
await pool.end();
await db.drop();
