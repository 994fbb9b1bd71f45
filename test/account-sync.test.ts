import { afterEach, describe, expect, it } from 'vitest';
import { findTerminationToken } from '../adapters/ovhcloud/ovh-client.js';
import { ACCOUNT_SYNC, syncOwner } from '../src/jobs/account-sync.job.js';
import { serviceOwner } from '../src/flows/schedule.js';
import type { DueEntry } from '../src/ports/store.js';
import type { FakeSeed } from './support/ovhcloud-fake/seed.js';
import { startSyncBed, type SyncBed } from './support/sync-bed.js';

const DAY = 86_400_000;
const STEP = 6 * 3_600_000;
const CHANNEL = 'console:local/general';
const ALICE: FakeSeed['accounts'][number] = { nichandle: 'alice-ovh', paymentMethods: [{ type: 'CREDIT_CARD' }] };

let s: SyncBed;
let t0: number;

async function start(seed: FakeSeed, options: Parameters<typeof startSyncBed>[1] = {}): Promise<SyncBed> {
  s = await startSyncBed(seed, { engine: 'memory', ...options });
  t0 = s.h.clock.now().getTime();
  await s.subscribe('alice-ovh', CHANNEL);
  return s;
}

afterEach(async () => {
  await s?.close();
});

/** Runs the jobs every 6 hours until `days` after the start. */
async function walkTo(days: number): Promise<void> {
  for (let at = s.h.clock.now().getTime() + STEP; at <= t0 + days * DAY; at += STEP) {
    s.h.clock.set(new Date(at));
    await s.runJobs();
  }
}

const daysOf = (title: RegExp) => s.posts.filter((p) => title.test(p.title)).map((p) => (p.at - t0) / DAY);
const dueOf = (ref: string) =>
  s.h.uow.run(async (tx) => ({ commit: false, result: (await tx.due.until(new Date('9999-01-01'), 1_000)).filter((e: DueEntry) => e.ref === ref) }));
const fakeService = (name: string) => s.bed.fake.state.serviceByName(name)!;

describe('Account sync: changes at the provider', () => {
  it('GIVEN a manual VPS reminded once WHEN its mode becomes automatic, then terminate-at-expiry, at the provider THEN renewal reminders stop and termination ones come', async () => {
    await start({ accounts: [ALICE], services: [{ name: 'vps-1', product: 'vps', owner: 'alice-ovh', renewMode: 'manual', expiresInDays: 20 }] });
    const alice = s.client('alice-ovh');
    await s.runJobs();
    s.h.clock.set(new Date(t0 + DAY));
    await alice.services.update(fakeService('vps-1').serviceId, { renew: { mode: 'automatic', period: 'P1M' } });
    await s.runJobs();
    expect(await dueOf('vps-1')).toEqual([]);
    await walkTo(8);
    await alice.services.update(fakeService('vps-1').serviceId, { terminationPolicy: 'terminateAtExpirationDate' });
    await walkTo(21);
    expect(daysOf(/^Renewal due: vps-1$/)).toEqual([0]);
    expect(daysOf(/^Termination at expiry: vps-1$/)).toEqual([13, 19]);
    const mirrored = await s.h.uow.run(async (tx) => ({ commit: false, result: await tx.services.get('vps-1') }));
    expect(mirrored?.state).toBe('deleted');
  });

  it('GIVEN two manual services WHEN one is terminated at the provider and the other is no longer listed THEN both drop their entries and get no more reminders', async () => {
    await start({
      accounts: [ALICE],
      services: [
        { name: 'vps-1', product: 'vps', owner: 'alice-ovh', renewMode: 'manual', expiresInDays: 10 },
        { name: 'vps-2', product: 'vps', owner: 'alice-ovh', renewMode: 'manual', expiresInDays: 10 },
      ],
    });
    const alice = s.client('alice-ovh');
    await s.runJobs();
    expect(s.posts.map((p) => p.title).sort()).toEqual(['Renewal due: vps-1', 'Renewal due: vps-2']);
    const id = fakeService('vps-1').serviceId;
    await alice.services.terminate(id);
    await alice.services.confirmTermination(id, findTerminationToken(await alice.account.recentEmails(5), id)!.token);
    s.bed.fake.state.services.splice(s.bed.fake.state.services.indexOf(fakeService('vps-2')), 1);
    await walkTo(10);
    expect(s.posts).toHaveLength(2);
    for (const name of ['vps-1', 'vps-2']) {
      expect(await dueOf(name)).toEqual([]);
      const state = await s.h.uow.run(async (tx) => ({ commit: false, result: { doc: await tx.services.get(name), sched: await tx.schedules.get(serviceOwner(name)) } }));
      expect(state.doc?.state).toBe('deleted');
      expect(state.sched).toEqual([]);
    }
  });

  it('GIVEN an automatic domain whose payer has no payment method WHEN the provider cannot renew it THEN the renewal-failed reminder is sent once', async () => {
    await start({ accounts: [{ nichandle: 'alice-ovh' }], services: [{ name: 'dom-1.fr', product: 'domain', owner: 'alice-ovh', renewMode: 'automatic', expiresInDays: 2 }] });
    await s.runJobs();
    await walkTo(6);
    expect(fakeService('dom-1.fr').state).toBe('expired');
    expect(s.posts.map((p) => `${(p.at - t0) / DAY} ${p.title}`)).toEqual(['2 Automatic renewal failed: dom-1.fr']);
  });

  it('GIVEN an unpaid order WHEN it is paid at the provider before its first reminder THEN no reminder is sent', async () => {
    await start({ accounts: [ALICE], services: [{ name: 'pc-1', product: 'cloud', owner: 'alice-ovh', expiresInDays: 90 }] });
    const alice = s.client('alice-ovh');
    const { orderId } = await alice.credit.order('pc-1', 20);
    await s.runJobs();
    expect(await dueOf(String(orderId))).toHaveLength(1);
    s.h.clock.set(new Date(t0 + 12 * 3_600_000));
    expect(await alice.orders.payWithDefault(orderId)).toMatchObject({ paid: true });
    await walkTo(5);
    expect(daysOf(/^Order awaiting payment/)).toEqual([]);
    expect(await dueOf(String(orderId))).toEqual([]);
    // Asked when new and once after the payment; once mirrored as delivered, no longer, though it is still listed.
    const late = s.bed.fake.requests.filter((r) => r.operation === '/me/order/{orderId}/status' && r.at.getTime() >= t0 + 30 * 3_600_000);
    expect(late).toEqual([]);
    expect(s.bed.fake.count('GET', '/me/order/{orderId}/status')).toBe(2);
    // The delivered credit (valid 12 months) is mirrored with its first reminder, months ahead.
    expect(daysOf(/^Cloud credit expiring/)).toEqual([]);
    const wallet = await s.h.uow.run(async (tx) => ({ commit: false, result: await tx.wallets.get('pc-1') }));
    expect(wallet?.entries.map((e) => e.balanceMinor)).toEqual([2_000]);
  });

  it('GIVEN a mirrored account WHEN it is disconnected THEN its entries are dropped and its reminders stop', async () => {
    await start({ accounts: [ALICE], services: [{ name: 'vps-1', product: 'vps', owner: 'alice-ovh', renewMode: 'manual', expiresInDays: 10 }] });
    await s.runJobs();
    s.connected.delete('alice-ovh');
    await walkTo(10);
    expect(s.reports.at(-1)!.counts['accounts-synced']).toBeUndefined();
    expect(s.reports.some((r) => r.counts['accounts-disconnected'] === 1)).toBe(true);
    expect(daysOf(/^Renewal due: vps-1$/)).toEqual([0]);
    expect(await dueOf('vps-1')).toEqual([]);
    expect(await dueOf('alice-ovh')).toEqual([]);
  });
});

describe('Account sync: failures and budget', () => {
  it('GIVEN a 503 on the order list mid-sync WHEN the jobs run THEN nothing is half-written, the QueryID is logged and the next run syncs', async () => {
    await start({ accounts: [ALICE], services: [{ name: 'vps-1', product: 'vps', owner: 'alice-ovh', renewMode: 'manual', expiresInDays: 40 }] });
    await s.runJobs();
    await s.client('alice-ovh').services.update(fakeService('vps-1').serviceId, { renew: { mode: 'automatic', period: 'P1M' } });
    for (let i = 0; i < 4; i++) s.bed.fake.failNext({ method: 'GET', operation: '/me/order' }, { status: 503 });
    s.h.clock.advance(STEP);
    const failed = await s.runJobs();
    expect(failed.counts['accounts-sync-failed']).toBe(1);
    const mode = () => s.h.uow.run(async (tx) => ({ commit: false, result: (await tx.services.get('vps-1'))?.renewal?.mode }));
    expect(await mode()).toBe('manual');
    const queryIds = s.bed.fake.requests.filter((r) => r.status === 503).map((r) => r.queryId);
    expect(queryIds).toHaveLength(4);
    const logged = s.h.logs.lines.filter((l) => l.includes('account sync failed; retried next run'));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain(queryIds.at(-1)!);
    s.h.clock.advance(STEP);
    const next = await s.runJobs();
    expect(next.counts['accounts-synced']).toBe(1);
    expect(await mode()).toBe('automatic');
    expect(await dueOf('vps-1')).toEqual([]);
  });

  it('GIVEN 429s on the service list WHEN the jobs run THEN the client backs off, the sync fails without crashing the run and the next run syncs', async () => {
    await start({ accounts: [ALICE], services: [{ name: 'vps-1', product: 'vps', owner: 'alice-ovh', renewMode: 'manual', expiresInDays: 10 }] });
    for (let i = 0; i < 4; i++) s.bed.fake.failNext({ method: 'GET', operation: '/services' }, { status: 429, headers: { 'Retry-After': '2' } });
    const failed = await s.runJobs();
    expect(failed.counts).toMatchObject({ 'accounts-sync-failed': 1 });
    expect(failed.counts['errors']).toBeUndefined();
    expect(s.bed.sleeps.filter((ms) => ms >= 2_000)).toHaveLength(3);
    expect(s.posts).toEqual([]);
    s.h.clock.advance(STEP);
    await s.runJobs();
    expect(daysOf(/^Renewal due: vps-1$/)).toHaveLength(1);
  });

  it('GIVEN an account with 70 projects WHEN it is synced THEN every list is read in pages and no minute holds more than 60 requests of its key', async () => {
    const projects = Array.from({ length: 70 }, (_, i) => `pc-${String(i).padStart(2, '0')}`);
    await start({
      accounts: [ALICE],
      services: projects.map((name) => ({ name, product: 'cloud' as const, owner: 'alice-ovh', expiresInDays: 90 })),
      credits: projects.map((serviceName) => ({ serviceName, amountCents: 1_000, validToDays: 20 })),
    }, { limitPerMinute: 60 });
    const report = await s.runJobs();
    expect(report.counts).toMatchObject({ 'accounts-synced': 1, 'mirror-wallets': 70, 'reminders-sent': 70 });
    const mine = s.bed.fake.requests.filter((r) => r.nichandle === 'alice-ovh');
    expect(mine.filter((r) => r.status === 429)).toEqual([]);
    expect(s.bed.fake.count('GET', '/services')).toBe(2);
    expect(s.bed.fake.count('GET', '/cloud/project/{serviceName}/credit')).toBe(70);
    const times = mine.map((r) => r.at.getTime());
    expect(Math.max(...times.map((t) => times.filter((u) => u > t - 60_000 && u <= t).length))).toBeLessThanOrEqual(60);
    expect(s.bed.sleeps.length).toBeGreaterThan(0);
    s.h.clock.advance(STEP);
    const before = s.bed.fake.requests.length;
    const again = await s.runJobs();
    expect(again.counts['mirror-wallets']).toBeUndefined();
    expect(s.bed.fake.requests.length - before).toBe(74);
  });

  it('GIVEN three connected accounts and a budget of two per run WHEN the jobs run every 15 minutes THEN the one left out goes first next run', async () => {
    const accounts = ['alice-ovh', 'bob-ovh', 'carol-ovh'];
    await start({ accounts: accounts.map((nichandle) => ({ nichandle })) }, { sync: { accountsPerRun: 2, everyMs: 3_600_000 } });
    const synced = () => new Set(s.bed.fake.requests.filter((r) => r.path === '/services').map((r) => r.nichandle));
    await s.runJobs();
    expect(synced()).toEqual(new Set(['alice-ovh', 'bob-ovh']));
    s.h.clock.advance(15 * 60_000);
    expect((await s.runJobs()).counts['accounts-synced']).toBe(1);
    expect(synced()).toEqual(new Set(accounts));
    const entries = await s.h.uow.run(async (tx) => ({ commit: false, result: await Promise.all(accounts.map((a) => tx.schedules.get(syncOwner(a)))) }));
    expect(entries.map((e) => e.map((x) => x.kind))).toEqual([[ACCOUNT_SYNC], [ACCOUNT_SYNC], [ACCOUNT_SYNC]]);
  });
});
