import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { replyToPlainText } from '../src/core/reply.js';
import { askChange, read } from './support/contacts.js';
import { consoleUser, makeHarness, type Harness } from './support/harness.js';

let h: Harness;
afterEach(async () => h?.close());

const DAY = 86_400_000;
const orderIdOf = (text: string) => /ORD-[A-Z0-9]+/.exec(text)?.[0] ?? '';

/** Runs a command typed by a console user in a given channel. */
async function inChannel(user: string, text: string, channel: string): Promise<string> {
  const [command, ...rest] = text.split(' ');
  return replyToPlainText(await h.core.handle({ id: randomUUID(), user: consoleUser(user), channel, command: command!, input: { kind: 'text', text: rest.join(' ') } }));
}

/** Runs the jobs once a day for `days` days; returns the day (from the start) of each post whose text matches. */
async function daily(days: number, match: RegExp): Promise<{ day: number; channel: string; text: string }[]> {
  const start = h.clock.now().getTime();
  const seen = h.notifier.posts.length;
  const out: { day: number; channel: string; text: string }[] = [];
  for (let d = 0; d <= days; d++) {
    h.clock.set(new Date(start + d * DAY));
    const before = h.notifier.posts.length;
    await h.jobs.runNow(h.clock.now());
    for (const p of h.notifier.posts.slice(Math.max(before, seen))) if (match.test(p.text)) out.push({ day: d, channel: p.channel, text: p.text });
  }
  return out;
}

describe('credit and voucher expiry', () => {
  it('GIVEN 100 EUR of credit bought and paid WHEN 13 months pass with daily runs THEN reminders come 30 and 7 days before, then the credit expires with its balance lost and recorded', async () => {
    h = await makeHarness();
    await h.run('@alice /reminders subscribe credit');
    const id = orderIdOf(await h.text('@alice /credit buy 100 pc-demo'));
    await h.run(`@alice /orders pay ${id}`);
    const expiresAt = (await read(h, (tx) => tx.wallets.get('pc-demo')))!.entries[0]!.expiresAt;
    const lastDay = Math.round((Date.parse(expiresAt) - h.clock.now().getTime()) / DAY);
    const preview = await h.text('@alice /reminders preview');
    expect(preview).not.toContain(`credit CR-${id}`);
    const posts = await daily(lastDay + 2, /Cloud credit expiring/);
    expect(posts.map((p) => p.day)).toEqual([lastDay - 30, lastDay - 7]);
    expect(posts[0]!.text).toContain(`Cloud credit expiring: CR-${id} on pc-demo`);
    expect(posts[0]!.text).toContain('€100.00 left');
    const wallet = (await read(h, (tx) => tx.wallets.get('pc-demo')))!;
    expect(wallet.entries).toEqual([]);
    expect(wallet.totals.expiredMinor).toBe(10_000);
    expect(await h.text('@alice /credit list pc-demo')).toMatch(/expired/);
    expect(await h.text('@alice /account emails 5')).toContain('its unused balance (€100.00) is lost');
    const audit = await read(h, (tx) => tx.audit.latest(50));
    expect(audit.some((a) => a.action === 'credit.expired' && a.target === `pc-demo:CR-${id}` && a.actor === 'guichet:jobs')).toBe(true);
    const due = await read(h, (tx) => tx.due.until(new Date('2031-01-01'), 1000));
    expect(due.filter((d) => d.ref.startsWith('pc-demo:'))).toEqual([]);
  }, 60_000);

  it('GIVEN WELCOME-50 activated WHEN 90 days pass THEN /reminders preview shows it, reminders come 14 and 3 days before, and it expires with 50 EUR lost', async () => {
    h = await makeHarness();
    await h.run('@alice /reminders subscribe voucher');
    await h.run('@alice /voucher activate WELCOME-50 pc-demo');
    h.clock.advance(60 * DAY);
    const preview = await h.text('@alice /reminders preview');
    expect(preview).toContain('voucher WELCOME-50 on pc-demo expires (14 day(s) before)');
    expect(preview).toContain('voucher WELCOME-50 on pc-demo expires (3 day(s) before)');
    const posts = await daily(31, /Voucher expiring: WELCOME-50/);
    expect(posts.map((p) => p.day)).toEqual([16, 27]);
    const wallet = (await read(h, (tx) => tx.wallets.get('pc-demo')))!;
    expect(wallet.totals.expiredMinor).toBe(5_000);
  }, 60_000);

  it('GIVEN a voucher used up before its thresholds WHEN they pass THEN no reminder is posted', async () => {
    h = await makeHarness();
    await h.run('@alice /reminders subscribe voucher');
    await h.run('@alice /voucher activate WELCOME-50 pc-demo');
    await h.run('@root /guichet admin charge pc-demo 50');
    expect(await daily(92, /Voucher expiring/)).toEqual([]);
  }, 60_000);
});

describe('unpaid purchase orders', () => {
  it('GIVEN a credit order left unpaid WHEN days pass THEN reminders come 1 and 3 days after creation, once each, and stop when it is paid', async () => {
    h = await makeHarness();
    await h.run('@alice /reminders subscribe order');
    const id = orderIdOf(await h.text('@alice /credit buy 100 pc-demo'));
    expect(await h.text('@alice /reminders preview')).toContain(`order ${id} still unpaid (1 day(s) after)`);
    const posts = await daily(6, new RegExp(`Order awaiting payment: ${id}`));
    expect(posts.map((p) => p.day)).toEqual([1, 3]);
    expect(posts[0]!.text).toContain(`/orders pay ${id}`);
    expect((await read(h, (tx) => tx.orders.get(id)))!.state).toBe('awaiting-payment');

    const paidSoon = orderIdOf(await h.text('@alice /credit buy 20 pc-demo'));
    h.clock.advance(2 * DAY);
    await h.run(`@alice /orders pay ${paidSoon}`);
    expect(await daily(5, new RegExp(`Order awaiting payment: ${paidSoon}`))).toEqual([]);
  });

  it('GIVEN the jobs were down for 5 days WHEN they run again THEN only the most urgent unpaid-order reminder is sent', async () => {
    h = await makeHarness();
    await h.run('@alice /reminders subscribe order');
    const id = orderIdOf(await h.text('@alice /credit buy 100 pc-demo'));
    h.clock.advance(5 * DAY);
    await h.jobs.runNow(h.clock.now());
    await h.jobs.runNow(h.clock.now());
    expect(h.notifier.posts.filter((p) => p.text.includes(`Order awaiting payment: ${id}`))).toHaveLength(1);
    expect((await read(h, (tx) => tx.reminders.marks(`order-unpaid:${id}:3`))).map((m) => m.target).sort()).toEqual(['console:local/general', 'mail:alice-ovh']);
    expect((await read(h, (tx) => tx.reminders.marks(`order-unpaid:${id}:1`))).length).toBe(0);
  });
});

describe('contact-change requests', () => {
  it('GIVEN alice asks to move the billing contact of pc-demo to dave WHEN 2 days pass THEN the channels of both accounts are reminded once, without any token', async () => {
    h = await makeHarness();
    await inChannel('alice', 'reminders subscribe contact', 'slack:T1/C-ALICE');
    await inChannel('dave', 'reminders subscribe contact', 'discord:G1/C-DAVE');
    const { id, tokens } = await askChange(h, '@alice /contacts change pc-demo billing=dave-ovh');
    expect(Object.keys(tokens).sort()).toEqual(['alice', 'dave']);
    expect(await h.text('@alice /reminders preview')).toContain(`contact change ${id} waiting for an answer (2 day(s) after)`);
    const posts = await daily(5, new RegExp(id));
    expect(posts.map((p) => `${p.day} ${p.channel}`).sort()).toEqual(['2 discord:G1/C-DAVE', '2 slack:T1/C-ALICE']);
    for (const p of h.notifier.posts) for (const t of Object.values(tokens)) expect(p.text).not.toContain(t);
  });

  it('GIVEN alice accepted her side WHEN 2 days pass THEN only dave’s channel is reminded', async () => {
    h = await makeHarness();
    await inChannel('alice', 'reminders subscribe contact', 'slack:T1/C-ALICE');
    await inChannel('dave', 'reminders subscribe contact', 'discord:G1/C-DAVE');
    const { id, tokens } = await askChange(h, '@alice /contacts change pc-demo billing=dave-ovh');
    await h.run(`@alice /contacts accept ${id} ${tokens.alice}`);
    const posts = await daily(3, new RegExp(id));
    expect(posts.map((p) => p.channel)).toEqual(['discord:G1/C-DAVE']);
  });

  it('GIVEN a request nobody settles WHEN its 7 days pass and the jobs run THEN it is expired, both accounts are told privately and in their mails, and the audit log has it', async () => {
    h = await makeHarness();
    const { id } = await askChange(h, '@alice /contacts change pc-demo billing=dave-ovh');
    h.clock.advance(7 * DAY + 60_000);
    const directsBefore = h.notifier.directs.length;
    const report = await h.text('@root /guichet admin run-jobs');
    expect(report).toContain(`${id}: contact change expired`);
    expect((await read(h, (tx) => tx.contactRequests.get(id)))!).toMatchObject({ state: 'expired', endReason: 'expired' });
    const told = h.notifier.directs.slice(directsBefore).filter((d) => d.text.includes(id));
    expect(told.map((d) => d.to).sort()).toEqual(['console:local/alice', 'console:local/dave']);
    expect(await h.text('@dave /account emails 3')).toContain(id);
    const audit = await read(h, (tx) => tx.audit.latest(20));
    expect(audit.some((a) => a.action === 'contacts.expired' && a.target === id && a.actor === 'guichet:jobs')).toBe(true);
    expect(await h.text('@root /guichet admin run-jobs')).not.toContain(id);
    expect((await read(h, (tx) => tx.due.until(new Date('2030-01-01'), 1000))).filter((d) => d.ref === id)).toEqual([]);
  });
});
