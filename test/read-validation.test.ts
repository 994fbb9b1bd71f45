import { describe, expect, it } from 'vitest';
import { DocumentCache } from '../adapters/store/document-cache.js';
import { ABSENT } from '../adapters/store/engine.js';
import { ReadValidation } from '../adapters/store/read-validation.js';
import { emptyStats } from '../adapters/store/sql-batch.js';
import { StoreUnavailableError } from '../src/ports/store.js';

/** A read validation over a fake database holding `versions` (keys with namespace); `queries` records each snapshot asked. */
function bed(versions: Record<string, number>, fail = false) {
  const queries: string[][] = [];
  const cache = new DocumentCache(100);
  const stats = emptyStats();
  const validation = new ReadValidation({
    storable: (key) => !key.includes('\u0000'),
    currentVersions: async (keys) => {
      queries.push([...keys]);
      if (fail) throw new Error('connection reset');
      return new Map(keys.filter((k) => k in versions).map((k) => [k, versions[k]!]));
    },
    cache,
    stats,
  });
  return { validation, queries, cache, stats };
}

const reads = (entries: [string, number][]) => new Map<string, number>(entries);

describe('Validation of read-only units', () => {
  it('GIVEN validations issued in the same tick WHEN checked THEN one snapshot of all their keys answers each by its own reads, and a stale one forgets what it read', async () => {
    const { validation, queries, cache, stats } = bed({ 'guichet:k:a': 1, 'guichet:k:b': 2 });
    cache.remember('k:b', { version: 1, json: '"old"', check: undefined });
    cache.remember('k:a', { version: 1, json: '"a"', check: undefined });
    const oks = await Promise.all([
      validation.validate(reads([['k:a', 1], ['k:gone', ABSENT]])),
      validation.validate(reads([['k:a', 1], ['k:b', 1]])),
    ]);
    expect(oks).toEqual([true, false]);
    expect(queries).toEqual([['guichet:k:a', 'guichet:k:gone', 'guichet:k:b']]);
    expect(stats).toMatchObject({ checks: 1, statements: 1 });
    expect(cache.has('k:b')).toBe(false);
    expect(cache.has('k:a')).toBe(false);
  });

  it('GIVEN a validation in flight WHEN others arrive meanwhile THEN they share the next snapshot', async () => {
    const { validation, queries } = bed({ 'guichet:k:a': 1 });
    const first = validation.validate(reads([['k:a', 1]]));
    await Promise.resolve();
    await Promise.resolve();
    const later = [validation.validate(reads([['k:a', 1]])), validation.validate(reads([['k:b', 1]]))];
    expect(await Promise.all([first, ...later])).toEqual([true, true, false]);
    expect(queries).toEqual([['guichet:k:a'], ['guichet:k:a', 'guichet:k:b']]);
  });

  it('GIVEN only keys the database cannot hold WHEN validated THEN they count as absent, with no query', async () => {
    const { validation, queries, stats } = bed({});
    expect(await Promise.all([validation.validate(reads([['k:\u0000', ABSENT]])), validation.validate(reads([['k:\u0000', 3]]))])).toEqual([true, false]);
    expect(queries).toEqual([]);
    expect(stats).toMatchObject({ checks: 0, statements: 0 });
  });

  it('GIVEN a database error WHEN the snapshot is read THEN every validation of the batch rejects with StoreUnavailableError', async () => {
    const { validation } = bed({}, true);
    const results = await Promise.allSettled([validation.validate(reads([['k:a', 1]])), validation.validate(reads([['k:b', 1]]))]);
    expect(results.map((r) => r.status === 'rejected' && r.reason instanceof StoreUnavailableError)).toEqual([true, true]);
  });

  it('GIVEN queued validations WHEN drained is awaited THEN every one is answered first', async () => {
    const { validation } = bed({ 'guichet:k:a': 1 });
    expect(validation.drained).toBeUndefined();
    const answered: boolean[] = [];
    void validation.validate(reads([['k:a', 1]])).then((ok) => answered.push(ok));
    await validation.drained;
    expect(answered).toEqual([true]);
    expect(validation.drained).toBeUndefined();
  });
});
