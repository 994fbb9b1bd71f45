import { afterEach, describe, expect, it } from 'vitest';
import { coreConfigOf, loadEnv } from '../src/config.js';
import { makeHarness, type Harness } from './support/harness.js';
import { dueFor, getService } from './support/renewal.js';

let h: Harness;
afterEach(async () => h?.close());

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** Runs the jobs every 6 hours for `days` days. */
async function walkDays(days: number): Promise<void> {
  for (let i = 0; i < days * 4; i++) {
    h.clock.advance(6 * HOUR);
    await h.jobs.runNow(h.clock.now());
  }
}

const titles = () => h.notifier.posts.map((p) => p.text.split('\n')[0]!);

/** Gives bob a card, so that he can pay. */
async function giveBobACard(): Promise<void> {
  await h.uow.run(async (tx) => {
    const bob = (await tx.accounts.get('bob-ovh'))!;
    tx.accounts.put({ ...bob, paymentMethods: [{ id: 'pm-bob-card', kind: 'card', label: 'Visa •••• 4242', default: true }] });
    return { commit: true, result: undefined };
  });
}

describe('grace period of a service whose automatic renewal failed', () => {
  it('GIVEN ks-demo, renewed automatically by bob who has no payment method WHEN its expiry passes and nobody pays THEN it is suspended 14 days, reminded at expiry and 7 and 1 days before deletion, then deleted, with a notice in the channel and the mails', async () => {
    h = await makeHarness();
    await h.run('@bob /reminders subscribe');
    h.clock.advance(3 * DAY);
    expect(await h.text('@root /guichet admin run-jobs')).toContain('ks-demo: automatic renewal failed (no-payment-method), expired: suspended until 10 Dec 2026');
    expect((await getService(h, 'ks-demo'))!.state).toBe('expired');
    expect(titles()).toEqual(['Automatic renewal failed: ks-demo']);
    expect(h.notifier.posts[0]!.text).toContain('will be deleted permanently on 10 Dec 2026');
    const status = await h.text('@bob /renew status ks-demo');
    expect(status).toContain('expired today (26 Nov 2026), deleted on 10 Dec 2026 unless renewed');
    expect(status).not.toMatch(/in 0 day/);
    await walkDays(2);
    expect(await h.text('@bob /renew status')).toMatch(/ks-demo.*expired 2 day\(s\) ago \(26 Nov 2026\), deleted on 10 Dec 2026/);
    await walkDays(11);
    expect((await getService(h, 'ks-demo'))!.state).toBe('expired');
    expect(titles()).toEqual(['Automatic renewal failed: ks-demo', 'Suspended service to be deleted: ks-demo', 'Suspended service to be deleted: ks-demo']);
    expect(h.notifier.posts[1]!.text).toContain('(in 7 day(s))');
    expect(h.notifier.posts[2]!.text).toContain('(in 1 day(s))');
    await walkDays(1);
    expect((await getService(h, 'ks-demo'))).toMatchObject({ state: 'deleted', deletedAt: '2026-12-10T09:00:00.000Z' });
    expect(titles()).toHaveLength(4);
    expect(titles()[3]).toBe('ks-demo deleted');
    expect(h.notifier.posts[3]!.channel).toBe('console:local/general');
    expect(await h.text('@bob /account emails 3')).toContain('was not renewed during its grace period: it has been deleted permanently');
    expect(await h.text('@root /guichet admin audit 20')).toContain('renew.grace-ended');
    expect(await dueFor(h, 'ks-demo')).toEqual([]);
    await walkDays(5);
    expect(titles()).toHaveLength(4);
  });

  it('GIVEN ks-demo suspended WHEN bob adds a card and pays during the grace period THEN it is active again from now, and no deletion or grace reminder follows', async () => {
    h = await makeHarness();
    await h.run('@bob /reminders subscribe');
    h.clock.advance(3 * DAY);
    await h.jobs.runNow(h.clock.now());
    await walkDays(5);
    await giveBobACard();
    expect((await h.run('@bob /renew pay ks-demo --yes')).tone).toBe('success');
    const s = (await getService(h, 'ks-demo'))!;
    expect(s.state).toBe('active');
    expect(s.renewal!.expiresAt).toBe('2027-01-01T09:00:00.000Z');
    expect((await dueFor(h, 'ks-demo')).map((e) => e.kind).sort()).toEqual(['service-expiry']);
    await walkDays(20);
    expect((await getService(h, 'ks-demo'))!.state).toBe('active');
    expect(titles()).toEqual(['Automatic renewal failed: ks-demo']);
  });

  it('GIVEN GUICHET_GRACE_DAYS=3 WHEN a renewal fails THEN the service is deleted 3 days after its expiry, and a wrong value names the variable', async () => {
    expect(coreConfigOf(loadEnv({})).graceDays).toBe(14);
    expect(coreConfigOf(loadEnv({ GUICHET_GRACE_DAYS: '3' })).graceDays).toBe(3);
    expect(() => loadEnv({ GUICHET_GRACE_DAYS: '0' })).toThrow(/GUICHET_GRACE_DAYS/);
    h = await makeHarness({ config: { graceDays: 3 } });
    h.clock.advance(3 * DAY);
    await h.jobs.runNow(h.clock.now());
    expect(await h.text('@bob /renew status ks-demo')).toContain('deleted on 29 Nov 2026');
    await walkDays(2);
    expect((await getService(h, 'ks-demo'))!.state).toBe('expired');
    await walkDays(1);
    expect((await getService(h, 'ks-demo'))!.state).toBe('deleted');
  });
});
