import { afterEach, describe, expect, it } from 'vitest';
import type { StorageEngine } from '../adapters/store/engine.js';
import { makeHarness, type Harness } from './support/harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Counts every read that reaches the storage engine: each document read by key, and each `range`. */
class CountingEngine {
  reads = 0;
  wrap = (engine: StorageEngine): StorageEngine => ({
    read: (key) => {
      this.reads++;
      return engine.read(key);
    },
    readMany: (keys) => {
      this.reads += keys.length;
      return engine.readMany(keys);
    },
    range: (from, to, options) => {
      this.reads++;
      return engine.range(from, to, options);
    },
    commit: (request) => engine.commit(request),
    close: () => engine.close(),
  });
}

/** Store reads of one `/account audit` (or `/account close`) by bob after giving him `extra` more VPS and projects. */
async function readsOf(command: string, extra: number): Promise<number> {
  const counter = new CountingEngine();
  h = await makeHarness({ wrap: counter.wrap });
  await h.uow.run(async (tx) => {
    const bob = { admin: 'bob-ovh', billing: 'bob-ovh', tech: 'bob-ovh' };
    for (let i = 0; i < extra; i++) {
      const vps = { id: `vps-bulk-${String(i).padStart(4, '0')}`, kind: 'vps' as const, displayName: '', owner: 'bob-ovh', contacts: bob, state: 'active' as const, createdAt: h!.clock.now().toISOString(), deletedAt: null, renewal: { expiresAt: new Date(h!.clock.now().getTime() + 90 * 86_400_000).toISOString(), periodMonths: 1, mode: 'manual' as const, cancelReason: null, priceMinor: 500 } };
      await tx.services.put(vps);
      await tx.services.put({ ...vps, id: `pc-bulk-${String(i).padStart(4, '0')}`, kind: 'public-cloud-project', renewal: null });
    }
    return { commit: true, result: undefined };
  });
  const before = counter.reads;
  const out = await h.text(`@bob ${command}`);
  expect(out).not.toContain('Something went wrong');
  const reads = counter.reads - before;
  await h.close();
  h = undefined;
  return reads;
}

describe('/account audit reads what it needs once per invocation', () => {
  it('GIVEN an account with 2×N more services WHEN it audits THEN each added service costs a bounded number of reads, however many checks there are', async () => {
    const small = await readsOf('/account audit', 20);
    const large = await readsOf('/account audit', 60);
    const perService = (large - small) / 80;
    // One read of each service document and one of each project's wallet (about 1.5 per service here);
    // before, each of six checks re-read every service (about 6 per service).
    expect(perService).toBeLessThanOrEqual(1.6);
  });

  it('GIVEN an account with 2×N more services WHEN it checks closure THEN the same bound holds', async () => {
    const small = await readsOf('/account close', 20);
    const large = await readsOf('/account close', 60);
    expect((large - small) / 80).toBeLessThanOrEqual(1.6);
  });
});
