import { describe, expect, it, vi } from 'vitest';
import { DocumentCache } from '../adapters/store/document-cache.js';
import { ABSENT, type CommitRequest, EncodedDocument } from '../adapters/store/engine.js';
import { GroupCommit } from '../adapters/store/group-commit.js';
import { type BatchRead, type BatchResult, type BatchWrite, emptyStats, prefixed } from '../adapters/store/sql-batch.js';
import { StoreUnavailableError } from '../src/ports/store.js';

type Batch = { reads: readonly BatchRead[]; writes: readonly BatchWrite[] };

/** A group commit over a fake database: `answer` decides what each batch gets; `log` records the order of events. */
function bed(answer: (batch: Batch) => Promise<BatchResult> = async () => ({ version: 7, failed: new Set(), statements: 1 })) {
  const batches: Batch[] = [];
  const log: string[] = [];
  const cache = new DocumentCache(100);
  const stats = emptyStats();
  const group = new GroupCommit({
    encode: (key, value, owner) => {
      if (key.startsWith('bad:')) throw new Error(`cannot hold ${key}`);
      const json = value === null ? null : value instanceof EncodedDocument ? value.json : JSON.stringify(value);
      return { key: prefixed(key), raw: json, json, owner };
    },
    storable: (key) => !key.includes('\u0000'),
    apply: (reads, writes) => {
      batches.push({ reads, writes });
      log.push('apply');
      return answer({ reads, writes }).then(
        (result) => (log.push('answered'), result),
        (error: unknown) => (log.push('failed'), Promise.reject(error)),
      );
    },
    nextGeneration: () => void log.push('generation'),
    cache,
    stats,
  });
  const submit = (name: string, request: CommitRequest) =>
    group.submit(request).then(
      (ok) => (log.push(`${name} ${ok}`), ok),
      (error: unknown) => (log.push(`${name} rejected`), Promise.reject(error)),
    );
  return { group, batches, log, cache, stats, submit };
}

const writes = (entries: [string, unknown][]) => new Map<string, unknown>(entries);
const reads = (entries: [string, number][]) => new Map<string, number>(entries);

describe('Group commit', () => {
  it('GIVEN three commits issued in the same tick WHEN flushed THEN they share one batch, owners in order, and all pass', async () => {
    const { submit, batches, stats } = bed();
    const oks = await Promise.all([
      submit('a', { reads: reads([['r:a', 1]]), writes: writes([['k:a', 1]]) }),
      submit('b', { reads: reads([['r:b', 2]]), writes: writes([['k:b', 2]]) }),
      submit('c', { reads: reads([]), writes: writes([['k:c', 3]]) }),
    ]);
    expect(oks).toEqual([true, true, true]);
    expect(batches).toHaveLength(1);
    expect(batches[0]!.writes.map((w) => [w.key, w.owner])).toEqual([['guichet:k:a', 0], ['guichet:k:b', 1], ['guichet:k:c', 2]]);
    expect(batches[0]!.reads).toEqual([{ key: 'guichet:r:a', version: 1, owner: 0 }, { key: 'guichet:r:b', version: 2, owner: 1 }]);
    expect(stats).toMatchObject({ commits: 1, units: 3, documents: 3, statements: 1, refused: 0 });
  });

  it('GIVEN more commits at once than a batch is split above WHEN flushed THEN a batch takes half of them and the rest go in the next one; a few commits stay one batch', async () => {
    const many = bed();
    const oks = await Promise.all(Array.from({ length: 20 }, (_, i) => many.submit(`c${i}`, { reads: reads([]), writes: writes([[`k:${i}`, i]]) })));
    expect(oks.every(Boolean)).toBe(true);
    expect(many.batches.map((b) => b.writes.length)).toEqual([10, 10]);
    const few = bed();
    await Promise.all(Array.from({ length: 5 }, (_, i) => few.submit(`c${i}`, { reads: reads([]), writes: writes([[`k:${i}`, i]]) })));
    expect(few.batches.map((b) => b.writes.length)).toEqual([5]);
  });

  it('GIVEN a batch in flight WHEN commits arrive meanwhile THEN they wait and go together in the next batch', async () => {
    let release!: () => void;
    const first = new Promise<void>((r) => (release = r));
    const { submit, batches } = bed(async () => {
      if (batches.length === 1) await first;
      return { version: batches.length, failed: new Set(), statements: 1 };
    });
    const a = submit('a', { reads: reads([]), writes: writes([['k:a', 1]]) });
    await vi.waitFor(() => expect(batches).toHaveLength(1));
    const later = [submit('b', { reads: reads([]), writes: writes([['k:b', 1]]) }), submit('c', { reads: reads([]), writes: writes([['k:c', 1]]) })];
    release();
    expect(await Promise.all([a, ...later])).toEqual([true, true, true]);
    expect(batches.map((b) => b.writes.map((w) => w.key))).toEqual([['guichet:k:a'], ['guichet:k:b', 'guichet:k:c']]);
  });

  it('GIVEN a commit reading a key an earlier commit of its batch writes WHEN flushed THEN it is superseded: left out of the batch, false after the others, counted refused', async () => {
    const { submit, batches, log, stats } = bed();
    const oks = await Promise.all([
      submit('writer', { reads: reads([]), writes: writes([['k:x', 1]]) }),
      submit('reader', { reads: reads([['k:x', 3]]), writes: writes([['k:y', 1]]) }),
      submit('other', { reads: reads([['k:z', 1]]), writes: writes([['k:w', 1]]) }),
    ]);
    expect(oks).toEqual([true, false, true]);
    expect(batches).toHaveLength(1);
    expect(batches[0]!.writes.map((w) => [w.key, w.owner])).toEqual([['guichet:k:x', 0], ['guichet:k:w', 1]]);
    expect(batches[0]!.reads).toEqual([{ key: 'guichet:k:z', version: 1, owner: 1 }]);
    expect(log).toEqual(['apply', 'answered', 'generation', 'writer true', 'other true', 'reader false']);
    expect(stats).toMatchObject({ units: 2, refused: 1, documents: 2 });
  });

  it('GIVEN a database error WHEN the batch is applied THEN every accepted commit rejects with StoreUnavailableError after the generation bump, superseded ones resolve false, their writes leave the cache', async () => {
    const { submit, log, cache } = bed(async () => Promise.reject(new Error('connection reset')));
    cache.remember('k:a', { version: 1, json: '"old"', check: undefined });
    const results = await Promise.allSettled([
      submit('a', { reads: reads([]), writes: writes([['k:a', 1]]) }),
      submit('b', { reads: reads([['k:a', 1]]), writes: writes([['k:b', 1]]) }),
      submit('c', { reads: reads([]), writes: writes([['k:c', 1]]) }),
    ]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).constructor))).toEqual([StoreUnavailableError, false, StoreUnavailableError]);
    expect(log).toEqual(['apply', 'failed', 'generation', 'a rejected', 'c rejected', 'b false']);
    expect(cache.has('k:a')).toBe(false);
  });

  it('GIVEN a commit whose write cannot be encoded WHEN flushed THEN it alone rejects with that error and the others keep consecutive owners', async () => {
    const { submit, batches } = bed();
    const results = await Promise.allSettled([
      submit('a', { reads: reads([]), writes: writes([['k:a', 1]]) }),
      submit('bad', { reads: reads([]), writes: writes([['bad:key', 1]]) }),
      submit('c', { reads: reads([['k:r', 2]]), writes: writes([['k:c', 1]]) }),
    ]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([true, 'cannot hold bad:key', true]);
    expect(batches[0]!.writes.map((w) => [w.key, w.owner])).toEqual([['guichet:k:a', 0], ['guichet:k:c', 1]]);
    expect(batches[0]!.reads).toEqual([{ key: 'guichet:k:r', version: 2, owner: 1 }]);
  });

  it('GIVEN a read of a key the database cannot hold WHEN flushed THEN it is not sent to the database', async () => {
    const { submit, batches } = bed();
    expect(await submit('a', { reads: reads([['k:\u0000', ABSENT], ['k:r', 1]]), writes: writes([['k:a', 1]]) })).toBe(true);
    expect(batches[0]!.reads.map((r) => r.key)).toEqual(['guichet:k:r']);
  });

  it('GIVEN a commit the database refuses WHEN answered THEN it resolves false, what it read leaves the cache, and only the cached documents the others wrote are refreshed', async () => {
    const { submit, cache, stats } = bed(async () => ({ version: 9, failed: new Set([1]), statements: 3, fallback: true }));
    const check = vi.fn((_key: string, value: unknown) => value);
    cache.remember('k:a', { version: 1, json: '"old"', check: undefined });
    cache.remember('k:gone', { version: 1, json: '"old"', check: undefined });
    cache.remember('k:read', { version: 1, json: '"old"', check: undefined });
    cache.remember('k:b', { version: 1, json: '"old"', check: undefined });
    const oks = await Promise.all([
      submit('a', { reads: reads([]), writes: writes([['k:a', new EncodedDocument({ n: 1 }, check)], ['k:gone', null], ['k:new', 1]]) }),
      submit('b', { reads: reads([['k:read', 1]]), writes: writes([['k:b', 2]]) }),
    ]);
    expect(oks).toEqual([true, false]);
    expect(cache.answer('k:a', check)).toEqual({ value: { n: 1 }, version: 9, checked: true });
    expect(check).not.toHaveBeenCalled();
    expect(cache.answer('k:gone', undefined)).toEqual({ value: undefined, version: ABSENT });
    expect(cache.has('k:new')).toBe(false);
    expect(cache.has('k:read')).toBe(false);
    expect(cache.answer('k:b', undefined)).toEqual({ value: 'old', version: 1 });
    expect(stats).toMatchObject({ commits: 1, units: 2, documents: 3, statements: 3, refused: 1, fallbacks: 1 });
  });

  it('GIVEN queued commits WHEN drained is awaited THEN every one is answered first, and nothing is left to wait for after', async () => {
    const { group, submit, log } = bed();
    expect(group.drained).toBeUndefined();
    void submit('a', { reads: reads([]), writes: writes([['k:a', 1]]) });
    void submit('b', { reads: reads([]), writes: writes([['k:b', 1]]) });
    await group.drained;
    expect(log).toEqual(['apply', 'answered', 'generation', 'a true', 'b true']);
    expect(group.drained).toBeUndefined();
  });
});
