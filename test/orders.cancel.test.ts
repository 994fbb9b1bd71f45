import { afterEach, describe, expect, it } from 'vitest';
import { coreConfigOf, loadEnv } from '../src/config.js';
import { read } from './support/contacts.js';
import { makeHarness, type Harness } from './support/harness.js';

let h: Harness;
afterEach(async () => h?.close());

const DAY = 86_400_000;
const orderIdOf = (text: string) => /ORD-[A-Z0-9]+/.exec(text)?.[0] ?? '';
const order = (id: string) => read(h, (tx) => tx.orders.get(id));
const dueOf = async (id: string) => (await read(h, (tx) => tx.due.until(new Date('2100-01-01'), 10_000))).filter((e) => e.ref === id);

/** Runs the jobs once a day for `days` days; returns the day of each post whose first line matches, with that line. */
async function daily(days: number, match: RegExp): Promise<string[]> {
  const start = h.clock.now().getTime();
  const out: string[] = [];
  for (let d = 1; d <= days; d++) {
    h.clock.set(new Date(start + d * DAY));
    const before = h.notifier.posts.length;
    await h.jobs.runNow(h.clock.now());
    for (const p of h.notifier.posts.slice(before)) if (match.test(p.text)) out.push(`${d} ${p.text.split('\n')[0]}`);
  }
  return out;
}

describe('/orders cancel', () => {
  it('GIVEN an order awaiting payment WHEN alice cancels it THEN it is cancelled with its step, its reminders and expiry stop, asking again is harmless and it can no longer be paid', async () => {
    h = await makeHarness();
    const id = orderIdOf(await h.text('@alice /credit buy 100 pc-demo'));
    expect((await dueOf(id)).map((e) => e.kind)).toEqual(['order-unpaid']);
    const done = await h.run(`@alice /orders cancel ${id.toLowerCase()}`);
    expect(done.tone).toBe('success');
    expect(await h.text(`@alice /orders cancel ${id}`)).toContain(`Order ${id} is already cancelled; nothing to do.`);
    expect((await h.run(`@alice /orders cancel ${id}`)).tone).not.toBe('error');
    const o = (await order(id))!;
    expect(o.state).toBe('cancelled');
    expect(o.steps.map((s) => s.state)).toEqual(['awaiting-payment', 'cancelled']);
    expect(await dueOf(id)).toEqual([]);
    expect((await h.run(`@alice /orders pay ${id}`)).code).toBe('ORDER.CANCELLED');
    expect(await h.text('@root /guichet admin audit 5')).toContain('order.cancel');
    const fr = await h.run(`@alice /orders cancel ${id}`, { locale: 'fr' });
    expect(JSON.stringify(fr)).toContain('est déjà annulée');
  });

  it('GIVEN orders of several kinds WHEN someone cancels THEN a paid order, another account’s order and an unknown one are refused with their codes, and nothing changes', async () => {
    h = await makeHarness();
    const paid = orderIdOf(await h.text('@alice /credit buy 10 pc-demo'));
    await h.run(`@alice /orders pay ${paid}`);
    expect((await h.run(`@alice /orders cancel ${paid}`)).code).toBe('ORDER.NOT_CANCELLABLE');
    const open = orderIdOf(await h.text('@alice /credit buy 20 pc-demo'));
    expect((await h.run(`@bob /orders cancel ${open}`)).code).toBe('ORDER.NOT_FOUND');
    await h.uow.run(async (tx) => {
      const pc = (await tx.services.get('pc-demo'))!;
      await tx.services.put({ ...pc, contacts: { ...pc.contacts, tech: 'dave-ovh' } });
      return { commit: true, result: undefined };
    });
    expect((await h.run(`@dave /orders show ${open}`)).tone).not.toBe('error');
    expect((await h.run(`@dave /orders cancel ${open}`)).code).toBe('ORDER.NOT_YOURS');
    expect((await h.run('@alice /orders cancel ORD-NOPE2345')).code).toBe('ORDER.NOT_FOUND');
    expect((await order(open))!.state).toBe('awaiting-payment');
    expect((await order(paid))!.state).toBe('delivered');
  });
});

describe('orders left unpaid expire', () => {
  it('GIVEN an order never paid WHEN days pass THEN it is reminded 1 and 3 days after, and 1 day before it is cancelled after 14 days, then cancelled with a notice', async () => {
    h = await makeHarness();
    await h.run('@alice /reminders subscribe order');
    const id = orderIdOf(await h.text('@alice /credit buy 100 pc-demo'));
    const posts = await daily(20, new RegExp(id));
    expect(posts).toEqual([`1 Order awaiting payment: ${id}`, `3 Order awaiting payment: ${id}`, `13 Order to be cancelled: ${id}`]);
    const o = (await order(id))!;
    expect(o.state).toBe('cancelled');
    expect(o.steps.at(-1)).toEqual({ state: 'cancelled', at: '2026-12-07T09:00:00.000Z' });
    expect(await h.text('@alice /account emails 5')).toContain(`Order ${id} (€120.00 incl. tax), placed on 23 Nov 2026, 10:00, was not paid within 14 days, so it is cancelled`);
    expect(await h.text('@root /guichet admin audit 30')).toContain('order.expired');
    expect(await dueOf(id)).toEqual([]);
  });

  it('GIVEN GUICHET_ORDER_TTL_DAYS=5 WHEN an order stays unpaid THEN the last call comes on day 4 and it is cancelled on day 5; a wrong value names the variable', async () => {
    expect(coreConfigOf(loadEnv({})).orderTtlDays).toBe(14);
    expect(coreConfigOf(loadEnv({ GUICHET_ORDER_TTL_DAYS: '5' })).orderTtlDays).toBe(5);
    expect(() => loadEnv({ GUICHET_ORDER_TTL_DAYS: 'two weeks' })).toThrow(/GUICHET_ORDER_TTL_DAYS/);
    h = await makeHarness({ config: { orderTtlDays: 5 } });
    await h.run('@alice /reminders subscribe order');
    const id = orderIdOf(await h.text('@alice /credit buy 100 pc-demo'));
    expect(await h.text('@alice /reminders preview')).toContain(`order ${id} still unpaid: cancelled the next day`);
    const posts = await daily(7, new RegExp(id));
    expect(posts).toEqual([`1 Order awaiting payment: ${id}`, `3 Order awaiting payment: ${id}`, `4 Order to be cancelled: ${id}`]);
    expect((await order(id))!.steps.at(-1)).toEqual({ state: 'cancelled', at: '2026-11-28T09:00:00.000Z' });
  });
});

describe('/reminders preview is paged', () => {
  it('GIVEN 20 unpaid orders (60 reminders ahead) WHEN alice previews THEN pages of 15 follow each other with a cursor, without repeats or gaps, and a bad cursor is refused', async () => {
    h = await makeHarness();
    for (let i = 0; i < 20; i++) await h.run(`@alice /credit buy ${i + 1} pc-demo`);
    const rows = (text: string) => text.split('\n').filter((l) => /ORD-|must be renewed|deleted at expiry/.test(l));
    const seen: string[] = [];
    let text = await h.text('@alice /reminders preview');
    for (let pages = 1; ; pages++) {
      const these = rows(text);
      expect(these.length).toBeLessThanOrEqual(15);
      seen.push(...these);
      const next = /More: \/reminders preview after=(\S+)/.exec(text)?.[1];
      if (!next) {
        expect(pages).toBeGreaterThan(3);
        break;
      }
      text = await h.text(`@alice /reminders preview after=${next}`);
    }
    const all = (await h.run('@alice /reminders preview')).sections;
    expect(all.length).toBeGreaterThan(1);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((l) => l.includes('ORD-'))).toHaveLength(60);
    expect((await h.run('@alice /reminders preview after=garbage')).code).toBe('REMINDERS.BAD_CURSOR');
    expect((await h.run('@alice /reminders preview after=ORD-Z2WRG35C')).code).toBe('REMINDERS.BAD_CURSOR');
    expect(rows(await h.text('@alice /reminders preview after=')).length).toBe(15);
  });
});
