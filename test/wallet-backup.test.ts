import { afterEach, describe, expect, it } from 'vitest';
import { exportStore, importStore } from '../adapters/store/backup.js';
import { makeHarness, type Harness } from './support/harness.js';

const hs: Harness[] = [];
afterEach(async () => {
  for (const h of hs.splice(0)) await h.close();
});

describe('export and import of wallets, vouchers and orders', () => {
  it('GIVEN a wallet with history, used vouchers and a paid order WHEN exported and imported into an empty store THEN credit list, vouchers and the date index come back', async () => {
    const a = await makeHarness();
    hs.push(a);
    const id = /ORD-[A-Z0-9]+/.exec(await a.text('@alice /credit buy 100 pc-demo'))![0];
    await a.run(`@alice /orders pay ${id}`);
    await a.run('@alice /voucher activate WELCOME-50 pc-demo');
    await a.run('@root /guichet admin charge pc-demo 60');
    const before = await a.text('@alice /credit list pc-demo');
    const file = await exportStore(a.engine, a.clock.now());
    expect(file.collections.vouchers).toHaveLength(3);
    expect(file.collections.wallets).toHaveLength(1);
    expect(file.collections['wallet-history']).toHaveLength(1);
    expect(file.collections['wallet-movements']).toHaveLength(1);

    const b = await makeHarness({ demo: false });
    hs.push(b);
    await importStore(b.uow, JSON.parse(JSON.stringify(file)));
    expect(await b.text('@alice /credit list pc-demo')).toBe(before);
    expect((await b.run('@alice /voucher activate WELCOME-50 pc-demo')).code).toBe('VOUCHER.ALREADY_USED');
    expect((await b.run(`@alice /orders pay ${id}`)).sections.map((s) => ('text' in s ? s.text : '')).join()).toContain('already paid');
    const due = await b.uow.run(async (tx) => ({ commit: false, result: await tx.due.until(new Date('2030-01-01'), 100) }));
    expect(due.filter((d) => d.ref === `pc-demo:CR-${id}`)).toEqual([expect.objectContaining({ kind: 'reminder:credit' })]);
  });
});
