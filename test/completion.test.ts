import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMPLETERS, MAX_SUGGESTIONS } from '../src/core/completion.js';
import { consoleUser, makeHarness, type Harness } from './support/harness.js';

let h: Harness;
beforeEach(async () => { h = await makeHarness(); });
afterEach(async () => { await h.close(); });

const write = (body: (tx: Parameters<Parameters<Harness['uow']['run']>[0]>[0]) => Promise<void>) =>
  h.uow.run(async (tx) => { await body(tx); return { commit: true, result: undefined }; });

describe('suggestItems (autocomplete through the core)', () => {
  it('GIVEN 40 services of alice WHEN she completes with no input THEN at most 25 of hers come back, prefix matches first', async () => {
    await write(async (tx) => {
      for (let i = 0; i < 40; i++) {
        await tx.services.put({ id: `zz-extra-${i}`, kind: 'vps', displayName: i === 7 ? 'vps-like' : '', owner: 'alice-ovh', contacts: { admin: 'alice-ovh', billing: 'alice-ovh', tech: 'alice-ovh' }, state: 'active', renewal: null, createdAt: new Date(0).toISOString(), deletedAt: null });
      }
    });
    const all = await h.core.suggest(consoleUser('alice'), 'service', '');
    expect(all).toHaveLength(MAX_SUGGESTIONS);
    const vps = await h.core.suggest(consoleUser('alice'), 'service', 'VPS');
    expect(vps.map((s) => s.value)).toEqual(['vps-demo-1', 'zz-extra-7']);
    expect((await h.core.suggest(consoleUser('bob'), 'service', 'demo')).map((s) => s.value)).toEqual(['ks-demo']);
    expect((await h.core.suggest(consoleUser('alice'), 'project', '')).map((s) => s.value)).toEqual(['pc-demo']);
  });

  it('GIVEN orders of two accounts WHEN one completes an order THEN only their own orders match', async () => {
    const order = (id: string, account: string) => ({
      id, account, createdAt: new Date(0).toISOString(), currency: 'EUR', lines: [{ kind: 'cloud-credit' as const, description: 'credit', serviceId: 'pc-demo', amountMinor: 100 }],
      taxRateBp: 2000, totalExclMinor: 100, taxMinor: 20, totalInclMinor: 120, state: 'awaiting-payment' as const, steps: [], paidWith: null,
    });
    await write(async (tx) => { tx.orders.put(order('ORD-AAAA11', 'alice-ovh')); tx.orders.put(order('ORD-BBBB22', 'bob-ovh')); });
    expect((await h.core.suggest(consoleUser('alice'), 'order', 'ord')).map((s) => s.value)).toEqual(['ORD-AAAA11']);
    expect(await h.core.suggest(consoleUser('alice'), 'order', 'bbbb')).toEqual([]);
  });

  it('GIVEN accounts WHEN a non-operator completes an account THEN only their own is offered; an operator sees matching accounts', async () => {
    expect((await h.core.suggest(consoleUser('bob'), 'account', '')).map((s) => s.value)).toEqual(['bob-ovh']);
    expect((await h.core.suggest(consoleUser('root'), 'account', 'ovh')).map((s) => s.value)).toEqual(['alice-ovh', 'bob-ovh', 'carol-ovh', 'dave-ovh']);
    expect(await h.core.suggest(consoleUser('nobody'), 'service', '')).toEqual([]);
  });

  it('GIVEN a kind nobody completes yet WHEN asked THEN the answer is empty, not an error', async () => {
    const saved = COMPLETERS.request;
    delete COMPLETERS.request;
    expect(await h.core.suggest(consoleUser('alice'), 'request', 'x')).toEqual([]);
    if (saved) COMPLETERS.request = saved;
  });
});
