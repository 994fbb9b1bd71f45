import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CronScheduler } from '../adapters/scheduler/cron.scheduler.js';
import { ConfigError } from '../src/config.js';
import type { Clock } from '../src/ports/clock.js';
import type { JobReport, JobsPort } from '../src/ports/jobs.js';
import { StoreGate } from './support/store-gate.js';
import { DEMO_NOW, makeHarness, type Harness } from './support/harness.js';

// node-cron schedules with setTimeout and reads the time with Date: both are faked, so the tests move time
// themselves (advanceTimersByTimeAsync) and never sleep on the real clock.
let h: Harness | undefined;
let scheduler: CronScheduler | undefined;
/** Lets held runs and stores go, so a failing case ends at once instead of timing out. */
const unblock: (() => void)[] = [];
beforeEach(() => {
  vi.useFakeTimers({ now: new Date(DEMO_NOW), toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(async () => {
  for (const go of unblock.splice(0)) go();
  const stopping = scheduler?.stop();
  await vi.runOnlyPendingTimersAsync();
  await stopping;
  vi.useRealTimers();
  await h?.close();
  scheduler = undefined;
  h = undefined;
});

/** The faked time, as the jobs read it. */
const fakeClock: Clock = { now: () => new Date() };

/** A jobs port whose runs last until the test lets them finish; it records how many overlap. */
class HeldJobs implements JobsPort {
  calls = 0;
  active = 0;
  most = 0;
  #release: (() => void)[] = [];
  constructor() {
    unblock.push(() => this.finish());
  }
  async runNow(now: Date): Promise<JobReport> {
    this.calls++;
    this.active++;
    this.most = Math.max(this.most, this.active);
    await new Promise<void>((r) => this.#release.push(r));
    this.active--;
    return { at: now.toISOString(), counts: {}, lines: [] };
  }
  /** Lets every run in progress finish. */
  finish(): void {
    for (const r of this.#release.splice(0)) r();
  }
}

async function started(jobs: JobsPort): Promise<CronScheduler> {
  h ??= await makeHarness({ demo: false });
  scheduler = new CronScheduler({ expression: '* * * * * *', timeZone: 'UTC', jobs, clock: fakeClock, logger: h.logs });
  await scheduler.start();
  return scheduler;
}

describe('node-cron scheduler, on a faked clock', () => {
  it('GIVEN a schedule of every second WHEN time passes THEN node-cron runs the real jobs (reminders are posted), and after stop no run starts', async () => {
    h = await makeHarness({ now: DEMO_NOW });
    await h.run('@alice /reminders subscribe');
    const s = await started(h.jobs);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(s.runs).toBe(1);
    expect(h.notifier.posts.map((p) => p.text.split('\n')[0]).sort()).toEqual(['Renewal due: vps-demo-1', 'Termination at expiry: hosting-demo']);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(s.runs).toBe(3);
    await s.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(s.runs).toBe(3);
    expect(h.notifier.posts).toHaveLength(2);
    scheduler = undefined;
  });

  it('GIVEN a run slower than the schedule WHEN ticks come during it THEN node-cron skips them (guard 1: noOverlap), so one run at a time', async () => {
    const jobs = new HeldJobs();
    await started(jobs);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(jobs.calls).toBe(1);
    jobs.finish();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(jobs.calls).toBe(2);
    jobs.finish();
    expect(jobs.most).toBe(1);
  });

  it('GIVEN an operator’s /guichet admin run-jobs in progress WHEN a scheduled tick comes THEN its run waits for the first to end (guard 2: the runner runs one at a time)', async () => {
    const gate = new StoreGate();
    h = await makeHarness({ now: DEMO_NOW, wrap: gate.wrap });
    unblock.push(() => gate.release());
    gate.arm();
    const operatorRun = h.jobs.runNow(new Date());
    await gate.entered;
    const s = await started(h.jobs);
    await vi.advanceTimersByTimeAsync(1_000);
    // Only the operator's run reached the store: the scheduled one is queued behind it, not interleaved.
    expect(gate.events.filter((e) => e === 'store-entered')).toHaveLength(1);
    expect(h.jobs.busy).toBe(true);
    gate.release();
    await operatorRun;
    await vi.advanceTimersByTimeAsync(0);
    expect(s.runs).toBe(1);
  });

  it('GIVEN a run in progress WHEN the scheduler is stopped THEN stop waits for that run to end', async () => {
    const jobs = new HeldJobs();
    const s = await started(jobs);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(jobs.active).toBe(1);
    let stopped = false;
    const stopping = s.stop().then(() => { stopped = true; });
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    jobs.finish();
    await stopping;
    expect(stopped).toBe(true);
    scheduler = undefined;
  });

  it('GIVEN a malformed GUICHET_REMINDER_CRON WHEN the scheduler is built THEN start-up stops with a message naming the variable', async () => {
    h = await makeHarness({ demo: false });
    expect(() => new CronScheduler({ expression: '61 * * * *', timeZone: 'UTC', jobs: h!.jobs, clock: h!.clock, logger: h!.logs })).toThrow(ConfigError);
    expect(() => new CronScheduler({ expression: 'every day', timeZone: 'UTC', jobs: h!.jobs, clock: h!.clock, logger: h!.logs })).toThrow(/GUICHET_REMINDER_CRON/);
  });
});
