import { afterEach, describe, expect, it } from 'vitest';
import type { StorageEngine } from '../adapters/store/engine.js';
import type { Reply } from '../src/core/reply.js';
import { makeHarness, type Harness } from './support/harness.js';
import { aService, dueFor, getService, saveService } from './support/renewal.js';

let h: Harness;
afterEach(async () => h?.close());

const DAY = 86_400_000;

async function runJobs(): Promise<string> {
  return h.text('@root /guichet admin run-jobs');
}

describe('lifecycle at expiry', () => {
  it('GIVEN the demo services WHEN 46 days pass THEN hosting-demo and vps-demo-1 are deleted, ks-demo expires (no payment method) and example-demo.fr is renewed by a paid order', async () => {
    h = await makeHarness();
    await h.run('@bob /reminders subscribe');
    h.clock.advance(3 * DAY);
    const failed = await runJobs();
    expect(failed).not.toContain('hosting-demo:');
    expect(failed).toMatch(/ks-demo: automatic renewal failed \(no-payment-method\), expired/);
    expect((await getService(h, 'ks-demo'))!.state).toBe('expired');
    const posts = h.notifier.posts.filter((p) => p.text.includes('Automatic renewal failed: ks-demo'));
    expect(posts).toHaveLength(1);
    expect(posts[0]!.channel).toBe('console:local/general');
    await runJobs();
    expect(h.notifier.posts.filter((p) => p.text.includes('Automatic renewal failed: ks-demo'))).toHaveLength(1);
    expect((await h.run('@bob /renew manual ks-demo')).code).toBe('RENEW.EXPIRED');
    h.clock.advance(2 * DAY);
    expect(await runJobs()).toMatch(/hosting-demo: terminated at expiry/);
    expect((await getService(h, 'hosting-demo'))!.state).toBe('deleted');
    h.clock.advance(5 * DAY);
    expect(await runJobs()).toMatch(/vps-demo-1: manual renewal not paid, deleted/);
    expect((await getService(h, 'vps-demo-1'))!.state).toBe('deleted');
    h.clock.advance(35 * DAY);
    expect(await runJobs()).toMatch(/example-demo\.fr: renewed automatically \(order ORD-/);
    const renewed = (await getService(h, 'example-demo.fr'))!;
    expect(renewed).toMatchObject({ state: 'active', renewal: { expiresAt: '2028-01-07T09:00:00.000Z', mode: 'automatic' } });
    expect((await dueFor(h, 'example-demo.fr')).map((e) => e.at)).toEqual(['2028-01-07T09:00:00.000Z']);
    expect(await h.text('@alice /account emails 3')).toContain('example-demo.fr was renewed automatically');
    expect(await runJobs()).toContain('Nothing was due');
  });

  it('GIVEN a non-operator WHEN they run the jobs THEN it is refused', async () => {
    h = await makeHarness();
    expect((await h.run('@alice /guichet admin run-jobs')).code).toBe('ACCESS.NOT_OPERATOR');
  });

  it('GIVEN vps-demo-1 switched to automatic WHEN its thresholds pass THEN no renewal reminder is posted and it is renewed at expiry', async () => {
    h = await makeHarness();
    await h.run('@alice /reminders subscribe renewal');
    await h.run('@alice /renew auto vps-demo-1');
    for (let d = 0; d <= 11; d++) {
      await runJobs();
      h.clock.advance(DAY);
    }
    expect(h.notifier.posts.filter((p) => p.text.includes('vps-demo-1'))).toEqual([]);
    expect((await getService(h, 'vps-demo-1'))!.renewal!.expiresAt).toBe('2027-01-03T09:00:00.000Z');
  });

  it('GIVEN a service paid after its 7-day reminder WHEN the old thresholds pass THEN nothing more is posted for the old expiry, and the new cycle starts at 30 days', async () => {
    h = await makeHarness();
    await h.run('@alice /reminders subscribe renewal');
    await runJobs();
    h.clock.advance(3 * DAY);
    await runJobs();
    const before = h.notifier.posts.filter((p) => p.text.includes('Renewal due: vps-demo-1')).length;
    expect(before).toBe(2);
    await h.run('@alice /renew pay vps-demo-1 --yes');
    for (let d = 0; d < 10; d++) {
      h.clock.advance(DAY);
      await runJobs();
    }
    const after = h.notifier.posts.filter((p) => p.text.includes('Renewal due: vps-demo-1'));
    expect(after).toHaveLength(3);
    expect(after[2]!.text).toContain('3 Jan 2027');
    expect(after[2]!.text).toContain('in 30 day(s)');
  });

  it('GIVEN a channel subscribed only to terminations WHEN reminders fall due THEN only termination reminders are posted there', async () => {
    h = await makeHarness();
    await h.run('@alice /reminders subscribe termination');
    await runJobs();
    expect(h.notifier.posts.map((p) => p.text.split('\n')[0])).toEqual(['Termination at expiry: hosting-demo']);
  });
});

describe('job runner', () => {
  it('GIVEN a slow notifier WHEN two runs are asked at the same time THEN they run one after the other and each reminder is posted once', async () => {
    h = await makeHarness();
    await h.run('@alice /reminders subscribe');
    const post = h.notifier.post.bind(h.notifier);
    h.notifier.post = async (channel: string, message: Reply) => {
      await new Promise((r) => setTimeout(r, 20));
      return post(channel, message);
    };
    const now = h.clock.now();
    await Promise.all([h.jobs.runNow(now), h.jobs.runNow(now), h.jobs.runNow(now)]);
    expect(h.notifier.posts.map((p) => p.text.split('\n')[0]).sort()).toEqual(['Renewal due: vps-demo-1', 'Termination at expiry: hosting-demo']);
  });

  it('GIVEN 3000 services expiring in two years WHEN the jobs run THEN the run reads a handful of documents, not every service', async () => {
    let reads = 0;
    let rows = 0;
    h = await makeHarness({
      wrap: (engine: StorageEngine): StorageEngine => ({
        read: (key) => { reads++; return engine.read(key); },
        readMany: (keys) => { reads += keys.length; return engine.readMany(keys); },
        range: async (from, to, o) => { const r = await engine.range(from, to, o); rows += r.length; return r; },
        commit: (req) => engine.commit(req),
        close: () => engine.close(),
      }),
    });
    await h.uow.run(async (tx) => {
      const { putService } = await import('../src/flows/schedule.js');
      for (let i = 0; i < 3000; i++) await putService(tx, aService(`bulk-${String(i).padStart(4, '0')}`, { expiresAt: '2028-12-01T00:00:00.000Z' }));
      return { commit: true, result: undefined };
    });
    await h.jobs.runNow(h.clock.now());
    reads = 0;
    rows = 0;
    const report = await h.jobs.runNow(h.clock.now());
    expect(report.counts).toEqual({});
    expect(reads + rows).toBeLessThan(20);
  });

  it('GIVEN a due entry whose service changed meanwhile WHEN the job runs THEN it is dropped without acting', async () => {
    h = await makeHarness();
    await saveService(h, aService('gone-soon', { expiresAt: '2026-11-24T00:00:00.000Z' }));
    await h.uow.run(async (tx) => {
      tx.due.add({ at: '2026-11-20T00:00:00.000Z', kind: 'service-expiry', ref: 'gone-soon' });
      return { commit: true, result: undefined };
    });
    const report = await h.jobs.runNow(h.clock.now());
    expect(report.counts.stale).toBe(1);
    expect((await getService(h, 'gone-soon'))!.state).toBe('active');
  });
});

describe('jobs and commands at the same moment', () => {
  it('GIVEN 20 manual services expiring now WHEN their admin pays each while the lifecycle job runs THEN each is either paid and kept, or deleted with no order — never both', async () => {
    h = await makeHarness({ engine: 'sqlite' });
    const now = h.clock.now().toISOString();
    const ids = Array.from({ length: 20 }, (_, i) => `race-${i}`);
    for (const id of ids) await saveService(h, aService(id, { expiresAt: now }));
    h.clock.advance(1);
    const [report, ...replies] = await Promise.all([h.jobs.runNow(h.clock.now()), ...ids.map((id) => h.run(`@alice /renew pay ${id} --yes`))]);
    const orders = await h.uow.run(async (tx) => ({ commit: false, result: (await tx.orders.listForAccount('alice-ovh', undefined, 100)).items }));
    let paid = 0;
    for (const [i, id] of ids.entries()) {
      const s = (await getService(h, id))!;
      const ordered = orders.filter((o) => o.lines[0]!.serviceId === id);
      if (s.state === 'deleted') {
        expect(ordered, id).toHaveLength(0);
        expect(replies[i]!.code, id).toBe('SERVICE.DELETED');
      } else {
        paid++;
        expect(s.state).toBe('active');
        expect(ordered, id).toHaveLength(1);
        expect(Date.parse(s.renewal!.expiresAt)).toBeGreaterThan(h.clock.now().getTime());
        expect(await dueFor(h, id)).toContainEqual({ at: s.renewal!.expiresAt, kind: 'service-expiry', ref: id });
      }
    }
    expect(paid + (report.counts.deleted ?? 0)).toBe(20);
  });
});

describe('job registry', () => {
  it('GIVEN another family registers a lifecycle kind and a reminder kind WHEN their entries fall due THEN each is handled by one registration call, without a schedule record', async () => {
    const { JobRegistry } = await import('../src/jobs/job-registry.js');
    const { JobRunner } = await import('../src/jobs/job-runner.js');
    h = await makeHarness();
    await h.run('@alice /reminders subscribe credit');
    const seen: string[] = [];
    const registry = new JobRegistry()
      .lifecycle('credit-expiry', async (_tx, e) => { seen.push(e.ref); return { outcome: 'credit-expired' }; })
      .reminder('reminder:credit', {
        type: 'credit',
        ownerOf: (e) => `credit:${e.ref}`,
        compose: async (_tx, e) => ({ kind: 'send', id: `credit:${e.ref}:30`, accounts: ['alice-ovh'], label: e.ref, message: { subject: { en: `Credit expiring: ${e.ref}`, fr: `Crédit : ${e.ref}` }, body: { en: 'soon', fr: 'bientôt' } } }),
      });
    await h.uow.run(async (tx) => {
      tx.due.add({ at: '2026-11-01T00:00:00.000Z', kind: 'credit-expiry', ref: 'CR-1' });
      tx.due.add({ at: '2026-11-01T00:00:00.000Z', kind: 'reminder:credit', ref: 'CR-2' });
      return { commit: true, result: undefined };
    });
    const runner = new JobRunner({ registry, store: h.uow, notifier: h.notifier, config: { ...(await import('../src/core/config.js')).DEFAULT_CORE_CONFIG }, logger: h.logs });
    const report = await runner.runNow(h.clock.now());
    expect(seen).toEqual(['CR-1']);
    expect(report.counts).toMatchObject({ 'credit-expired': 1, 'reminders-sent': 1 });
    expect(h.notifier.posts.map((p) => p.text.split('\n')[0])).toEqual(['Credit expiring: CR-2']);
    await runner.runNow(h.clock.now());
    expect(h.notifier.posts).toHaveLength(1);
  });
});
