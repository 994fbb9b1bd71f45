import { afterEach, describe, expect, it } from 'vitest';
import { makeHarness, type Harness } from './support/harness.js';
import { replyToPlainText } from '../src/core/reply.js';

let h: Harness;
afterEach(async () => h?.close());

/** The order ID in a reply. */
function orderIdOf(text: string): string {
  const m = /ORD-[A-Z0-9]+/.exec(text);
  if (!m) throw new Error(`no order in: ${text}`);
  return m[0];
}

async function wallet(h: Harness, project = 'pc-demo') {
  return h.uow.run(async (tx) => ({ commit: false, result: await tx.wallets.get(project) }));
}

describe('/credit buy', () => {
  it('GIVEN alice, billing contact of pc-demo WHEN she buys 1 000,00 EUR THEN an order awaiting payment shows excl., tax, total, the terms and a Pay button', async () => {
    h = await makeHarness();
    const r = await h.run('@alice /credit buy 1 000,00 EUR pc-demo');
    const t = replyToPlainText(r);
    expect(r.code).toBeUndefined();
    expect(t).toContain('Amount excl. tax: €1,000.00');
    expect(t).toContain('Tax (20 %): €200.00');
    expect(t).toContain('Total incl. tax: €1,200.00');
    expect(t).toMatch(/cannot be transferred or refunded.*no monetary value.*13 months after its purchase is lost/);
    const id = orderIdOf(t);
    expect(r.actions?.[0]?.typed).toBe(`orders pay ${id}`);
    const order = await h.uow.run(async (tx) => ({ commit: false, result: await tx.orders.get(id) }));
    expect(order).toMatchObject({ state: 'awaiting-payment', totalExclMinor: 100000, taxMinor: 20000, totalInclMinor: 120000, currency: 'EUR', taxRateBp: 2000 });
    const due = await h.uow.run(async (tx) => ({ commit: false, result: await tx.due.until(new Date('2030-01-01'), 100) }));
    expect(due).toContainEqual({ at: '2026-11-24T09:00:00.000Z', kind: 'order-unpaid', ref: id });
  });

  it('GIVEN a configured tax table WHEN alice buys THEN the rate of her subsidiary applies', async () => {
    h = await makeHarness({ config: { taxRates: { FR: 550 } } });
    const t = await h.text('@alice /credit buy 100 pc-demo');
    expect(t).toContain('Tax (5.5 %): €5.50');
    expect(t).toContain('Total incl. tax: €105.50');
  });

  it('GIVEN a French reader WHEN alice buys THEN amounts and terms are in French', async () => {
    h = await makeHarness();
    const t = replyToPlainText(await h.run('@alice /credit buy 1 000,00 pc-demo', { locale: 'fr' }));
    expect(t).toMatch(/Montant HT : 1\s000,00\s€/);
    expect(t).toMatch(/Total TTC : 1\s200,00\s€/);
    expect(t).toContain('ne peut être ni transféré ni remboursé');
  });

  it('GIVEN bob, not a contact of pc-demo WHEN he buys credit on it THEN he is refused and no order exists', async () => {
    h = await makeHarness();
    const r = await h.run('@bob /credit buy 100 pc-demo');
    expect(r.code).toBe('SERVICE.NOT_FOUND');
    const orders = await h.uow.run(async (tx) => ({ commit: false, result: await tx.orders.listForAccount('bob-ovh') }));
    expect(orders.items).toHaveLength(0);
  });

  it('GIVEN a service that is not a Public Cloud project WHEN alice buys credit on it THEN she is told why', async () => {
    h = await makeHarness();
    expect((await h.run('@alice /credit buy 100 vps-demo-1')).code).toBe('SERVICE.NOT_A_PROJECT');
  });

  it.each([
    ['100 GBP', 'AMOUNT.CURRENCY'],
    ['0', 'AMOUNT.ZERO'],
    ['-10', 'AMOUNT.NEGATIVE'],
    ['10.123', 'AMOUNT.DECIMALS'],
    ['1e3', 'AMOUNT.EXPONENT'],
    ['lots', 'AMOUNT.NOT_A_NUMBER'],
    ['100 001', 'AMOUNT.TOO_LARGE'],
  ])('GIVEN the bad amount %s WHEN alice buys THEN it is refused (%s) and nothing is written', async (amount, code) => {
    h = await makeHarness();
    const r = await h.run(`@alice /credit buy ${amount} pc-demo`);
    expect(r.code).toBe(code);
    expect(r.tone).toBe('error');
    expect(replyToPlainText(r)).toMatch(/Type|Write/);
    const orders = await h.uow.run(async (tx) => ({ commit: false, result: await tx.orders.listForAccount('alice-ovh') }));
    expect(orders.items).toHaveLength(0);
  });

  it('GIVEN GUICHET_CREDIT_MAX lowered WHEN alice buys more THEN the configured maximum is enforced', async () => {
    h = await makeHarness({ config: { creditMaxMinor: 500_00 } });
    expect((await h.run('@alice /credit buy 501 pc-demo')).code).toBe('AMOUNT.TOO_LARGE');
    expect((await h.run('@alice /credit buy 500 pc-demo')).code).toBeUndefined();
  });
});

describe('/voucher activate', () => {
  it('GIVEN WELCOME-50 WHEN alice activates it in lower case THEN 50 EUR valid 90 days appears in the wallet', async () => {
    h = await makeHarness();
    const r = await h.run('@alice /voucher activate welcome-50 pc-demo');
    expect(r.code).toBeUndefined();
    const w = await wallet(h);
    expect(w?.entries).toEqual([
      expect.objectContaining({ kind: 'voucher', voucherCode: 'WELCOME-50', initialMinor: 5000, balanceMinor: 5000, createdAt: '2026-11-23T09:00:00.000Z', expiresAt: '2027-02-21T09:00:00.000Z' }),
    ]);
  });

  it('GIVEN WELCOME-50 activated WHEN anyone activates it again THEN it is refused: a code works once', async () => {
    h = await makeHarness();
    await h.run('@alice /voucher activate WELCOME-50');
    const again = await h.run('@alice /voucher activate WELCOME-50 pc-demo');
    expect(again.code).toBe('VOUCHER.ALREADY_USED');
    expect((await wallet(h))?.entries).toHaveLength(1);
  });

  it('GIVEN UK-30 limited to GB WHEN alice activates it on her FR project THEN it is refused with the subsidiary', async () => {
    h = await makeHarness();
    const r = await h.run('@alice /voucher activate UK-30 pc-demo');
    expect(r.code).toBe('VOUCHER.SUBSIDIARY');
    expect(replyToPlainText(r)).toMatch(/GB subsidiary.*FR/);
    expect(await wallet(h)).toBeUndefined();
  });

  it('GIVEN EXPIRED-10 WHEN alice activates it THEN it is refused with the one answer for unusable codes', async () => {
    h = await makeHarness();
    const r = await h.run('@alice /voucher activate EXPIRED-10 pc-demo');
    expect(r.code).toBe('VOUCHER.NOT_AVAILABLE');
    expect(replyToPlainText(r)).toContain('unknown, expired or already used');
  });

  it('GIVEN an unknown code WHEN activated THEN it is refused as not available; a malformed code gets the expected form', async () => {
    h = await makeHarness();
    expect((await h.run('@alice /voucher activate NOPE-1 pc-demo')).code).toBe('VOUCHER.NOT_AVAILABLE');
    const bad = await h.run('@alice /voucher activate "!!" pc-demo');
    expect(bad.code).toBe('COMMAND.BAD_ARGUMENTS');
    expect(replyToPlainText(bad)).toContain('letters, digits and dashes');
  });

  it('GIVEN bob, not a contact WHEN he activates a voucher on pc-demo THEN he is refused and the code stays unused', async () => {
    h = await makeHarness();
    expect((await h.run('@bob /voucher activate WELCOME-50 pc-demo')).code).toBe('SERVICE.NOT_FOUND');
    expect((await h.run('@alice /voucher activate WELCOME-50 pc-demo')).code).toBeUndefined();
  });

  it('GIVEN two projects racing for one code on SQLite WHEN both activate at once THEN exactly one gets it', async () => {
    h = await makeHarness({ engine: 'sqlite' });
    await h.uow.run(async (tx) => {
      const pc = (await tx.services.get('pc-demo'))!;
      await tx.services.put({ ...pc, id: 'pc-two' });
      return { commit: true, result: undefined };
    });
    const [a, b] = await Promise.all([h.run('@alice /voucher activate WELCOME-50 pc-demo'), h.run('@alice /voucher activate WELCOME-50 pc-two')]);
    expect([a.code, b.code].sort()).toEqual([undefined, 'VOUCHER.ALREADY_USED'].sort());
    const both = [(await wallet(h, 'pc-demo'))?.entries.length ?? 0, (await wallet(h, 'pc-two'))?.entries.length ?? 0];
    expect(both[0]! + both[1]!).toBe(1);
  });

  it('GIVEN an operator issues a code WHEN alice activates it THEN its amount, subsidiary and validity apply', async () => {
    h = await makeHarness();
    const issued = await h.run('@root /guichet admin voucher issue spring-25 25.00 EUR days=10 subsidiary=fr');
    expect(issued.code).toBeUndefined();
    expect((await h.run('@root /guichet admin voucher issue SPRING-25 5 EUR')).code).toBe('VOUCHER.EXISTS');
    expect((await h.run('@alice /guichet admin voucher issue X-1 5 EUR')).code).toBe('ACCESS.NOT_OPERATOR');
    expect((await h.run('@root /guichet admin voucher issue X-2 5 XYZ')).code).toBe('COMMAND.BAD_ARGUMENTS');
    expect((await h.run('@alice /voucher activate Spring-25 pc-demo')).code).toBeUndefined();
    expect((await wallet(h))?.entries[0]).toMatchObject({ voucherCode: 'SPRING-25', initialMinor: 2500, expiresAt: '2026-12-03T09:00:00.000Z' });
  });

  it('GIVEN an operator issuing vouchers WHEN the subsidiary is unknown, the validity is 0 days or the amount is over the limit THEN each is refused with a voucher-specific message, in English and French, and nothing is issued', async () => {
    h = await makeHarness();
    const zz = await h.run('@root /guichet admin voucher issue ZZ-5 5 EUR subsidiary=ZZ');
    expect(zz.code).toBe('VOUCHER.UNKNOWN_SUBSIDIARY');
    expect(await h.text('@root /guichet admin voucher issue ZZ-5 5 EUR subsidiary=ZZ')).toMatch(/ZZ is not a subsidiary Guichet knows\. Type one of .*FR.*GB/);
    const zero = await h.text('@root /guichet admin voucher issue ZERO-5 5 EUR days=0');
    expect(zero).toContain('a voucher must stay usable 1 to 3650 days after its activation');
    expect(zero).not.toContain('at least 1 day');
    expect((await h.run('@root /guichet admin voucher issue LONG-5 5 EUR days=3651')).code).toBe('VOUCHER.VALIDITY');
    const big = await h.run('@root /guichet admin voucher issue BIG-5 100001 EUR');
    expect(big.code).toBe('VOUCHER.AMOUNT_TOO_LARGE');
    const bigText = await h.text('@root /guichet admin voucher issue BIG-5 100001 EUR');
    expect(bigText).toContain('A voucher is worth at most 100000 EUR');
    expect(bigText).not.toContain('orders');
    const fr = await h.run('@root /guichet admin voucher issue ZZ-6 5 EUR subsidiary=ZZ', { locale: 'fr' });
    expect(fr.sections.map((x) => ('text' in x ? x.text : '')).join(' ')).toContain('n’est pas une filiale connue de Guichet');
    for (const code of ['ZZ-5', 'ZZ-6', 'ZERO-5', 'LONG-5', 'BIG-5']) {
      expect(await h.uow.run(async (tx) => ({ commit: false, result: await tx.vouchers.get(code) })), code).toBeUndefined();
    }
    expect((await h.run('@root /guichet admin voucher issue OK-5 5 EUR days=1 subsidiary=gb')).code).toBeUndefined();
  });
});
