import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceOwner } from '../src/flows/schedule.js';
import type { FakeSeed } from './support/ovhcloud-fake/seed.js';
import { startSyncBed, type SyncBed } from './support/sync-bed.js';

const DAY = 86_400_000;
const STEP = 6 * 3_600_000;
const ALICE = 'console:local/general';
const DAVE = 'slack:T1/C-DAVE';

/** Alice's real account: a manual VPS expiring in 10 days, an automatic domain, a project with credit, a voucher and credit without end. */
const SEED: FakeSeed = {
  accounts: [{ nichandle: 'alice-ovh', paymentMethods: [{ type: 'CREDIT_CARD' }] }, { nichandle: 'dave-ovh' }],
  services: [
    { name: 'vps-1', product: 'vps', owner: 'alice-ovh', renewMode: 'manual', expiresInDays: 10 },
    { name: 'dom-1.fr', product: 'domain', owner: 'alice-ovh', renewMode: 'automatic', expiresInDays: 20 },
    { name: 'pc-1', product: 'cloud', owner: 'alice-ovh', expiresInDays: 25 },
  ],
  credits: [
    { serviceName: 'pc-1', amountCents: 10_000, validToDays: 20 },
    { serviceName: 'pc-1', amountCents: 5_000, voucher: 'SPRING-50', validToDays: 10 },
    { serviceName: 'pc-1', amountCents: 2_000, validToDays: null },
  ],
};

let s: SyncBed;
let t0: number;
let orderId: number;
let taskId: number;
let kindsAfterFirstRun: string[];

beforeAll(async () => {
  s = await startSyncBed(SEED, { connected: ['alice-ovh'] });
  t0 = s.h.clock.now().getTime();
  await s.subscribe('alice-ovh', ALICE);
  await s.subscribe('dave-ovh', DAVE, ['contact']);
  const alice = s.client('alice-ovh');
  orderId = (await alice.credit.order('pc-1', 50)).orderId;
  taskId = (await alice.contacts.changeContact('/vps/{serviceName}', 'vps-1', { contactBilling: 'dave-ovh' }))[0]!;
  for (let at = t0; at <= t0 + 41 * DAY; at += STEP) {
    s.h.clock.set(new Date(at));
    await s.runJobs();
    kindsAfterFirstRun ??= await s.h.uow.run(async (tx) => ({ commit: false, result: [...new Set((await tx.due.until(new Date('9999-01-01'), 1_000)).map((e) => e.kind))].sort() }));
  }
}, 120_000);

afterAll(async () => {
  await s.close();
});

/** When each post of a title was made, in days after the start. */
const daysOf = (channel: string, title: RegExp) => s.posts.filter((p) => p.channel === channel && title.test(p.title)).map((p) => (p.at - t0) / DAY);

describe('GIVEN alice connected on the fake WHEN the jobs run every 6 hours for 41 days', () => {
  it('THEN her manual VPS expiring in 10 days gets the renewal reminders at 14, 7, 3 and 1 days, each exactly once', () => {
    expect(daysOf(ALICE, /^Renewal due: vps-1$/)).toEqual([0, 3, 7, 9]);
  });

  it('THEN the credit and the voucher get their expiry reminders once per threshold; credit without end of validity gets none', () => {
    expect(daysOf(ALICE, /^Cloud credit expiring: C-\d+ on pc-1$/)).toEqual([0, 13]);
    expect(daysOf(ALICE, /^Voucher expiring: SPRING-50 on pc-1$/)).toEqual([0, 7]);
    expect(s.posts.filter((p) => /expiring/.test(p.title))).toHaveLength(4);
  });

  it('THEN the unpaid order is reminded 1 and 3 days after, and the waiting contact change 2 days after, to both sides', () => {
    expect(daysOf(ALICE, new RegExp(`^Order awaiting payment: ${orderId}$`))).toEqual([1, 3]);
    expect(daysOf(ALICE, new RegExp(`^Contact change ${taskId} is waiting for you$`))).toEqual([2]);
    expect(daysOf(DAVE, new RegExp(`^Contact change ${taskId} is waiting for you$`))).toEqual([2]);
    // OVHcloud cancels an order left unpaid (the fake after 14 days), so the last call comes the day before.
    expect(daysOf(ALICE, new RegExp(`^Order to be cancelled: ${orderId}$`))).toEqual([13]);
    expect(s.posts).toHaveLength(13);
  });

  it('THEN no ledger lifecycle ran on the mirror: the provider expired then terminated the VPS and the mirror followed', async () => {
    expect(kindsAfterFirstRun).toEqual(['account-sync', 'contact-request-waiting', 'order-unpaid', 'reminder:credit', 'reminder:renewal', 'reminder:voucher']);
    const outcomes = new Set(s.reports.flatMap((r) => Object.keys(r.counts)));
    for (const lifecycle of ['deleted', 'renewed', 'expired', 'wallet-expired', 'contact-request-expired', 'stale', 'errors']) expect(outcomes).not.toContain(lifecycle);
    const vps = await s.h.uow.run(async (tx) => ({ commit: false, result: { doc: await tx.services.get('vps-1'), sched: await tx.schedules.get(serviceOwner('vps-1')) } }));
    expect(vps.doc?.state).toBe('deleted');
    expect(vps.sched).toEqual([]);
    expect(s.bed.fake.state.serviceByName('vps-1')!.state).toBe('terminated');
  });

  it('THEN the mirror is written only when something changed, and items are never read one by one', () => {
    const written = s.reports.reduce((n, r) => n + (r.counts['mirror-services'] ?? 0), 0);
    // 3 services first, then: VPS expired, domain renewed, project renewed, VPS terminated.
    expect(written).toBeLessThanOrEqual(8);
    expect(s.reports.every((r) => r.counts['accounts-synced'] === 1)).toBe(true);
    expect(s.bed.fake.count('GET', '/services/{serviceId}')).toBe(0);
    expect(s.bed.fake.count('GET', '/cloud/project/{serviceName}/credit/{id}')).toBe(0);
    const statusAfterCancel = s.bed.fake.requests.filter((r) => r.operation === '/me/order/{orderId}/status' && r.at.getTime() > t0 + 15 * DAY);
    expect(statusAfterCancel).toEqual([]);
  });

  it('THEN the key never made more than 60 requests in any minute, and every answer matched the descriptions', () => {
    const times = s.bed.fake.requests.filter((r) => r.nichandle === 'alice-ovh').map((r) => r.at.getTime());
    const busiest = Math.max(...times.map((t) => times.filter((u) => u > t - 60_000 && u <= t).length));
    expect(busiest).toBeLessThanOrEqual(60);
    expect(s.bed.fake.mismatches).toEqual([]);
  });
});
