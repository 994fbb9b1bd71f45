/**
 * `node --import tsx test/bench/commit-shapes.bench.ts [ROUNDS] [BLOCK]`: times alternative SQL shapes of the
 * SQLite engine's fast-path commit on the same file settings (the engine creates the store: WAL,
 * synchronous=NORMAL, Keyv's table with its version column), for commits shaped like `/credit buy` (8 reads, 6 of
 * them "must not exist", 7 upserts of 24–900 bytes) and `/orders pay` (10 reads, 9 upserts, 2 deletions). Each
 * shape runs BLOCK commits per round, the shapes alternating (rotated order), and reports per commit: wall time
 * (p50, mean), CPU of the main thread (/proc schedstat), event-loop active time, and CPU of the whole process
 * (main thread + the driver's worker threads). Not part of `npm run bench`; a tool for choosing the statement.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import sqlite3 from 'sqlite3';
import { KeyvSqliteEngine } from '../../adapters/store/keyv-sqlite.engine.js';

const ROUNDS = Number(process.argv[2] ?? 20);
const BLOCK = Number(process.argv[3] ?? 100);
const META = 'guichet:meta:store';
const MOVED = 'guichet: store version moved';
const STALE = 'guichet: stale read';

type Commit = { readonly reads: readonly (readonly [string, number])[]; readonly upserts: readonly (readonly [string, string])[]; readonly deletions: readonly string[] };
/**
 * Where WAL checkpoints run: SQLite's automatic one inside the commit that crosses 1000 pages (today) or 4000; a passive one
 * on another connection every 500 documents, not awaited ('background': beware, under continuous commits the WAL
 * then never starts over, it only grows, so this flatters it); both (the background one does most of the copying,
 * the automatic one the rest and lets the WAL start over); or one after each block, untimed (what they cost).
 */
type Checkpoints = 'inside' | 'inside-4000' | 'background' | 'both' | 'outside';
type Shape = { name: string; commit: (version: number, c: Commit) => Promise<void>; deletions: boolean; unchecked?: boolean; checkpoints?: Checkpoints };

// ---- the database -------------------------------------------------------------------------------------------
const dir = mkdtempSync(join(tmpdir(), 'guichet-commit-shapes-'));
const file = join(dir, 'store.sqlite');
const engine = await KeyvSqliteEngine.open({ uri: `sqlite://${file}` });
// ~40,000 rows of realistic sizes, so that commits touch a tree of realistic depth.
const seedRows: [string, string][] = [];
for (let a = 0; a < 2000; a++) {
  const acct = `bench-${String(a).padStart(7, '0')}`;
  seedRows.push([`guichet:link:console:local/b${acct.slice(6)}`, doc(130)], [`guichet:acct:${acct}`, doc(280)], [`guichet:svc:pc-${acct}`, doc(290)], [`guichet:wallet:pc-${acct}`, doc(520)]);
  for (let k = 1; k < 10; k++) seedRows.push([`guichet:svc:svc-${acct}-${k}`, doc(390)], [`guichet:sched:svc:svc-${acct}-${k}`, doc(143)]);
}
for (let i = 0; i < seedRows.length; i += 2000) {
  await engine.query(`INSERT INTO keyv (key, value, version) SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), 2 FROM json_each(?)`, JSON.stringify(seedRows.slice(i, i + 2000)));
}
await engine.close();

const db = await new Promise<sqlite3.Database>((resolve, reject) => {
  const d = new sqlite3.Database(file, (e) => (e ? reject(e) : resolve(d)));
});
db.configure('busyTimeout', 5000);
const exec = (sql: string) => new Promise<void>((resolve, reject) => db.exec(sql, (e) => (e ? reject(e) : resolve())));
await exec('PRAGMA synchronous=NORMAL');
const checkpointer = await new Promise<sqlite3.Database>((resolve, reject) => {
  const d = new sqlite3.Database(file, (e) => (e ? reject(e) : resolve(d)));
});
let checkpoints: Checkpoints = 'inside';
let checkpointing = false;
let sinceCheckpoint = 0;
/** Sets where checkpoints run for the next block. */
async function checkpointsAt(where: Checkpoints): Promise<void> {
  checkpoints = where;
  await exec(`PRAGMA wal_autocheckpoint=${where === 'inside' || where === 'both' ? 1000 : where === 'inside-4000' ? 4000 : 0}`);
}
/** Called after each commit: in background mode, starts a passive checkpoint every 500 documents unless one runs. */
function afterCommit(documents: number): void {
  if ((checkpoints !== 'background' && checkpoints !== 'both') || (sinceCheckpoint += documents) < 500 || checkpointing) return;
  sinceCheckpoint = 0;
  checkpointing = true;
  checkpointer.exec('PRAGMA wal_checkpoint(PASSIVE)', () => (checkpointing = false));
}

const statements = new Map<string, sqlite3.Statement>();
function statement(sql: string): sqlite3.Statement {
  let s = statements.get(sql);
  if (!s) statements.set(sql, (s = db.prepare(sql)));
  return s;
}
const run = (sql: string, params: readonly unknown[]) =>
  new Promise<number>((resolve, reject) => statement(sql).run([...params], function (this: sqlite3.RunResult, e: Error | null) { return e ? reject(e) : resolve(this.changes); }));
const all = (sql: string, params: readonly unknown[]) =>
  new Promise<unknown[]>((resolve, reject) => statement(sql).all([...params], (e: Error | null, rows: unknown[]) => (e ? reject(e) : resolve(rows))));
const plain = (sql: string) => new Promise<void>((resolve, reject) => db.run(sql, (e: Error | null) => (e ? reject(e) : resolve())));

// ---- the shapes ---------------------------------------------------------------------------------------------
/** Trigger bodies: `extract` reads a pair's element (today: json_extract; or the ->> operator). */
function triggerSql(name: string, pairs: 'extract' | 'arrow' | 'object'): string[] {
  const k = (v: string) => (pairs === 'extract' ? `json_extract(${v}.value, '$[0]')` : pairs === 'arrow' ? `${v}.value->>0` : `${v}.key`);
  const x = (v: string) => (pairs === 'extract' ? `json_extract(${v}.value, '$[1]')` : pairs === 'arrow' ? `${v}.value->>1` : `${v}.value`);
  return [
    `CREATE TEMP VIEW IF NOT EXISTS ${name} (version, reads, upserts, deletions) AS SELECT NULL, NULL, NULL, NULL WHERE 0`,
    `CREATE TEMP TRIGGER IF NOT EXISTS ${name}_apply INSTEAD OF INSERT ON ${name} BEGIN
       SELECT RAISE(ABORT, '${MOVED}') WHERE (SELECT version FROM keyv WHERE key = '${META}') IS NOT NEW.version - 1;
       SELECT RAISE(ABORT, '${STALE}') WHERE EXISTS (
         SELECT 1 FROM json_each(NEW.reads) r LEFT JOIN keyv t ON t.key = ${k('r')}
          WHERE CASE WHEN t.value IS NULL THEN 0 ELSE t.version END <> ${x('r')});
       UPDATE keyv SET version = NEW.version WHERE key = '${META}';
       INSERT INTO keyv (key, value, version)
         SELECT ${k('e')}, ${x('e')}, NEW.version FROM json_each(NEW.upserts) e WHERE true
         ON CONFLICT(key) DO UPDATE SET value = excluded.value, version = excluded.version;
       DELETE FROM keyv WHERE key IN (SELECT value FROM json_each(NEW.deletions));
     END`,
  ];
}
/** A JSON object from pairs (duplicate labels are kept, as json_each keeps them). */
const object = (pairs: readonly (readonly [string, string | number])[]) => `{${pairs.map(([key, v]) => `${JSON.stringify(key)}:${typeof v === 'number' ? v : JSON.stringify(v)}`).join(',')}}`;
const viaTrigger = (name: string, encode: (c: Commit) => [string, string]) => async (version: number, c: Commit) => {
  const [reads, upserts] = encode(c);
  await run(`INSERT INTO temp.${name} (version, reads, upserts, deletions) VALUES (?, ?, ?, ?)`, [version, reads, upserts, JSON.stringify(c.deletions)]);
};
const arrays = (c: Commit): [string, string] => [JSON.stringify(c.reads), JSON.stringify(c.upserts)];
const objects = (c: Commit): [string, string] => [object(c.reads), object(c.upserts)];

/** Multi-row VALUES lists, prepared once per row count. */
const tuples = (n: number, width: number) => Array.from({ length: n }, () => `(${Array(width).fill('?').join(', ')})`).join(', ');
async function multiRowTransaction(version: number, c: Commit): Promise<void> {
  await run('BEGIN IMMEDIATE', []);
  try {
    const reads = c.reads.length > 0
      ? `(SELECT count(*) FROM (VALUES ${tuples(c.reads.length, 2)}) r LEFT JOIN keyv t ON t.key = r.column1 WHERE CASE WHEN t.value IS NULL THEN 0 ELSE t.version END <> r.column2)`
      : '0';
    const [check] = (await all(`SELECT (SELECT version FROM keyv WHERE key = '${META}') AS counter, ${reads} AS stale`, c.reads.flat())) as { counter: number; stale: number }[];
    if (check!.counter !== version - 1) throw new Error(MOVED);
    if (check!.stale > 0) throw new Error(STALE);
    const rows = [...c.upserts.map(([key, raw]) => [key, raw, version]), [META, null, version]];
    await run(
      `INSERT INTO keyv (key, value, version) VALUES ${tuples(rows.length, 3)} ON CONFLICT(key) DO UPDATE SET value = coalesce(excluded.value, keyv.value), version = excluded.version`,
      rows.flat(),
    );
    if (c.deletions.length > 0) await run(`DELETE FROM keyv WHERE key IN (${c.deletions.map(() => '?').join(', ')})`, c.deletions);
    await run('COMMIT', []);
  } catch (error) {
    await run('ROLLBACK', []).catch(() => {});
    throw error;
  }
}

/** One INSERT, no trigger: the meta row rides along (value kept), the checks are a guard; 0 rows changed = refused. */
const GUARDED = `INSERT INTO keyv (key, value, version)
  SELECT u.key, u.value, ?1 FROM (SELECT e.key, e.value FROM json_each(?2) e UNION ALL SELECT '${META}', NULL) u
   WHERE (SELECT version FROM keyv WHERE key = '${META}') = ?1 - 1
     AND NOT EXISTS (SELECT 1 FROM json_each(?3) r LEFT JOIN keyv t ON t.key = r.key WHERE CASE WHEN t.value IS NULL THEN 0 ELSE t.version END <> r.value)
  ON CONFLICT(key) DO UPDATE SET value = coalesce(excluded.value, keyv.value), version = excluded.version`;
async function guarded(version: number, c: Commit): Promise<void> {
  const changes = await run(GUARDED, [version, object(c.upserts), object(c.reads)]);
  if (changes === 0) throw new Error(`${MOVED} or ${STALE}`);
}
/** The same with RETURNING (the rows written come back instead of the change count). */
async function guardedReturning(version: number, c: Commit): Promise<void> {
  const rows = await all(`${GUARDED} RETURNING version`, [version, object(c.upserts), object(c.reads)]);
  if (rows.length === 0) throw new Error(`${MOVED} or ${STALE}`);
}

/** The floor: the same rows (and the counter) written with no check at all. */
async function unchecked(version: number, c: Commit): Promise<void> {
  const rows = [...c.upserts.map(([key, raw]) => [key, raw, version]), [META, null, version]];
  await run(`INSERT INTO keyv (key, value, version) VALUES ${tuples(rows.length, 3)} ON CONFLICT(key) DO UPDATE SET value = coalesce(excluded.value, keyv.value), version = excluded.version`, rows.flat());
}

for (const sql of [...triggerSql('c_extract', 'extract'), ...triggerSql('c_arrow', 'arrow'), ...triggerSql('c_object', 'object')]) await plain(sql);

const shapes: Shape[] = [
  { name: 'trigger, json_extract (today)', commit: viaTrigger('c_extract', arrays), deletions: true },
  { name: 'trigger, today, checkpoint in background', commit: viaTrigger('c_extract', arrays), deletions: true, checkpoints: 'background' },
  { name: 'trigger, today, autocheckpoint 4000 pages', commit: viaTrigger('c_extract', arrays), deletions: true, checkpoints: 'inside-4000' },
  { name: 'trigger, today, checkpoint in both', commit: viaTrigger('c_extract', arrays), deletions: true, checkpoints: 'both' },
  { name: 'trigger, today, checkpoint untimed', commit: viaTrigger('c_extract', arrays), deletions: true, checkpoints: 'outside' },
  { name: 'trigger, today, reads left out', commit: viaTrigger('c_extract', (c) => ['[]', JSON.stringify(c.upserts)]), deletions: true, unchecked: true },
  { name: 'trigger, ->> on pairs', commit: viaTrigger('c_arrow', arrays), deletions: true },
  { name: 'trigger, objects (json_each key/value)', commit: viaTrigger('c_object', objects), deletions: true },
  { name: 'BEGIN + check + multi-row VALUES + COMMIT', commit: multiRowTransaction, deletions: true },
  { name: 'one guarded INSERT (no deletions)', commit: guarded, deletions: false },
  { name: 'one guarded INSERT … RETURNING', commit: guardedReturning, deletions: false },
  { name: 'floor: unchecked multi-row INSERT', commit: unchecked, deletions: false, unchecked: true },
];

// ---- the workload -------------------------------------------------------------------------------------------
function doc(bytes: number): string {
  const body = randomBytes(Math.ceil(bytes * 0.6)).toString('base64url').slice(0, Math.max(1, bytes - 40));
  return `{"value":{"id":"${randomUUID().slice(0, 8)}","note":"${body}"}}`;
}
let n = 0;
const opened: string[] = [];
/** A commit like `/credit buy` (or `/orders pay` when `pay`): reads that hold, fresh keys, deletions of earlier keys. */
function workload(pay: boolean): Commit {
  const i = n++;
  const acct = `bench-${String(i % 2000).padStart(7, '0')}`;
  const at = new Date(Date.UTC(2026, 10, 23) + i * 7).toISOString();
  const order = `ORD-${randomBytes(5).toString('hex').toUpperCase()}`;
  const inv = randomUUID();
  const reads: [string, number][] = [
    [`guichet:link:console:local/b${acct.slice(6)}`, 2], [`guichet:acct:${acct}`, 2],
    [`guichet:invd:2026-11-23:${inv}`, 0], [`guichet:invd:2026-11-22:${inv}`, 0], [`guichet:invd:2026-11-24:${inv}`, 0], [`guichet:inv:${inv}`, 0],
    [`guichet:svc:pc-${acct}`, 2], [`guichet:order:${order}`, 0],
  ];
  const upserts: [string, string][] = [
    [`guichet:order:${order}`, doc(446)], [`guichet:order-by-acct:${acct}:${at}:${order}`, doc(24)],
    [`guichet:order-open:${acct}:${at}:${order}`, doc(24)], [`guichet:due:${at}:order-unpaid:${order}`, doc(86)],
    [`guichet:audit:${at}:${randomBytes(5).toString('hex')}`, doc(290)], [`guichet:act:${randomUUID()}`, doc(219)], [`guichet:invd:2026-11-23:${inv}`, doc(896)],
  ];
  opened.push(upserts[2]![0], upserts[3]![0]);
  if (!pay) return { reads, upserts, deletions: [] };
  reads.push([`guichet:wallet-delivery:${order}/0`, 0], [`guichet:wallet:pc-${acct}`, 2]);
  upserts.push([`guichet:mail:${acct}:${at}:${randomBytes(5).toString('hex')}`, doc(215)], [`guichet:due:2027-12-23T09:00:00.000Z:credit-expiry:${order}`, doc(107)]);
  return { reads, upserts, deletions: opened.length > 400 ? opened.splice(0, 2) : [] };
}

// ---- measuring ----------------------------------------------------------------------------------------------
/** Nanoseconds the main thread has run (the driver's work runs on libuv's worker threads). */
const mainThreadNs = () => Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]);
let counter = ((await all(`SELECT version FROM keyv WHERE key = ?`, [META])) as { version: number }[])[0]!.version;

/** Each shape refuses a moved counter and a stale read, writing nothing (a check that the shapes are equivalent). */
for (const shape of shapes.filter((s) => !s.unchecked)) {
  const probe = workload(false);
  const key = probe.upserts[0]![0];
  for (const [what, version, c] of [['moved', counter + 2, probe], ['stale', counter + 1, { ...probe, reads: [...probe.reads, [probe.reads[0]![0], 7] as [string, number]] }]] as const) {
    const refused = await shape.commit(version, c).then(() => false, (e: Error) => e.message.includes(MOVED) || e.message.includes(STALE));
    const written = (await all(`SELECT 1 FROM keyv WHERE key = ?`, [key])).length;
    if (!refused || written) throw new Error(`${shape.name}: a ${what} commit was not refused`);
  }
  await shape.commit(++counter, probe);
}

type Tally = { walls: number[]; mainNs: number; loopMs: number; cpuUs: number; commits: number };
for (const pay of [false, true]) {
  const active = shapes.filter((s) => !pay || s.deletions);
  const tally = new Map<string, Tally>(active.map((s) => [s.name, { walls: [], mainNs: 0, loopMs: 0, cpuUs: 0, commits: 0 }]));
  for (let round = 0; round < ROUNDS; round++) {
    for (let j = 0; j < active.length; j++) {
      const shape = active[(round + j) % active.length]!;
      const t = tally.get(shape.name)!;
      const work = Array.from({ length: BLOCK }, () => workload(pay));
      await checkpointsAt(shape.checkpoints ?? 'inside');
      const main0 = mainThreadNs();
      const loop0 = performance.eventLoopUtilization();
      const cpu0 = process.cpuUsage();
      for (const c of work) {
        const start = performance.now();
        await shape.commit(++counter, c);
        afterCommit(c.upserts.length + c.deletions.length);
        if (round > 0) t.walls.push(performance.now() - start);
      }
      const cpu = process.cpuUsage(cpu0);
      const loop = performance.eventLoopUtilization(loop0).active;
      const main = mainThreadNs() - main0;
      if (shape.checkpoints === 'outside') await exec('PRAGMA wal_checkpoint(PASSIVE)');
      if (round === 0) continue; // warm-up round
      t.cpuUs += cpu.user + cpu.system;
      t.loopMs += loop;
      t.mainNs += main;
      t.commits += BLOCK;
    }
  }
  console.log(`\n${pay ? '/orders pay shape: 10 reads, 9 upserts, 2 deletions' : '/credit buy shape: 8 reads (6 absent), 7 upserts'} — ${ROUNDS - 1} × ${BLOCK} commits per shape, µs per commit`);
  console.log(`${'shape'.padEnd(44)} ${'wall p50'.padStart(9)} ${'mean'.padStart(7)} ${'p99'.padStart(7)} ${'main cpu'.padStart(9)} ${'loop'.padStart(7)} ${'all cpu'.padStart(8)}`);
  for (const s of active) {
    const t = tally.get(s.name)!;
    const w = [...t.walls].sort((a, b) => a - b);
    const us = (x: number) => (x * 1000).toFixed(0).padStart(7);
    console.log(
      `${s.name.padEnd(44)} ${us(w[Math.floor(w.length / 2)]!).padStart(9)} ${us(w.reduce((a, b) => a + b, 0) / w.length)} ${us(w[Math.floor(w.length * 0.99)]!)}` +
        ` ${(t.mainNs / 1000 / t.commits).toFixed(0).padStart(9)} ${us(t.loopMs / t.commits)} ${(t.cpuUs / t.commits).toFixed(0).padStart(8)}`,
    );
  }
}

/** References: one trip that does nothing (`SELECT 1`, prepared) and one single-row upsert (a raw set), same metrics. */
const references: [string, (i: number) => Promise<unknown>][] = [
  ['reference: SELECT 1 (a trip, no work)', () => all('SELECT 1', [])],
  ['reference: one-row upsert (a raw set)', (i) => run(`INSERT INTO keyv (key, value, version) VALUES (?, ?, 1) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, [`guichet:raw:${i}`, doc(200)])],
];
console.log('');
await checkpointsAt('inside');
for (const [name, op] of references) {
  const walls: number[] = [];
  const main0 = mainThreadNs();
  const cpu0 = process.cpuUsage();
  const count = ROUNDS * BLOCK;
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await op(i);
    walls.push(performance.now() - start);
  }
  const cpu = process.cpuUsage(cpu0);
  walls.sort((a, b) => a - b);
  console.log(`${name.padEnd(44)} ${(walls[walls.length >> 1]! * 1000).toFixed(0).padStart(9)} ${(walls.reduce((a, b) => a + b, 0) / count * 1000).toFixed(0).padStart(7)} ${(walls[Math.floor(count * 0.99)]! * 1000).toFixed(0).padStart(7)} ${((mainThreadNs() - main0) / 1000 / count).toFixed(0).padStart(9)} ${''.padStart(7)} ${((cpu.user + cpu.system) / count).toFixed(0).padStart(8)}`);
}

await new Promise<void>((resolve) => checkpointer.close(() => resolve()));
for (const s of statements.values()) await new Promise((resolve) => s.finalize(() => resolve(undefined)));
await new Promise<void>((resolve) => db.close(() => resolve()));
rmSync(dir, { recursive: true, force: true });
