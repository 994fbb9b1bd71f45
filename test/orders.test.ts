import { afterEach, describe, expect, it } from 'vitest';
import { consoleUser, makeHarness, type Harness } from './support/harness.js';
import { replyToPlainText } from '../src/core/reply.js';
import { payOrder } from '../src/flows/order-flow.js';
import { deliverCloudCredit } from '../src/flows/credit-delivery.js';

let h: Harness;
afterEach(async () => h?.close());

function orderIdOf(text: string): string {
  const m = /ORD-[A-Z0-9]+/.exec(text);
  if (!m) throw new Error(`no order in: ${text}`);
  return m[0];
}
const read = <T>(h: Harness, f: (tx: Parameters<Parameters<Harness['uow']['run']>[0]>[0]) => Promise<T>) =>
  h.uow.run(async (tx) => ({ commit: false, result: await f(tx) }));
const credits = async (h: Harness, project = 'pc-demo') => ((await read(h, (tx) => tx.wallets.get(project)))?.entries ?? []).filter((e) => e.kind === 'credit');

/** Gives bob-ovh (no payment method) a project of his own. */
async function giveBobAProject(h: Harness) {
  await h.uow.run(async (tx) => {
    const pc = (await tx.services.get('pc-demo'))!;
    await tx.services.put({ ...pc, id: 'pc-bob', owner: 'bob-ovh', contacts: { admin: 'bob-ovh', billing: 'bob-ovh', tech: 'bob-ovh' } });
    return { commit: true, result: undefined };
  });
}

describe('/orders pay', () => {
  it('GIVEN an order for 100 EUR of credit WHEN alice pays it THEN it goes through every step and the credit appears, lost 13 calendar months later', async () => {
    h = await makeHarness({ now: '2027-01-31T10:00:00.000Z' });
    const id = orderIdOf(await h.text('@alice /credit buy 100 pc-demo'));
    h.clock.advance(3_600_000);
    const paid = await h.text(`@alice /orders pay ${id.toLowerCase()}`);
    expect(paid).toContain(`Order ${id} paid: €120.00. It is delivered.\nPaid with: Visa •••• 4242`);
    const order = await read(h, (tx) => tx.orders.get(id));
    expect(order?.state).toBe('delivered');
    expect(order?.paidWith).toBe('pm-alice-card');
    expect(order?.steps).toEqual([
      { state: 'awaiting-payment', at: '2027-01-31T10:00:00.000Z' },
      { state: 'payment-received', at: '2027-01-31T11:00:00.000Z' },
      { state: 'processing', at: '2027-01-31T11:00:00.000Z' },
      { state: 'delivered', at: '2027-01-31T11:00:00.000Z' },
    ]);
    expect(await credits(h)).toEqual([expect.objectContaining({
      initialMinor: 10000, balanceMinor: 10000, orderId: id, createdAt: '2027-01-31T11:00:00.000Z', expiresAt: '2028-02-29T11:00:00.000Z', state: 'active',
    })]);
    const due = await read(h, (tx) => tx.due.until(new Date('2030-01-01'), 100));
    expect(due.find((d) => d.kind === 'order-unpaid')).toBeUndefined();
    // The credit's one due entry: reminders first (the job moves it to their thresholds), then its expiry.
    expect(due.filter((d) => d.ref === `pc-demo:CR-${id}`)).toEqual([{ at: '2027-02-28T11:00:00.000Z', kind: 'reminder:credit', ref: `pc-demo:CR-${id}` }]);
    expect(h.notifier.directs.some((d) => d.to === 'console:local/alice' && d.text.includes(`Order ${id} paid`))).toBe(true);
  });

  it('GIVEN a paid order WHEN alice pays it again THEN nothing is charged again and the credit is there once', async () => {
    h = await makeHarness();
    const id = orderIdOf(await h.text('@alice /credit buy 100 pc-demo'));
    await h.run(`@alice /orders pay ${id}`);
    const again = await h.run(`@alice /orders pay ${id}`);
    expect(replyToPlainText(again)).toContain('already paid');
    expect(await credits(h)).toHaveLength(1);
  });

  it('GIVEN the platform delivers the same purchase twice WHEN payOrder and the delivery run again THEN the credit appears once', async () => {
    h = await makeHarness();
    const id = orderIdOf(await h.text('@alice /credit buy 100 pc-demo'));
    const first = await h.uow.run(async (tx) => ({ commit: true, result: await payOrder(tx, id, h.clock.now(), 'Europe/Paris') }));
    expect(first).toMatchObject({ status: 'paid' });
    const second = await h.uow.run(async (tx) => ({ commit: true, result: await payOrder(tx, id, h.clock.now(), 'Europe/Paris') }));
    expect(second).toMatchObject({ status: 'already-paid' });
    await h.uow.run(async (tx) => {
      const order = (await tx.orders.get(id))!;
      await deliverCloudCredit(tx, order, 0, h.clock.now(), 'Europe/Paris');
      await deliverCloudCredit(tx, order, 0, h.clock.now(), 'Europe/Paris');
      return { commit: true, result: undefined };
    });
    expect(await credits(h)).toHaveLength(1);
    expect((await read(h, (tx) => tx.wallets.get('pc-demo')))?.totals.addedMinor).toBe(10000);
  });

  it('GIVEN two /orders pay of the same order at once on SQLite WHEN both run THEN the credit appears once', async () => {
    h = await makeHarness({ engine: 'sqlite' });
    const id = orderIdOf(await h.text('@alice /credit buy 100 pc-demo'));
    const replies = await Promise.all([1, 2, 3].map(() => h.run(`@alice /orders pay ${id}`)));
    const texts = replies.map(replyToPlainText);
    expect(texts.filter((t) => t.includes(`Order ${id} paid`))).toHaveLength(1);
    expect(texts.filter((t) => t.includes('already paid'))).toHaveLength(2);
    expect(await credits(h)).toHaveLength(1);
  });

  it('GIVEN the Pay button WHEN alice clicks it twice THEN the order is paid once', async () => {
    h = await makeHarness();
    const r = await h.run('@alice /credit buy 100 pc-demo');
    const button = r.actions![0]!;
    const one = await h.core.click({ id: 'k1', user: consoleUser('alice'), actionId: button.id });
    const two = await h.core.click({ id: 'k2', user: consoleUser('alice'), actionId: button.id });
    expect(replyToPlainText(one)).toContain('paid');
    expect(replyToPlainText(two)).toContain('Already done');
    expect(await credits(h)).toHaveLength(1);
    const foreign = await h.core.click({ id: 'k3', user: consoleUser('bob'), actionId: button.id });
    expect(foreign.code).toBe('ACTION.FOREIGN');
  });

  it('GIVEN bob has no payment method WHEN he pays his order THEN he is told how to add one and the order still awaits payment', async () => {
    h = await makeHarness();
    await giveBobAProject(h);
    const id = orderIdOf(await h.text('@bob /credit buy 100 pc-bob'));
    const r = await h.run(`@bob /orders pay ${id}`);
    expect(r.code).toBe('ORDER.NO_PAYMENT_METHOD');
    expect(replyToPlainText(r)).toContain('Billing › Payment methods');
    expect((await read(h, (tx) => tx.orders.get(id)))?.state).toBe('awaiting-payment');
    expect(await credits(h, 'pc-bob')).toHaveLength(0);
  });

  it("GIVEN alice's order WHEN bob shows or pays it THEN he is told there is no such order of his", async () => {
    h = await makeHarness();
    const id = orderIdOf(await h.text('@alice /credit buy 100 pc-demo'));
    expect((await h.run(`@bob /orders show ${id}`)).code).toBe('ORDER.NOT_FOUND');
    expect((await h.run(`@bob /orders pay ${id}`)).code).toBe('ORDER.NOT_FOUND');
    expect((await h.run('@alice /orders pay ORD-NOPE')).code).toBe('ORDER.NOT_FOUND');
  });
});

describe('/orders and /orders show', () => {
  it('GIVEN an order awaiting payment WHEN alice lists and shows it THEN she sees the state, totals, steps and "payment required"', async () => {
    h = await makeHarness();
    const id = orderIdOf(await h.text('@alice /credit buy 100 pc-demo'));
    const list = await h.text('@alice /orders');
    expect(list).toContain(id);
    expect(list).toContain('awaiting payment');
    const show = await h.run(`@alice /orders show ${id}`);
    const t = replyToPlainText(show);
    expect(t).toContain('Total incl. tax: €120.00');
    expect(t).toContain(`Payment required: type /orders pay ${id} (or /orders cancel ${id}).`);
    expect(show.actions?.[0]?.typed).toBe(`orders pay ${id}`);
    await h.run(`@alice /orders pay ${id}`);
    const after = await h.text(`@alice /orders show ${id}`);
    expect(after).toMatch(/payment received\s+23 Nov 2026, 10:00/);
    expect(after).toMatch(/delivered\s+23 Nov 2026, 10:00/);
    expect(after).toContain('credit added, expires 23 Dec 2027');
    expect(after).toContain('Nothing to do on your side.');
  });

  it('GIVEN more orders than a page WHEN alice lists them THEN the next page is reachable with before=', async () => {
    h = await makeHarness();
    for (let i = 0; i < 17; i++) {
      await h.run('@alice /credit buy 10 pc-demo');
      h.clock.advance(1000);
    }
    const first = await h.text('@alice /orders');
    const cursor = /before=(\S+)/.exec(first)?.[1];
    expect(cursor).toBeDefined();
    const second = await h.text(`@alice /orders before=${cursor}`);
    expect((second.match(/^ORD-/gm) ?? []).length).toBe(2);
    expect((first.match(/^ORD-/gm) ?? []).length).toBe(15);
  });
});

describe('/orders cursors', () => {
  const buy = async (n: number, who = 'alice', project = 'pc-demo') => {
    for (let i = 0; i < n; i++) {
      await h.run(`@${who} /credit buy 10 ${project}`);
      h.clock.advance(1000);
    }
  };

  it('GIVEN 9 orders WHEN alice types before= with nothing after it THEN it is the first page, as if it were left out', async () => {
    h = await makeHarness();
    await buy(9);
    const empty = await h.text('@alice /orders before=');
    expect((empty.match(/^ORD-/gm) ?? []).length).toBe(9);
    expect(empty).toBe(await h.text('@alice /orders'));
  });

  it('GIVEN orders WHEN alice types a cursor that is not one (garbage, an unknown order, an order of another account) THEN it is refused with what to type, never a silent first page', async () => {
    h = await makeHarness();
    await buy(3);
    await giveBobAProject(h);
    await h.uow.run(async (tx) => {
      const bob = (await tx.accounts.get('bob-ovh'))!;
      tx.accounts.put({ ...bob, paymentMethods: [{ id: 'pm-b', kind: 'card', label: 'Visa •••• 1111', default: true }] });
      return { commit: true, result: undefined };
    });
    const bobs = orderIdOf(await h.text('@bob /credit buy 10 pc-bob'));
    for (const typed of ['garbage', 'ORD-Z2WRG35C', bobs, '2026-11-23T09:00:00.000Z:ORD-Z2WRG35C']) {
      const r = await h.run(`@alice /orders before=${typed}`);
      expect(r.tone, typed).toBe('error');
      expect(replyToPlainText(r), typed).toMatch(/before=/);
      expect(replyToPlainText(r), typed).not.toContain('Total incl. tax');
    }
  });

  it('GIVEN more orders than a page WHEN alice follows the printed cursor THEN the pages meet exactly, with no order twice or missing', async () => {
    h = await makeHarness();
    await buy(31);
    const seen: string[] = [];
    let line = '@alice /orders';
    for (let i = 0; i < 5; i++) {
      const page = await h.text(line);
      seen.push(...(page.match(/^ORD-\S+/gm) ?? []));
      const next = /More: (\/orders before=\S+)/.exec(page)?.[1];
      if (!next) break;
      line = `@alice ${next}`;
    }
    expect(seen).toHaveLength(31);
    expect(new Set(seen).size).toBe(31);
  });
});

describe('account audit and closure', () => {
  it('GIVEN an order awaiting payment WHEN alice audits and checks closure THEN both say so, and not once paid', async () => {
    h = await makeHarness();
    const id = orderIdOf(await h.text('@alice /credit buy 100 pc-demo'));
    expect(await h.text('@alice /account audit')).toContain(`1 order(s) awaiting payment: ${id}`);
    expect(await h.text('@alice /account close')).toContain('No order in progress (1 in progress)');
    await h.run(`@alice /orders pay ${id}`);
    expect(await h.text('@alice /account audit')).toContain('✅ No order awaiting payment');
    expect(await h.text('@alice /account close')).not.toContain('No order in progress');
  });
});
