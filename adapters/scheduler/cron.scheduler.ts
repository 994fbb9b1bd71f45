import { createTask, validate, type ScheduledTask } from 'node-cron';
import { ConfigError } from '../../src/config.js';
import type { Clock } from '../../src/ports/clock.js';
import type { JobsPort } from '../../src/ports/jobs.js';
import type { Logger } from '../../src/ports/logger.js';
import type { JobTrigger } from '../../src/ports/metrics.js';
import type { StoreRunCoordinator } from './store-run-coordinator.js';

/** The node-cron task name; slot leases are named after it (`slot:guichet-jobs:TIME`). */
export const JOBS_TASK = 'guichet-jobs';
/** How long a slot's lease lasts unless extended (its holder extends it every third of this while it runs). */
export const SLOT_LEASE_MS = 60_000;

/** Settings of the job scheduler. */
export interface CronSchedulerOptions {
  /** Cron expression (5 fields, or 6 with seconds), from `GUICHET_REMINDER_CRON`. */
  readonly expression: string;
  /** IANA time zone the expression is read in, from `GUICHET_TZ`. */
  readonly timeZone: string;
  /** The jobs; `halt` (when offered) stops a run between two entries at shutdown. */
  readonly jobs: JobsPort & { halt?(): void };
  readonly clock: Clock;
  readonly logger: Logger;
  /** When given, node-cron's `distributed` mode: each slot runs in one process of those sharing the store. */
  readonly coordinator?: (takeOver: (key: string) => Promise<boolean>) => StoreRunCoordinator;
  /** Lease of a slot (default 60 s). */
  readonly slotLeaseMs?: number;
}

/**
 * Runs the lifecycle and reminder jobs on a node-cron schedule: one run at a time (a tick that comes while
 * a scheduled run is in progress is skipped; one that comes during a takeover waits for it), errors logged, never thrown. With a coordinator, several
 * processes share the schedule: each slot is run by the one that takes its lease. `stop` halts the run in
 * progress after its current entry and hands the slot over (released), so another process finishes it.
 */
export class CronScheduler {
  readonly #task: ScheduledTask;
  readonly #coordinator: StoreRunCoordinator | undefined;
  #running: Promise<boolean> | undefined;
  #runs = 0;

  /** Validates the expression (naming the variable when wrong) and prepares the task, stopped. */
  constructor(private readonly options: CronSchedulerOptions) {
    if (!validate(options.expression)) {
      throw new ConfigError(`Invalid configuration:\n  GUICHET_REMINDER_CRON: not a valid cron expression (got ${JSON.stringify(options.expression)})`);
    }
    const log = options.logger.child({ component: 'cron' });
    const text = (m: string | Error) => (m instanceof Error ? m.message : m);
    this.#coordinator = options.coordinator?.((key) => this.#run('takeover', key));
    this.#task = createTask(options.expression, () => this.#tick(), {
      timezone: options.timeZone,
      noOverlap: true,
      name: JOBS_TASK,
      ...(this.#coordinator ? { distributed: true, runCoordinator: this.#coordinator, distributedLease: options.slotLeaseMs ?? SLOT_LEASE_MS } : {}),
      // node-cron's own messages (a tick skipped while a run is in progress…) go to our logger, not stderr.
      logger: {
        info: (m) => log.debug({}, text(m)),
        debug: (m) => log.debug({}, text(m)),
        warn: (m) => log.info({}, text(m)),
        error: (m, e) => log.error({ err: e?.message }, text(m)),
      },
    });
  }

  /** Number of runs completed since start (scheduled and taken over). */
  get runs(): number {
    return this.#runs;
  }

  /** Starts the schedule. */
  async start(): Promise<void> {
    await this.#task.start();
    this.options.logger.info({ cron: this.options.expression, tz: this.options.timeZone, distributed: this.#coordinator !== undefined }, 'job scheduler started');
  }

  /** Stops the schedule, halts the run in progress after its current entry, hands its slot over, and releases the task. */
  async stop(): Promise<void> {
    await this.#task.stop();
    this.options.jobs.halt?.();
    await this.#running?.catch(() => undefined);
    await this.#coordinator?.stop();
    await this.#task.destroy();
  }

  async #tick(): Promise<void> {
    // node-cron's noOverlap already skips a tick while the previous scheduled run lasts; a takeover in progress is waited for.
    const complete = await this.#run('scheduled');
    if (!complete) this.#coordinator?.markIncomplete();
  }

  /** One run of the jobs (after the one in progress, if any); resolves true when it handled everything due. */
  #run(trigger: JobTrigger, slot?: string): Promise<boolean> {
    const previous = this.#running ?? Promise.resolve(true);
    const run: Promise<boolean> = previous.catch(() => true).then(async () => {
      try {
        const report = await this.options.jobs.runNow(this.options.clock.now(), { trigger });
        this.#runs++;
        this.options.logger.info({ counts: report.counts, trigger, ...(slot ? { slot } : {}) }, 'scheduled jobs ran');
        return report.complete !== false;
      } catch (error) {
        this.options.logger.error({ err: error instanceof Error ? error.message : String(error) }, 'scheduled jobs failed');
        return true;
      }
    });
    this.#running = run;
    void run.finally(() => {
      if (this.#running === run) this.#running = undefined;
    });
    return run;
  }
}
