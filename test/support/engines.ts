import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, it } from 'vitest';
import { type Check, type Checks, type CommitRequest, EncodedDocument, type RangeOptions, type StorageEngine } from '../../adapters/store/engine.js';
import { KeyvPostgresEngine } from '../../adapters/store/keyv-postgres.engine.js';
import { KeyvSqliteEngine } from '../../adapters/store/keyv-sqlite.engine.js';
import { MemoryEngine } from '../../adapters/store/memory.engine.js';
import { createDatabase, POSTGRES_URL, type TestDatabase } from './postgres.js';

/**
 * The three storage engines as `[name, open]` pairs for `describe.each`: each `open` makes a fresh one (a temp
 * folder, a new database named after `label`), removed after each test of the calling file.
 */
export function testEngines(label: string): [string, () => Promise<StorageEngine>][] {
  const dirs: string[] = [];
  const databases: TestDatabase[] = [];
  afterEach(async () => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
    for (const db of databases.splice(0)) await db.drop();
  });
  return [
    ['memory', async () => new MemoryEngine()],
    ['keyv-sqlite', async () => {
      const dir = mkdtempSync(join(tmpdir(), `guichet-${label}-`));
      dirs.push(dir);
      return KeyvSqliteEngine.open({ uri: `sqlite://${join(dir, 's.sqlite')}` });
    }],
    ['keyv-postgres', async () => {
      const db = await createDatabase(label);
      databases.push(db);
      return KeyvPostgresEngine.open({ uri: db.uri });
    }],
  ];
}

/** `it` for an engine of `testEngines`, skipped for PostgreSQL when no server is configured. */
export function itOn(name: string) {
  return name === 'keyv-postgres' && !POSTGRES_URL ? it.skip : it;
}

/** An engine that records the keys it is asked to read (`keys`, one or several at a time) and where each range it scans starts (`scans`). */
export class ReadLog implements StorageEngine {
  readonly keys: string[] = [];
  readonly scans: string[] = [];
  /** The keys every commit wrote (or deleted), in order. */
  readonly written: string[] = [];
  /** Wraps an engine. */
  constructor(private readonly inner: StorageEngine) {}
  /** Reads through, recording the key. */
  read(key: string, check?: Check) { this.keys.push(key); return this.inner.read(key, check); }
  /** Reads through, recording the keys. */
  readMany(keys: readonly string[], check?: Checks) { this.keys.push(...keys); return this.inner.readMany(keys, check); }
  /** Scans through, recording the range's start. */
  range(from: string, to: string, o: RangeOptions) { this.scans.push(from); return this.inner.range(from, to, o); }
  /** Commits through. */
  commit(r: CommitRequest) { this.written.push(...r.writes.keys()); return this.inner.commit(r); }
  /** Closes the wrapped engine. */
  close() { return this.inner.close(); }
}

/** Wraps an engine so that a commit for which `fails` answers true throws as an unreachable store would (the rest pass through). */
export function failingCommits(engine: StorageEngine, fails: (request: CommitRequest) => boolean): StorageEngine {
  return {
    read: (key, check) => engine.read(key, check),
    readMany: (keys, check) => engine.readMany(keys, check),
    range: (from, to, options) => engine.range(from, to, options),
    close: () => engine.close(),
    commit: async (request) => {
      if (fails(request)) throw new Error('store unreachable');
      return engine.commit(request);
    },
  };
}

/** A document of a commit request as a plain value (transactions hand their writes to the engine already serialised). */
export function writtenDoc(value: unknown): unknown {
  return value instanceof EncodedDocument ? value.value() : value;
}
