import { afterEach, describe, expect, it } from 'vitest';
import { unpaidDue } from '../src/flows/order-flow.js';
import type { DueEntry } from '../src/ports/store.js';
import { read } from './support/contacts.js';
import { DueWrites } from './support/due-writes.js';
import { failingCommits, writtenDoc } from './support/engines.js';
import { makeHarness, type Harness, type HarnessOptions } from './support/harness.js';

let h: Harness;
afterEach(async () => h?.close());

const DAY = 86_400_000;
const orderIdOf = (text: string) => /ORD-[A-Z0-9]+/.exec(text)?.[0] ?? '';
const order = (id: string) => read(h, (tx) => tx.orders.get(id));
const dueOf = async (id: string) => (await read(h, (tx) => tx.due.until(new Date('2100-01-01'), 10_000))).filter((e) => e.ref === id);
const count = (text: string, part: string) => text.split(part).length - 1;

async function harness(options: HarnessOptions = {}): Promise<DueWrites> {
  const writes = new DueWrites();
  h = await makeHarness({ ...options, wrap: writes.wrap });
  await h.run('@alice /reminders subscribe order');
  return writes;
}

/** Runs the jobs once on each of `days` (counted from the order), returning the posts about `id` by day, and the cancellations counted by the runs. */
async function runOn(days: number[], id: string): Promise<{ posts: string[]; cancelled: number }> {
  const start = new Date('2026-11-23T09:00:00.000Z').getTime();
  const posts: string[] = [];
  let cancelled = 0;
  for (const d of days) {
    h.clock.set(new Date(start + d * DAY));
    const before = h.notifier.posts.length;
    const report = await h.jobs.runNow(h.clock.now());
    cancelled += report.counts['order-cancelled'] ?? 0;
    for (const p of h.notifier.posts.slice(before)) if (p.text.includes(id)) posts.push(`${d} ${p.text.split('\n')[0]}`);
  }
  return { posts, cancelled };
}

const daily = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/** Adds the `order-expiry` entry that earlier versions wrote next to `order-unpaid` at order creation. */
async function addOldExpiryEntry(id: string): Promise<DueEntry> {
  const o = (await order(id))!;
  const old: DueEntry = { ...unpaidDue(o), kind: 'order-expiry' };
  await h.uow.run(async (tx) => {
    tx.due.add(old);
    return { commit: true, result: undefined };
  });
  return old;
}

/** Says the order was cancelled unpaid exactly once: one step, one audit record, one notice, no due entry left. */
async function expectCancelledOnce(id: string): Promise<void> {
  const o = (await order(id))!;
  expect(o.steps.map((s) => s.state)).toEqual(['awaiting-payment', 'cancelled']);
  expect(count(await h.text('@root /guichet admin audit 50'), 'order.expired')).toBe(1);
  expect(count(await h.text('@alice /account emails 20'), `Order ${id} cancelled (unpaid)`)).toBe(1);
  expect(await dueOf(id)).toEqual([]);
}

describe('an order awaiting payment holds one due entry', () => {
  it('GIVEN alice WHEN she buys credit THEN the command writes exactly one due document (order-unpaid, a day later), and paying it deletes exactly that one', async () => {
    const writes = await harness();
    const before = writes.commits.length;
    const id = orderIdOf(await h.text('@alice /credit buy 100 pc-demo'));
    const o = (await order(id))!;
    const key = `due:${unpaidDue(o).at}:order-unpaid:${id}`;
    expect(writes.since(before)).toEqual([`+${key}`]);
    expect(await dueOf(id)).toEqual([unpaidDue(o)]);
    const paying = writes.commits.length;
    expect((await h.run(`@alice /orders pay ${id}`)).tone).toBe('success');
    expect(writes.since(paying).filter((w) => /:order-[a-z]+:/.test(w))).toEqual([`-${key}`]);
    expect(await dueOf(id)).toEqual([]);
  });

  it('GIVEN an order WHEN alice cancels it THEN the command deletes exactly its one due document', async () => {
    const writes = await harness();
    const id = orderIdOf(await h.text('@alice /credit buy 100 pc-demo'));
    const cancelling = writes.commits.length;
    expect((await h.run(`@alice /orders cancel ${id}`)).tone).toBe('success');
    expect(writes.since(cancelling)).toEqual([`-due:${unpaidDue((await order(id))!).at}:order-unpaid:${id}`]);
    expect(await dueOf(id)).toEqual([]);
  });

  it('GIVEN an order never paid WHEN the jobs do not run between day 2 and day 16 THEN the next run cancels it (before any reminder, so no late last call), once', async () => {
    await harness();
    const id = orderIdOf(await h.text('@alice /credit buy 100 pc-demo'));
    const r = await runOn([1, 16, 17, 30], id);
    expect(r.posts).toEqual([`1 Order awaiting payment: ${id}`]);
    expect(r.cancelled).toBe(1);
    expect((await order(id))!.steps.at(-1)).toEqual({ state: 'cancelled', at: '2026-12-09T09:00:00.000Z' });
    await expectCancelledOnce(id);
  });

  it('GIVEN GUICHET_ORDER_TTL_DAYS=1 (no reminder fits) WHEN the jobs run a day after the order THEN that run cancels it', async () => {
    await harness({ config: { orderTtlDays: 1 } });
    const id = orderIdOf(await h.text('@alice /credit buy 100 pc-demo'));
    const r = await runOn([1, 2, 3], id);
    expect(r.posts).toEqual([]);
    expect(r.cancelled).toBe(1);
    expect((await order(id))!.steps.at(-1)).toEqual({ state: 'cancelled', at: '2026-11-24T09:00:00.000Z' });
    await expectCancelledOnce(id);
  });
});

describe('a failed cancellation', () => {
  it('GIVEN the commit that cancels an unpaid order fails once WHEN the reminder phase of that run reads its entry THEN the entry stays and the next run cancels it, once', async () => {
    let failing = false;
    h = await makeHarness({
      wrap: (engine) => failingCommits(engine, (request) => {
        const cancels = failing && [...request.writes.values()].some((v) => (writtenDoc(v) as { state?: string } | null)?.state === 'cancelled');
        if (cancels) failing = false;
        return cancels;
      }),
    });
    await h.run('@alice /reminders subscribe order');
    const id = orderIdOf(await h.text('@alice /credit buy 100 pc-demo'));
    failing = true;
    const first = await runOn([14], id);
    expect(first.cancelled).toBe(0);
    expect((await order(id))!.state).toBe('awaiting-payment');
    expect((await dueOf(id)).map((e) => e.kind)).toEqual(['order-unpaid']);
    const next = await runOn([14.25, 15], id);
    expect(next.cancelled).toBe(1);
    await expectCancelledOnce(id);
  });
});

describe('stores written by earlier versions (order-unpaid and order-expiry for each order)', () => {
  it('GIVEN an unpaid order holding both entries WHEN the jobs run daily for 20 days THEN it is reminded on days 1, 3 and 13 once each and cancelled once on day 14', async () => {
    await harness();
    const id = orderIdOf(await h.text('@alice /credit buy 100 pc-demo'));
    await addOldExpiryEntry(id);
    expect((await dueOf(id)).map((e) => e.kind).sort()).toEqual(['order-expiry', 'order-unpaid']);
    const r = await runOn(daily(20), id);
    expect(r.posts).toEqual([`1 Order awaiting payment: ${id}`, `3 Order awaiting payment: ${id}`, `13 Order to be cancelled: ${id}`]);
    expect(r.cancelled).toBe(1);
    expect((await order(id))!.steps.at(-1)).toEqual({ state: 'cancelled', at: '2026-12-07T09:00:00.000Z' });
    await expectCancelledOnce(id);
  });

  it('GIVEN an unpaid order holding both entries WHEN the jobs skip days 2 to 15 THEN the run of day 16 cancels it once', async () => {
    await harness();
    const id = orderIdOf(await h.text('@alice /credit buy 100 pc-demo'));
    await addOldExpiryEntry(id);
    const r = await runOn([1, 16, 17], id);
    expect(r.posts).toEqual([`1 Order awaiting payment: ${id}`]);
    expect(r.cancelled).toBe(1);
    await expectCancelledOnce(id);
  });

  it('GIVEN an order holding both entries WHEN it is paid on day 2 THEN no reminder follows, nothing is cancelled and its entries are gone by day 15', async () => {
    await harness();
    const id = orderIdOf(await h.text('@alice /credit buy 100 pc-demo'));
    await addOldExpiryEntry(id);
    const first = await runOn([1], id);
    h.clock.set(new Date(h.clock.now().getTime() + DAY));
    expect((await h.run(`@alice /orders pay ${id}`)).tone).toBe('success');
    const later = await runOn(daily(16).slice(2), id);
    expect([...first.posts, ...later.posts]).toEqual([`1 Order awaiting payment: ${id}`]);
    expect(first.cancelled + later.cancelled).toBe(0);
    expect((await order(id))!.state).toBe('delivered');
    expect(await dueOf(id)).toEqual([]);
  });
});
