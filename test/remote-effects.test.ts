import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it as vitestIt } from 'vitest';
import type { StorageEngine } from '../adapters/store/engine.js';
import { KeyvPostgresEngine } from '../adapters/store/keyv-postgres.engine.js';
import { KeyvSqliteEngine } from '../adapters/store/keyv-sqlite.engine.js';
import { MemoryEngine } from '../adapters/store/memory.engine.js';
import { StoreRemoteEffects, type StoreRemoteEffectsOptions } from '../adapters/store/store.remote-effects.js';
import { DocumentUnitOfWork } from '../adapters/store/unit-of-work.js';
import { ManualClock } from '../src/ports/clock.js';
import { RemoteEffectInProgress } from '../src/ports/remote-effects.js';
import { createDatabase, POSTGRES_URL, type TestDatabase } from './support/postgres.js';

const NOW = '2026-11-23T09:00:00.000Z';
const dirs: string[] = [];
const databases: TestDatabase[] = [];
const stores: DocumentUnitOfWork[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  for (const db of databases.splice(0)) await db.drop();
});

/** Each engine: a storage, and how a process opens it (memory: one process only, so the same engine). */
const engines: [string, () => Promise<() => Promise<StorageEngine>>][] = [
  ['memory', async () => {
    const engine = new MemoryEngine();
    return async () => engine;
  }],
  ['keyv-sqlite', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'guichet-effects-'));
    dirs.push(dir);
    return () => KeyvSqliteEngine.open({ uri: `sqlite://${join(dir, 's.sqlite')}` });
  }],
  ['keyv-postgres', async () => {
    const db = await createDatabase('effects');
    databases.push(db);
    return () => KeyvPostgresEngine.open({ uri: db.uri });
  }],
];

/** A counted remote call whose answer the test releases. */
function remote<T>(answer: T) {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const calls = { n: 0 };
  return { calls, release, call: async () => { calls.n += 1; await gate; return answer; } };
}

describe.each(engines)('remote effects on %s', (name, storage) => {
  const it = name === 'keyv-postgres' && !POSTGRES_URL ? vitestIt.skip : vitestIt;
  async function setup(options: Partial<StoreRemoteEffectsOptions> = {}, open?: () => Promise<StorageEngine>) {
    const store = new DocumentUnitOfWork(await (open ?? (await storage()))());
    stores.push(store);
    const clock = new ManualClock(NOW);
    const effects = new StoreRemoteEffects({ store, clock, sleep: async () => {}, ...options });
    const record = (key: string) => store.run(async (tx) => ({ commit: false, result: await tx.effects.get(key) }));
    return { store, clock, effects, record };
  }
  const never = async () => { throw new Error('reconcile must not run'); };

  it('GIVEN a key WHEN once runs twice THEN the call happens once and the second gets the recorded outcome', async () => {
    const { effects, record } = await setup();
    const r = remote({ credit: 50 });
    r.release();
    expect(await effects.once('inv-1:voucher', r.call, never)).toEqual({ credit: 50 });
    expect(await effects.once('inv-1:voucher', r.call, never)).toEqual({ credit: 50 });
    expect(r.calls.n).toBe(1);
    expect(await record('inv-1:voucher')).toMatchObject({ state: 'done', outcome: { credit: 50 }, at: NOW });
  });

  it('GIVEN the intent is committed WHEN the call is under way THEN the store already holds the intent, before any outcome', async () => {
    const { effects, record } = await setup();
    const r = remote('ok');
    const running = effects.once('inv-2:pay', r.call, never);
    while (r.calls.n === 0) await new Promise((res) => setImmediate(res));
    expect(await record('inv-2:pay')).toMatchObject({ state: 'intent' });
    r.release();
    await running;
    expect((await record('inv-2:pay'))?.state).toBe('done');
  });

  it('GIVEN two attempts with the same key at once WHEN the first finishes while the second waits THEN only one calls and both answer its outcome', async () => {
    const r = remote({ order: 'ORD-1' });
    let polls = 0;
    let callerDone: Promise<unknown> = Promise.resolve();
    // The waiting attempt's third poll lets the call finish, and its next polls wait for the calling attempt to record
    // it (however slow the store is on a loaded machine), so the test does not depend on timing. Either attempt may win
    // the intent, so the poller waits for whichever finishes first (the poller itself cannot finish before the caller).
    const { effects } = await setup({ sleep: async () => { if (++polls === 3) r.release(); if (polls >= 3) await callerDone; await new Promise((res) => setImmediate(res)); } });
    const first = effects.once('inv-3:buy', r.call, never);
    const second = effects.once('inv-3:buy', r.call, never);
    callerDone = Promise.race([first, second].map((p) => p.catch(() => undefined)));
    const [a, b] = await Promise.all([first, second]);
    expect([a, b]).toEqual([{ order: 'ORD-1' }, { order: 'ORD-1' }]);
    expect(r.calls.n).toBe(1);
    expect(polls).toBeGreaterThanOrEqual(3);
  });

  it('GIVEN an attempt still calling WHEN another with the same key has waited its bounded polls THEN it answers "in progress" and does not call', async () => {
    const { effects } = await setup({ waitPolls: 4 });
    const r = remote('late');
    const first = effects.once('inv-4:renew', r.call, never);
    while (r.calls.n === 0) await new Promise((res) => setImmediate(res));
    await expect(effects.once('inv-4:renew', r.call, never)).rejects.toBeInstanceOf(RemoteEffectInProgress);
    expect(r.calls.n).toBe(1);
    r.release();
    expect(await first).toBe('late');
  });

  it('GIVEN an intent without outcome whose lease lapsed (a crash after the call) WHEN the key comes again THEN it reconciles by reading and does not call', async () => {
    const { effects, store, clock, record } = await setup();
    await store.run(async (tx) => ({ commit: true, result: tx.effects.put({ key: 'inv-5:voucher', state: 'intent', at: NOW, claim: 'dead', leaseUntil: '2026-11-23T09:02:00.000Z' }) }));
    const r = remote('called');
    r.release();
    await expect(effects.once('inv-5:voucher', r.call, async () => 'found')).rejects.toBeInstanceOf(RemoteEffectInProgress);
    clock.advance(3 * 60_000);
    expect(await effects.once('inv-5:voucher', r.call, async () => 'found')).toBe('found');
    expect(r.calls.n).toBe(0);
    expect(await record('inv-5:voucher')).toMatchObject({ state: 'done', outcome: 'found', at: NOW });
  });

  it('GIVEN an intent without outcome WHEN reconciliation finds nothing happened THEN the call is made, once', async () => {
    const { effects, store } = await setup();
    await store.run(async (tx) => ({ commit: true, result: tx.effects.put({ key: 'inv-6:x', state: 'intent', at: NOW, claim: 'dead', leaseUntil: NOW }) }));
    const r = remote('called');
    r.release();
    expect(await effects.once('inv-6:x', r.call, async () => undefined)).toBe('called');
    expect(await effects.once('inv-6:x', r.call, async () => undefined)).toBe('called');
    expect(r.calls.n).toBe(1);
  });

  it('GIVEN a call the provider refused (no effect) WHEN the key comes again THEN the intent was forgotten and it calls again', async () => {
    const refused = Object.assign(new Error('bad request'), { harmless: true });
    const { effects, record } = await setup({ noEffect: (e) => (e as { harmless?: boolean }).harmless === true });
    await expect(effects.once('inv-7:x', async () => { throw refused; }, never)).rejects.toBe(refused);
    expect(await record('inv-7:x')).toBeUndefined();
    expect(await effects.once('inv-7:x', async () => 'second', never)).toBe('second');
  });

  it('GIVEN a call whose effect is unknown (timeout) WHEN the key comes again at once THEN the claim was released and it reconciles', async () => {
    const { effects, record } = await setup({ noEffect: () => false });
    await expect(effects.once('inv-8:x', async () => { throw new Error('timeout'); }, never)).rejects.toThrow('timeout');
    expect(await record('inv-8:x')).toMatchObject({ state: 'intent' });
    let called = 0;
    expect(await effects.once('inv-8:x', async () => { called += 1; return 'again'; }, async () => 'it-happened')).toBe('it-happened');
    expect(called).toBe(0);
  });

  it('GIVEN two processes on one store (each its own engine) WHEN both run the same key at once THEN only one calls and both answer its outcome', async () => {
    const open = await storage();
    const r = remote({ paid: true });
    let polls = 0;
    const sleep = async () => { if (++polls === 2) r.release(); await new Promise((res) => setTimeout(res, 5)); };
    const a = await setup({ sleep, waitPolls: 200 }, open);
    const b = await setup({ sleep, waitPolls: 200 }, open);
    const outcomes = await Promise.all([a.effects.once('inv-9:pay', r.call, never), b.effects.once('inv-9:pay', r.call, never)]);
    expect(outcomes).toEqual([{ paid: true }, { paid: true }]);
    expect(r.calls.n).toBe(1);
  });
});
