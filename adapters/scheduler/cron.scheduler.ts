import { createTask, validate, type ScheduledTask } from 'node-cron';
import { ConfigError } from '../../src/config.js';
import type { Clock } from '../../src/ports/clock.js';
import type { JobsPort } from '../../src/ports/jobs.js';
import type { Logger } from '../../src/ports/logger.js';

/** Settings of the job scheduler. */
export interface CronSchedulerOptions {
  /** Cron expression (5 fields, or 6 with seconds), from `GUICHET_REMINDER_CRON`. */
  readonly expression: string;
  /** IANA time zone the expression is read in, from `GUICHET_TZ`. */
  readonly timeZone: string;
  readonly jobs: JobsPort;
  readonly clock: Clock;
  readonly logger: Logger;
}

/**
 * Runs the lifecycle and reminder jobs on a node-cron schedule, errors logged, never thrown; `stop` waits for the
 * run in progress. Runs never overlap, by two guards with distinct jobs: node-cron's `noOverlap` skips a tick that
 * comes while the scheduled run is in progress, and the job runner runs one run at a time, so a tick during an
 * operator's `/guichet admin run-jobs` waits for it (each is proved by its own case in cron.scheduler.test.ts).
 */
export class CronScheduler {
  readonly #task: ScheduledTask;
  #running: Promise<unknown> | undefined;
  #runs = 0;

  /** Validates the expression (naming the variable when wrong) and prepares the task, stopped. */
  constructor(private readonly options: CronSchedulerOptions) {
    if (!validate(options.expression)) {
      throw new ConfigError(`Invalid configuration:\n  GUICHET_REMINDER_CRON: not a valid cron expression (got ${JSON.stringify(options.expression)})`);
    }
    const log = options.logger.child({ component: 'cron' });
    const text = (m: string | Error) => (m instanceof Error ? m.message : m);
    this.#task = createTask(options.expression, () => this.#tick(), {
      timezone: options.timeZone,
      noOverlap: true,
      name: 'guichet-jobs',
      // node-cron's own messages (a tick skipped while a run is in progress…) go to our logger, not stderr.
      logger: {
        info: (m) => log.debug({}, text(m)),
        debug: (m) => log.debug({}, text(m)),
        warn: (m) => log.info({}, text(m)),
        error: (m, e) => log.error({ err: e?.message }, text(m)),
      },
    });
  }

  /** Number of runs completed since start. */
  get runs(): number {
    return this.#runs;
  }

  /** Starts the schedule. */
  async start(): Promise<void> {
    await this.#task.start();
    this.options.logger.info({ cron: this.options.expression, tz: this.options.timeZone }, 'job scheduler started');
  }

  /** Stops the schedule, waits for the run in progress, and releases the task. */
  async stop(): Promise<void> {
    await this.#task.stop();
    await this.#running?.catch(() => undefined);
    await this.#task.destroy();
  }

  async #tick(): Promise<void> {
    const run = (async () => {
      try {
        const report = await this.options.jobs.runNow(this.options.clock.now());
        this.#runs++;
        this.options.logger.info({ counts: report.counts }, 'scheduled jobs ran');
      } catch (error) {
        this.options.logger.error({ err: error instanceof Error ? error.message : String(error) }, 'scheduled jobs failed');
      }
    })();
    this.#running = run;
    try {
      await run;
    } finally {
      this.#running = undefined;
    }
  }
}
