import { afterEach, describe, expect, it } from 'vitest';
import { CronScheduler } from '../adapters/scheduler/cron.scheduler.js';
import { slotLease, StoreRunCoordinator } from '../adapters/scheduler/store-run-coordinator.js';
import { Lease } from '../src/domain/lease.js';
import { Leases } from '../src/jobs/leases.js';
import { JOBS } from '../src/jobs/index.js';
import { JobRunner } from '../src/jobs/job-runner.js';
import { DEFAULT_CORE_CONFIG } from '../src/core/config.js';
import { ManualClock, systemClock, type Clock } from '../src/ports/clock.js';
import type { JobReport, JobRunOptions, JobsPort } from '../src/ports/jobs.js';
import { makeHarness, type Harness } from './support/harness.js';

let h: Harness | undefined;
const schedulers: CronScheduler[] = [];
afterEach(async () => {
  for (const s of schedulers.splice(0)) await s.stop();
  await h?.close();
  h = undefined;
});

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** Jobs that record each run; a run started while `holdRuns` is set lasts until the runner is halted. */
class FakeJobs implements JobsPort {
  readonly runs: string[] = [];
  /** Scheduled runs last until the runner is halted (a slot in progress at SIGTERM). */
  holdScheduled = false;
  #halted = false;
  #wake: (() => void) | undefined;
  async runNow(now: Date, options: JobRunOptions = {}): Promise<JobReport> {
    this.runs.push(options.trigger ?? 'manual');
    if (this.holdScheduled && options.trigger === 'scheduled') await new Promise<void>((r) => (this.#wake = r));
    return { at: now.toISOString(), counts: {}, lines: [], ...(this.#halted ? { complete: false as const } : {}) };
  }
  halt(): void {
    this.#halted = true;
    this.#wake?.();
  }
}

function coordinatorFor(holder: string, clock: Clock = systemClock, watchMs = 20) {
  return (takeOver: (key: string) => Promise<boolean>) =>
    new StoreRunCoordinator({ leases: new Leases(h!.uow, holder), clock, logger: h!.logs, watchMs, onTakeOver: takeOver });
}

function schedule(jobs: JobsPort & { halt?(): void }, holder: string, expression = '* * * * * *'): CronScheduler {
  const s = new CronScheduler({ expression, timeZone: 'UTC', jobs, clock: h!.clock, logger: h!.logs, coordinator: coordinatorFor(holder) });
  schedulers.push(s);
  return s;
}

async function slotLeases(): Promise<Lease[]> {
  const rows = await h!.engine.range('lease:slot:', 'lease:slot:\uffff', { limit: 1000 });
  return rows.map((r) => Lease.parse(r.value));
}

describe('jobs shared by several processes (node-cron distributed mode)', () => {
  it('GIVEN two processes scheduling the jobs every second on one store WHEN they run for a few seconds THEN each slot runs in exactly one of them and its lease is kept as done', async () => {
    h = await makeHarness({ demo: false });
    const a = new FakeJobs();
    const b = new FakeJobs();
    const sa = schedule(a, 'A');
    const sb = schedule(b, 'B');
    await Promise.all([sa.start(), sb.start()]);
    await until(() => a.runs.length + b.runs.length >= 3, 'three slots');
    await Promise.all([sa.stop(), sb.stop()]);
    const leases = await slotLeases();
    expect(leases.length).toBeGreaterThanOrEqual(3);
    expect(leases.every((l) => l.state === 'done' && /^slot:\d{4}-.*Z:guichet-jobs$/.test(l.name))).toBe(true);
    expect(a.runs.length + b.runs.length).toBe(leases.length);
    expect(leases.filter((l) => l.holder === 'A').length).toBe(a.runs.length);
  });

  it('GIVEN a process halted by SIGTERM in the middle of a slot WHEN it stops THEN it hands the slot over and the other process finishes it at once', async () => {
    h = await makeHarness({ demo: false });
    // One slot a minute, two seconds from now: both processes are asked for it, one is elected, the other watches it.
    const second = (new Date().getUTCSeconds() + 2) % 60;
    const jobs = [new FakeJobs(), new FakeJobs()];
    for (const j of jobs) j.holdScheduled = true;
    const [sa, sb] = ['A', 'B'].map((holder, i) => schedule(jobs[i]!, holder, `${second} * * * * *`));
    await Promise.all([sa!.start(), sb!.start()]);
    await until(() => jobs.some((j) => j.runs.includes('scheduled')), 'the slot running in one process');
    const elected = jobs[0]!.runs.includes('scheduled') ? 0 : 1;
    const other = jobs[1 - elected]!;
    expect(other.runs).toEqual([]);
    await [sa, sb][elected]!.stop();
    await until(() => other.runs.includes('takeover'), 'the other process taking the slot over');
    await [sa, sb][1 - elected]!.stop();
    const leases = await slotLeases();
    expect(leases).toHaveLength(1);
    expect(leases[0]).toMatchObject({ holder: ['A', 'B'][1 - elected], state: 'done' });
    expect(other.runs).toEqual(['takeover']);
  });

  it('GIVEN the holder of a slot dies WHEN its lease lapses THEN a process that was not elected takes the slot over and runs it', async () => {
    h = await makeHarness({ demo: false });
    const clock = new ManualClock('2026-11-23T09:00:00Z');
    const taken: string[] = [];
    const a = coordinatorFor('A', clock)(async () => true);
    const b = coordinatorFor('B', clock)(async (key) => { taken.push(key); return true; });
    const key = 'guichet-jobs:2026-11-23T09:00:00.000Z';
    expect(await a.shouldRun(key, 60_000)).toBe(true);
    a.abandon();
    expect(await b.shouldRun(key, 60_000)).toBe(false);
    await new Promise((r) => setTimeout(r, 100));
    expect(taken).toEqual([]);
    clock.advance(60_001);
    await until(() => taken.length === 1, 'the takeover');
    const lease = await new Leases(h.uow, 'B').read(slotLease(key));
    await b.stop();
    expect(taken).toEqual([key]);
    expect(lease?.holder).toBe('B');
  });

  it('GIVEN slot leases kept as done WHEN a run of the jobs comes more than two days after one ended THEN that one is purged and the recent one kept', async () => {
    h = await makeHarness({ demo: false });
    const clock = new ManualClock('2026-11-20T09:00:00Z');
    const a = coordinatorFor('A', clock)(async () => true);
    for (const key of ['guichet-jobs:2026-11-20T09:00:00.000Z', 'guichet-jobs:2026-11-22T08:00:00.000Z']) {
      clock.set(key.slice('guichet-jobs:'.length));
      expect(await a.shouldRun(key, 60_000)).toBe(true);
      await a.onComplete(key);
    }
    await a.stop();
    clock.set('2026-11-22T09:30:00Z');
    const runner = new JobRunner({ registry: JOBS, store: h.uow, notifier: h.notifier, config: DEFAULT_CORE_CONFIG, logger: h.logs, leaseClock: clock });
    await runner.runNow(h.clock.now());
    expect((await slotLeases()).map((l) => l.name)).toEqual(['slot:2026-11-22T08:00:00.000Z:guichet-jobs']);
  });

  it('GIVEN a slot already done WHEN a late process asks for it THEN it is not run again', async () => {
    h = await makeHarness({ demo: false });
    const a = coordinatorFor('A')(async () => true);
    const b = coordinatorFor('B')(async () => true);
    const key = 'guichet-jobs:2026-11-23T09:15:00.000Z';
    expect(await a.shouldRun(key, 1)).toBe(true);
    await a.onComplete(key);
    await new Promise((r) => setTimeout(r, 5));
    expect(await b.shouldRun(key, 60_000)).toBe(false);
    expect(await a.shouldRun(key, 60_000)).toBe(false);
    await Promise.all([a.stop(), b.stop()]);
  });
});
