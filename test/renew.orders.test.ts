import { afterEach, describe, expect, it } from 'vitest';
import { createOrder } from '../src/flows/order-flow.js';
import { renewalLine } from '../src/flows/renewal-order.js';
import { makeHarness, type Harness } from './support/harness.js';
import { read } from './support/contacts.js';
import { getService } from './support/renewal.js';

let h: Harness;
afterEach(async () => h?.close());

const DAY = 86_400_000;
const orderIdOf = (text: string) => /ORD-[A-Z0-9]+/.exec(text)?.[0] ?? '';

/** A renewal order for one period of a service, left awaiting payment (as the order flow creates it). */
async function awaitingRenewal(h: Harness, serviceId: string, account = 'alice-ovh'): Promise<string> {
  return h.uow.run(async (tx) => {
    const payer = (await tx.accounts.get(account))!;
    const order = await createOrder(tx, { account: payer, lines: [renewalLine((await tx.services.get(serviceId))!)], now: h.clock.now(), taxRateBp: 2000 });
    return { commit: true, result: order.id };
  });
}

describe('renewal orders through the order flow', () => {
  it('GIVEN vps-demo-1 WHEN alice types /renew pay THEN a real order is paid at once, listed in /orders with its steps, and paying it again changes nothing', async () => {
    h = await makeHarness();
    const paid = await h.text('@alice /renew pay vps-demo-1 --yes');
    expect(paid).toMatch(/Order ORD-[A-Z0-9]+ paid .* vps-demo-1 now expires on 3 Jan 2027/);
    const id = orderIdOf(paid);
    const order = await read(h, (tx) => tx.orders.get(id));
    expect(order).toMatchObject({ account: 'alice-ovh', state: 'delivered', paidWith: 'pm-alice-card', lines: [{ kind: 'renewal', serviceId: 'vps-demo-1', periodMonths: 1 }] });
    expect(order!.steps.map((s) => s.state)).toEqual(['awaiting-payment', 'payment-received', 'processing', 'delivered']);
    expect(await h.text('@alice /orders')).toContain(id);
    expect(await h.text(`@alice /orders show ${id}`)).toMatch(/delivered\s+23 Nov 2026, 10:00/);
    const again = await h.text(`@alice /orders pay ${id}`);
    expect(again).not.toMatch(/Order \S+ paid:/);
    expect((await getService(h, 'vps-demo-1'))!.renewal!.expiresAt).toBe('2027-01-03T09:00:00.000Z');
    const due = await read(h, (tx) => tx.due.until(new Date('2030-01-01'), 1000));
    expect(due.filter((d) => d.kind === 'order-unpaid' && d.ref === id)).toEqual([]);
  });

  it('GIVEN a renewal order awaiting payment WHEN alice pays it twice at the same time THEN the expiry moves by one period only', async () => {
    h = await makeHarness();
    const id = await awaitingRenewal(h, 'vps-demo-1');
    expect(await h.text('@alice /orders')).toContain(id);
    const replies = await Promise.all([h.text(`@alice /orders pay ${id}`), h.text(`@alice /orders pay ${id}`)]);
    expect(replies.filter((t) => t.includes(`Order ${id} paid`))).toHaveLength(1);
    expect((await getService(h, 'vps-demo-1'))!.renewal!.expiresAt).toBe('2027-01-03T09:00:00.000Z');
    expect((await read(h, (tx) => tx.orders.get(id)))!.state).toBe('delivered');
  });

  it('GIVEN an expired service and a renewal order WHEN the order is paid THEN the service is active again for one period from now, with its expiry rescheduled', async () => {
    h = await makeHarness();
    const id = await awaitingRenewal(h, 'ks-demo', 'dave-ovh');
    h.clock.advance(4 * DAY);
    await h.text('@root /guichet admin run-jobs');
    expect((await getService(h, 'ks-demo'))!.state).toBe('expired');
    const ks = (await getService(h, 'ks-demo'))!;
    await h.uow.run(async (tx) => ({ commit: true, result: await tx.services.put({ ...ks, contacts: { ...ks.contacts, billing: 'dave-ovh' } }) }));
    await h.text(`@dave /orders pay ${id}`);
    expect((await read(h, (tx) => tx.orders.get(id)))!.state).toBe('delivered');
    const s = (await getService(h, 'ks-demo'))!;
    expect(s.state).toBe('active');
    expect(s.renewal!.expiresAt).toBe('2026-12-27T09:00:00.000Z');
    const due = await read(h, (tx) => tx.due.until(new Date('2030-01-01'), 1000));
    expect(due).toContainEqual({ at: '2026-12-27T09:00:00.000Z', kind: 'service-expiry', ref: 'ks-demo' });
  });

  it('GIVEN a renewal order for a service deleted meanwhile WHEN it is paid THEN it is refused, nothing is charged and the order still awaits payment', async () => {
    h = await makeHarness();
    const id = await awaitingRenewal(h, 'hosting-demo');
    h.clock.advance(6 * DAY);
    await h.text('@root /guichet admin run-jobs');
    expect((await h.run(`@alice /orders pay ${id}`)).code).toBe('ORDER.SERVICE_GONE');
    expect((await read(h, (tx) => tx.orders.get(id)))!).toMatchObject({ state: 'awaiting-payment', paidWith: null });
  });

  it('GIVEN example-demo.fr renewing automatically WHEN it reaches expiry THEN the renewal is a delivered order in /orders', async () => {
    h = await makeHarness();
    h.clock.advance(46 * DAY);
    const report = await h.text('@root /guichet admin run-jobs');
    const id = orderIdOf(report.split('\n').find((l) => l.includes('example-demo.fr: renewed'))!);
    expect(await h.text('@alice /orders')).toContain(id);
    expect((await read(h, (tx) => tx.orders.get(id)))!.steps.map((s) => s.state)).toEqual(['awaiting-payment', 'payment-received', 'processing', 'delivered']);
  });

  it('GIVEN ks-demo billed to bob without a payment method WHEN it reaches expiry THEN it expires and no order is left awaiting payment', async () => {
    h = await makeHarness();
    h.clock.advance(3 * DAY);
    expect(await h.text('@root /guichet admin run-jobs')).toMatch(/ks-demo: automatic renewal failed \(no-payment-method\), expired/);
    expect(await read(h, (tx) => tx.orders.listOpen('bob-ovh'))).toEqual([]);
  });
});
