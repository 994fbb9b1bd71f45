import { describe, expect, it } from 'vitest';
import { ConflictError, DocumentTx } from '../adapters/store/document-tx.js';
import { ABSENT, type StorageEngine } from '../adapters/store/engine.js';
import { MemoryEngine } from '../adapters/store/memory.engine.js';
import { ReadLog } from './support/engines.js';

/** A memory engine that also counts its calls by kind. */
function counted(): { engine: StorageEngine; calls: { read: number; readMany: number } } {
  const inner = new MemoryEngine();
  const calls = { read: 0, readMany: 0 };
  const engine: StorageEngine = {
    read: (key) => (calls.read++, inner.read(key)),
    readMany: (keys) => (calls.readMany++, inner.readMany(keys)),
    range: (from, to, o) => inner.range(from, to, o),
    commit: (r) => inner.commit(r),
    close: () => inner.close(),
  };
  return { engine, calls };
}

describe('reads a transaction asks in the same tick', () => {
  it('GIVEN three reads started together WHEN they resolve THEN the engine was asked once, for all three, and each version is recorded for the commit', async () => {
    const { engine, calls } = counted();
    await engine.commit({ reads: new Map(), writes: new Map<string, unknown>([['a', { n: 1 }], ['b', { n: 2 }]]) });
    const tx = new DocumentTx(engine);
    expect(await Promise.all([tx.get('a'), tx.get('b'), tx.get('c')])).toEqual([{ n: 1 }, { n: 2 }, undefined]);
    expect(calls).toEqual({ read: 0, readMany: 1 });
    expect(tx.reads.get('c')).toBe(ABSENT);
    expect([...tx.reads.keys()].sort()).toEqual(['a', 'b', 'c']);
  });

  it('GIVEN reads one after the other WHEN each awaits the previous THEN each is a single read, as before', async () => {
    const log = new ReadLog(new MemoryEngine());
    const tx = new DocumentTx(log);
    await tx.get('a');
    await tx.get('b');
    expect(log.keys).toEqual(['a', 'b']);
  });

  it('GIVEN a key already read WHEN it changed and is read again with another key THEN that read fails with a conflict (the unit re-runs) and the other still answers', async () => {
    const engine = new MemoryEngine();
    const tx = new DocumentTx(engine);
    await tx.get('a');
    await engine.commit({ reads: new Map(), writes: new Map<string, unknown>([['a', { n: 2 }]]) });
    const [again, other] = await Promise.allSettled([tx.get('a'), tx.get('b')]);
    expect(again.status === 'rejected' && again.reason instanceof ConflictError).toBe(true);
    expect(other).toEqual({ status: 'fulfilled', value: undefined });
  });

  it('GIVEN an unreachable store WHEN reads started together are sent THEN every one of them fails', async () => {
    const down: StorageEngine = { ...new MemoryEngine(), read: () => Promise.reject(new Error('down')), readMany: () => Promise.reject(new Error('down')), range: () => Promise.reject(new Error('down')), commit: () => Promise.reject(new Error('down')), close: async () => undefined };
    const tx = new DocumentTx(down);
    const settled = await Promise.allSettled([tx.get('a'), tx.get('b')]);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
  });

  it('GIVEN documents read together WHEN one is read again and changed by the reader THEN the engine is not asked again and each read hands out a copy of its own', async () => {
    const { engine, calls } = counted();
    await engine.commit({ reads: new Map(), writes: new Map<string, unknown>([['a', { n: 1 }]]) });
    const tx = new DocumentTx(engine);
    const [first] = (await Promise.all([tx.get('a'), tx.get('b')])) as [{ n: number }, unknown];
    first.n = 99;
    expect(await tx.get('a')).toEqual({ n: 1 });
    expect(calls).toEqual({ read: 0, readMany: 1 });
    tx.put('a', { n: 2 });
    expect(await tx.get('a')).toEqual({ n: 2 });
  });
});
