import { afterEach, describe, expect, it } from 'vitest';
import { makeHarness, type Harness } from './support/harness.js';
import { replyToPlainText } from '../src/core/reply.js';
import type { CommitRequest, RangeOptions, StorageEngine } from '../adapters/store/engine.js';
import { expireWalletEntries, WalletBook } from '../src/flows/wallet-book.js';

let h: Harness;
afterEach(async () => h?.close());

const DAY = 86_400_000;
const orderIdOf = (t: string) => /ORD-[A-Z0-9]+/.exec(t)![0];
const walletOf = (h: Harness, project = 'pc-demo') => h.uow.run(async (tx) => ({ commit: false, result: await tx.wallets.get(project) }));

async function buyAndPay(h: Harness, amount: string) {
  const id = orderIdOf(await h.text(`@alice /credit buy ${amount} pc-demo`));
  await h.run(`@alice /orders pay ${id}`);
  return id;
}

/** Counts what the store is asked to read, to show a command's cost does not grow with history. */
class CountingEngine implements StorageEngine {
  reads = 0;
  rows = 0;
  constructor(private readonly inner: StorageEngine) {}
  read(key: string) { this.reads++; return this.inner.read(key); }
  readMany(keys: readonly string[]) { this.reads += keys.length; return this.inner.readMany(keys); }
  async range(from: string, to: string, o: RangeOptions) { const r = await this.inner.range(from, to, o); this.rows += r.length; return r; }
  commit(r: CommitRequest) { return this.inner.commit(r); }
  close() { return this.inner.close(); }
}

describe('consumption', () => {
  it('GIVEN 100 of credit and WELCOME-50 WHEN 120 is charged THEN the voucher is used up first, then 70 of credit, leaving 30', async () => {
    h = await makeHarness();
    await buyAndPay(h, '100');
    await h.run('@alice /voucher activate WELCOME-50 pc-demo');
    const charged = await h.text('@root /guichet admin charge pc-demo 120');
    expect(charged).toMatch(/voucher WELCOME-50\s+€50\.00/);
    expect(charged).toMatch(/credit ORD-\S+\s+€70\.00/);
    const w = await walletOf(h);
    expect(w?.entries.map((e) => [e.kind, e.balanceMinor])).toEqual([['credit', 3000]]);
    expect(w?.totals).toMatchObject({ addedMinor: 15000, usedMinor: 12000, consumedMinor: 12000, paidByMethodMinor: 0, unpaidMinor: 0 });
    const list = await h.text('@alice /credit list pc-demo');
    expect(list).toMatch(/1\s+credit\s+ORD-\S+\s+€100\.00\s+€30\.00\s+23 Nov 2026\s+23 Dec 2027\s+active/);
    expect(list).toMatch(/voucher\s+WELCOME-50\s+€50\.00\s+€0\.00\s+23 Nov 2026\s+21 Feb 2027\s+used up/);
    expect(list).toContain('Available: €30.00 (vouchers €0.00, credit €30.00)');
  });

  it('GIVEN two vouchers and two credits WHEN consumption is charged THEN vouchers drain first, each kind soonest expiring first, then the payment method', async () => {
    h = await makeHarness();
    await h.run('@root /guichet admin voucher issue LONG-1 10 EUR days=60');
    await h.run('@root /guichet admin voucher issue SHORT-1 10 EUR days=5');
    await h.run('@alice /voucher activate LONG-1 pc-demo');
    await h.run('@alice /voucher activate SHORT-1 pc-demo');
    await buyAndPay(h, '10');
    h.clock.advance(DAY);
    await buyAndPay(h, '10');
    const first = await h.text('@root /guichet admin charge pc-demo 15');
    expect(first.indexOf('SHORT-1')).toBeLessThan(first.indexOf('LONG-1'));
    expect(first).toMatch(/SHORT-1\s+€10\.00/);
    expect(first).toMatch(/LONG-1\s+€5\.00/);
    expect(first).not.toMatch(/credit/);
    const second = await h.text('@root /guichet admin charge pc-demo 30');
    expect(second).toMatch(/LONG-1\s+€5\.00/);
    const credits = [...second.matchAll(/credit (ORD-\S+)\s+€10\.00/g)].map((m) => m[1]);
    expect(credits).toHaveLength(2);
    expect(second).toMatch(/payment method Visa •••• 4242\s+€5\.00/);
    const w = await walletOf(h);
    expect(w?.entries).toEqual([]);
    expect(w?.totals).toMatchObject({ consumedMinor: 4500, usedMinor: 4000, paidByMethodMinor: 500, unpaidMinor: 0 });
  });

  it('GIVEN bob has no payment method and no credit WHEN consumption is charged THEN it stays an unpaid bill, shown by the audit and blocking closure', async () => {
    h = await makeHarness();
    await h.uow.run(async (tx) => {
      const pc = (await tx.services.get('pc-demo'))!;
      await tx.services.put({ ...pc, id: 'pc-bob', owner: 'bob-ovh', contacts: { admin: 'bob-ovh', billing: 'bob-ovh', tech: 'bob-ovh' } });
      return { commit: true, result: undefined };
    });
    const r = await h.run('@root /guichet admin charge pc-bob 12,34');
    expect(r.tone).toBe('warning');
    expect(replyToPlainText(r)).toMatch(/unpaid \(bill on bob-ovh\)\s+€12\.34/);
    expect((await walletOf(h, 'pc-bob'))?.totals.unpaidMinor).toBe(1234);
    expect(await h.text('@bob /account audit')).toContain('⚠️ Unpaid consumption bill(s): pc-bob €12.34');
    expect(await h.text('@bob /account close')).toContain('Unpaid consumption bill(s): pc-bob €12.34');
    expect(h.notifier.directs.some((d) => d.to === 'console:local/bob' && d.text.includes('€12.34 unpaid'))).toBe(true);
  });

  it('GIVEN bad operator input WHEN charging THEN each is refused and nothing is recorded', async () => {
    h = await makeHarness();
    expect((await h.run('@root /guichet admin charge vps-demo-1 10')).code).toBe('SERVICE.NOT_A_PROJECT');
    expect((await h.run('@root /guichet admin charge pc-demo 10 GBP')).code).toBe('AMOUNT.CURRENCY');
    expect((await h.run('@root /guichet admin charge pc-demo 0')).code).toBe('AMOUNT.ZERO');
    expect((await h.run('@alice /guichet admin charge pc-demo 10')).code).toBe('ACCESS.NOT_OPERATOR');
    expect(await walletOf(h)).toBeUndefined();
  });

  it('GIVEN 20 concurrent charges on one project on SQLite WHEN they all run THEN none is lost', async () => {
    h = await makeHarness({ engine: 'sqlite' });
    await h.run('@alice /voucher activate WELCOME-50 pc-demo');
    const replies = await Promise.all(Array.from({ length: 20 }, (_, i) => h.run(`@root /guichet admin charge pc-demo ${i + 1}`)));
    expect(replies.every((r) => r.code === undefined)).toBe(true);
    const w = await walletOf(h);
    const total = (20 * 21) / 2 * 100;
    expect(w?.totals.consumedMinor).toBe(total);
    expect(w?.totals.usedMinor).toBe(5000);
    expect(w?.totals.paidByMethodMinor).toBe(total - 5000);
    expect(w?.movementCount).toBe(20);
    const movements = await h.uow.run(async (tx) => ({ commit: false, result: await tx.wallets.movements('pc-demo', 0, 100) }));
    expect(movements.reduce((s, m) => s + m.movement.amountMinor, 0)).toBe(total);
  });
});

describe('expiry', () => {
  it('GIVEN WELCOME-50 past its 90 days WHEN listing and charging without any job THEN it is expired, its balance lost and not used', async () => {
    h = await makeHarness();
    await h.run('@alice /voucher activate WELCOME-50 pc-demo');
    await h.run('@root /guichet admin charge pc-demo 10');
    h.clock.advance(91 * DAY);
    const list = await h.text('@alice /credit list pc-demo');
    expect(list).toMatch(/WELCOME-50\s+€50\.00\s+€0\.00.*expired \(lost €40\.00\)/);
    expect(list).toContain('Lost at expiry: €40.00');
    const charged = await h.text('@root /guichet admin charge pc-demo 5');
    expect(charged).not.toContain('WELCOME-50');
    expect(charged).toMatch(/payment method .*€5\.00/);
    const w = await walletOf(h);
    expect(w?.entries).toEqual([]);
    expect(w?.totals).toMatchObject({ addedMinor: 5000, usedMinor: 1000, expiredMinor: 4000 });
    const hist = await h.uow.run(async (tx) => ({ commit: false, result: await tx.wallets.history('pc-demo', 0, 10) }));
    expect(hist[0]?.entry).toMatchObject({ state: 'expired', expiredMinor: 4000, balanceMinor: 0, finishedAt: '2027-02-21T09:00:00.000Z' });
  });

  it('GIVEN a credit past 13 months WHEN the lifecycle job expires entries THEN it reports it once and removes its due entry', async () => {
    h = await makeHarness();
    const id = await buyAndPay(h, '100');
    h.clock.advance(400 * DAY);
    const run = () => h.uow.run(async (tx) => ({ commit: true, result: await expireWalletEntries(tx, h.clock.now()) }));
    const first = await run();
    expect(first).toEqual([expect.objectContaining({ projectId: 'pc-demo', account: 'alice-ovh', entry: expect.objectContaining({ orderId: id, state: 'expired', expiredMinor: 10000 }) })]);
    expect(await run()).toEqual([]);
    const due = await h.uow.run(async (tx) => ({ commit: false, result: await tx.due.until(h.clock.now(), 100) }));
    expect(due.filter((d) => d.kind === 'credit-expiry')).toEqual([]);
    expect((await walletOf(h))?.totals.expiredMinor).toBe(10000);
  });

  it('GIVEN a voucher expiring within 30 days WHEN alice audits her account THEN it is listed with its balance', async () => {
    h = await makeHarness();
    await h.run('@alice /voucher activate WELCOME-50 pc-demo');
    expect(await h.text('@alice /account audit')).toContain('✅ No credit or voucher expiring within 30 days');
    h.clock.advance(70 * DAY);
    expect(await h.text('@alice /account audit')).toContain('⚠️ Voucher WELCOME-50 on pc-demo (€50.00 left) expires in 20 day(s)');
  });
});

describe('/credit list', () => {
  it('GIVEN 10,000 finished entries WHEN alice lists credits THEN it reads a bounded number of documents and pages the history', async () => {
    const counter: { engine?: CountingEngine } = {};
    h = await makeHarness({ wrap: (e) => (counter.engine = new CountingEngine(e)) });
    await h.uow.run(async (tx) => {
      const project = (await tx.services.get('pc-demo'))!;
      const book = await WalletBook.open(tx, project, h.clock.now());
      for (let i = 0; i < 10_000; i++) {
        book.add({ id: `V-T${i}`, kind: 'voucher', initialMinor: 100, balanceMinor: 100, currency: 'EUR', createdAt: h.clock.now().toISOString(), expiresAt: '2027-01-01T00:00:00.000Z', state: 'active', orderId: null, voucherCode: `T${i}`, expiredMinor: 0, finishedAt: null });
      }
      book.charge(10_000 * 100, h.clock.now(), undefined, { id: 'MV-BIG', by: 'test' });
      book.save();
      return { commit: true, result: undefined };
    });
    await h.run('@alice /voucher activate WELCOME-50 pc-demo');
    const engine = counter.engine!;
    engine.reads = 0;
    engine.rows = 0;
    const list = await h.text('@alice /credit list pc-demo');
    expect(engine.reads + engine.rows).toBeLessThan(40);
    expect(list).toContain('Finished (page 1/1000, newest first)');
    expect(list).toContain('WELCOME-50');
    expect(list).toContain('T9999');
    expect(list).toContain('Added in total: €10,050.00');
    const last = await h.text('@alice /credit list pc-demo page=1000');
    expect(last).toContain('T0 ');
    expect(last).not.toContain('WELCOME-50');
    expect((await h.run('@alice /credit list pc-demo page=0')).code).toBe('COMMAND.BAD_ARGUMENTS');
  });

  it('GIVEN carol, not a contact of pc-demo WHEN she lists its credits THEN she is refused', async () => {
    h = await makeHarness();
    expect((await h.run('@carol /credit list pc-demo')).code).toBe('SERVICE.NOT_FOUND');
  });
});
