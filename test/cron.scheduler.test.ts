import { afterEach, describe, expect, it } from 'vitest';
import { CronScheduler } from '../adapters/scheduler/cron.scheduler.js';
import { ConfigError } from '../src/config.js';
import type { JobReport, JobsPort } from '../src/ports/jobs.js';
import { makeHarness, type Harness } from './support/harness.js';

let h: Harness | undefined;
let scheduler: CronScheduler | undefined;
afterEach(async () => {
  await scheduler?.stop();
  await h?.close();
  scheduler = undefined;
  h = undefined;
});

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe('node-cron scheduler', () => {
  it('GIVEN a schedule of every second WHEN it is started THEN node-cron really runs the jobs (a reminder is posted), and after stop no run starts', async () => {
    h = await makeHarness();
    await h.run('@alice /reminders subscribe');
    scheduler = new CronScheduler({ expression: '* * * * * *', timeZone: 'Europe/Paris', jobs: h.jobs, clock: h.clock, logger: h.logs });
    await scheduler.start();
    await until(() => h!.notifier.posts.length >= 2, 'a scheduled run');
    await scheduler.stop();
    const runs = scheduler.runs;
    const posts = h.notifier.posts.length;
    expect(runs).toBeGreaterThanOrEqual(1);
    expect(h.notifier.posts.map((p) => p.text.split('\n')[0]).sort()).toEqual(['Renewal due: vps-demo-1', 'Termination at expiry: hosting-demo']);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(scheduler.runs).toBe(runs);
    expect(h.notifier.posts.length).toBe(posts);
    scheduler = undefined;
  });

  it('GIVEN a run slower than the schedule WHEN ticks come during it THEN runs never overlap', async () => {
    let active = 0;
    let most = 0;
    let calls = 0;
    const slow: JobsPort = {
      async runNow(now: Date): Promise<JobReport> {
        calls++;
        active++;
        most = Math.max(most, active);
        await new Promise((r) => setTimeout(r, 2_200));
        active--;
        return { at: now.toISOString(), counts: {}, lines: [] };
      },
    };
    h = await makeHarness({ demo: false });
    scheduler = new CronScheduler({ expression: '* * * * * *', timeZone: 'UTC', jobs: slow, clock: h.clock, logger: h.logs });
    await scheduler.start();
    await until(() => calls >= 2, 'two runs');
    await scheduler.stop();
    expect(most).toBe(1);
    scheduler = undefined;
  });

  it('GIVEN a malformed GUICHET_REMINDER_CRON WHEN the scheduler is built THEN start-up stops with a message naming the variable', async () => {
    h = await makeHarness({ demo: false });
    expect(() => new CronScheduler({ expression: '61 * * * *', timeZone: 'UTC', jobs: h!.jobs, clock: h!.clock, logger: h!.logs })).toThrow(ConfigError);
    expect(() => new CronScheduler({ expression: 'every day', timeZone: 'UTC', jobs: h!.jobs, clock: h!.clock, logger: h!.logs })).toThrow(/GUICHET_REMINDER_CRON/);
  });
});
