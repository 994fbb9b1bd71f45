import type { CoreConfig } from '../core/config.js';
import { randomCode } from '../domain/ids.js';
import { systemClock, type Clock } from '../ports/clock.js';
import type { JobReport, JobReportFeed, JobRunOptions, JobsPort } from '../ports/jobs.js';
import type { Logger } from '../ports/logger.js';
import type { AccountOverviewSource, AccountReader } from '../core/views.js';
import type { ImageRenderer } from '../ports/images.js';
import type { DigestChartDeps } from './digest-charts.js';
import { noMetrics, type Metrics } from '../ports/metrics.js';
import type { Notifier } from '../ports/notifier.js';
import type { DueEntry, Tx, UnitOfWork } from '../ports/store.js';
import type { JobContext, JobRegistry } from './job-registry.js';
import { ReportBuilder } from './job-report.js';
import { runSyncPhase } from './sync-phase.js';
import { deliverReminder, keyOf, type ReminderDeliveryDeps } from './reminder-delivery.js';
import { DAY_MS } from '../domain/time.js';

/** How long the outcome of an invocation is kept to answer retries (buttons live at most 7 days). */
export const INVOCATION_RETENTION_MS = 14 * DAY_MS;
/** How long a finished job slot's lease (and a released reminder claim) is kept, then purged by a run. */
export const SLOT_RETENTION_MS = 2 * DAY_MS;
/** How long a claim on a reminder lasts; a process that died while posting leaves it to lapse after this. */
export const CLAIM_TTL_MS = 10 * 60_000;
/** How long an expired button is kept, so a late click is told what to type instead (then it is purged). */
export const EXPIRED_BUTTON_RETENTION_MS = DAY_MS;
/** At most this many old records of each kind are forgotten per run. */
const PURGE_BATCH = 2_000;

/** What the runner needs. */
export interface JobRunnerDeps {
  readonly registry: JobRegistry;
  readonly store: UnitOfWork;
  readonly notifier: Notifier;
  readonly config: CoreConfig;
  readonly logger: Logger;
  /** Entries read per batch (a run costs what is due, read in batches). */
  readonly batch?: number;
  /** Entries handled per run at most; the rest wait for the next run. */
  readonly maxPerRun?: number;
  /** Names this process in the leases it takes (default: a random name). */
  readonly holder?: string;
  /** Real time for leases and claims (default: the system clock, even when the domain clock is fixed). */
  readonly leaseClock?: Clock;
  /** How long a reminder claim lasts (default 10 minutes). */
  readonly claimTtlMs?: number;
  readonly metrics?: Metrics;
  /** Monotonic milliseconds (default `performance.now`). */
  readonly ticker?: () => number;
}

/**
 * Runs what the date index says is due: sync handlers first (outside units of work, see `runSyncPhase`), then
 * lifecycle handlers and the `settle` step of reminder sources that have one (each in its own unit of work, so two
 * processes running the same entry commit it once), then reminders (claimed and read in a unit of work →
 * posted outside any unit of work → marked sent in a unit of work, see `deliverReminder`). One run at a time
 * per process: overlapping calls wait for the previous run. `halt` stops a run between two entries.
 */
export class JobRunner implements JobsPort, JobReportFeed {
  readonly #listeners = new Set<(report: JobReport) => void>();
  #overviews: AccountOverviewSource | undefined;
  #charts: DigestChartDeps | undefined;
  #tail: Promise<unknown> = Promise.resolve();
  #busy = false;
  #halted = false;
  readonly #delivery: ReminderDeliveryDeps;
  /** Wires the runner. */
  constructor(private readonly deps: JobRunnerDeps) {
    this.#delivery = {
      store: deps.store, notifier: deps.notifier, logger: deps.logger, metrics: deps.metrics ?? noMetrics,
      holder: deps.holder ?? `jobs-${randomCode(10)}`, leaseClock: deps.leaseClock ?? systemClock,
      claimTtlMs: deps.claimTtlMs ?? CLAIM_TTL_MS, ticker: deps.ticker ?? (() => performance.now()),
    };
  }

  /** The name this process's claims carry. */
  get holder(): string {
    return this.#delivery.holder;
  }

  /** Hands the jobs the core's overviews of accounts (the weekly digest); the core is built after the runner. */
  useOverviews(source: AccountOverviewSource): void {
    this.#overviews = source;
  }

  /**
   * Hands the weekly digest what its credit charts need: the core's reads of an account through the provider, and the
   * image renderer (without one, digests go without charts; said once here).
   */
  useCharts(read: AccountReader, images: ImageRenderer | undefined): void {
    if (!images) this.deps.logger.warn({}, 'weekly digests carry no credit chart: no image renderer is wired');
    this.#charts = { read, ...(images ? { images } : {}), logger: this.deps.logger };
  }

  /** Calls `listener` with the report of each finished run; returns a function that stops it. */
  onReport(listener: (report: JobReport) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** True while a run is in progress. */
  get busy(): boolean {
    return this.#busy;
  }

  /** Stops the run in progress after the entry it is on, and any later run before it starts (shutdown). */
  halt(): void {
    this.#halted = true;
  }

  /** Runs every due job as of `now`, after any run in progress; resolves with the report. */
  runNow(now: Date, options: JobRunOptions = {}): Promise<JobReport> {
    const run = this.#tail.then(async () => {
      this.#busy = true;
      try {
        const report = await this.#run(now);
        this.#delivery.metrics.jobRun(options.trigger ?? 'manual', report.complete !== false);
        for (const listener of this.#listeners) {
          try {
            listener(report);
          } catch (error) {
            this.deps.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'job report listener failed');
          }
        }
        return report;
      } catch (error) {
        this.#delivery.metrics.jobRun(options.trigger ?? 'manual', false);
        throw error;
      } finally {
        this.#busy = false;
      }
    });
    this.#tail = run.catch(() => undefined);
    return run;
  }

  async #run(now: Date): Promise<JobReport> {
    const report = new ReportBuilder();
    const ctx: JobContext = { now, config: this.deps.config, ...(this.#overviews ? { overviews: this.#overviews } : {}), ...(this.#charts ? { charts: this.#charts } : {}) };
    let halted = false;
    await runSyncPhase(this.deps, now, report, async (handle) => { halted ||= !(await this.#phase(now, 'sync', handle)); });
    let complete = !halted && (await this.#phase(now, 'lifecycle', (e) => this.#lifecycle(e, ctx, report)));
    const sentThisRun = new Set<string>();
    if (complete) complete = await this.#phase(now, 'reminder', (e) => this.#reminder(e, ctx, report, sentThisRun));
    if (complete) await this.#purge(now, report);
    this.deps.logger.info({ at: now.toISOString(), counts: report.counts, ...(complete ? {} : { halted: true }) }, 'jobs run');
    const accounts = report.accounts;
    return { at: now.toISOString(), counts: report.counts, lines: report.lines, ...(accounts.length ? { accounts } : {}), ...(complete ? {} : { complete: false }) };
  }

  /** Forgets what is kept only for a while: replies to retries, the remote-call journal, expired buttons, tokens kept for service mails, ended leases. */
  async #purge(now: Date, report: ReportBuilder): Promise<void> {
    const cutoff = new Date(now.getTime() - INVOCATION_RETENTION_MS);
    // Finished job slots and released reminder claims are kept two days of real time (a deleted one would read as never taken).
    const ended = new Date(this.#delivery.leaseClock.now().getTime() - SLOT_RETENTION_MS);
    const purges: [string, (tx: Tx) => Promise<number>][] = [
      ['invocation-records-purged', (tx) => tx.invocations.purgeBefore(cutoff, PURGE_BATCH)],
      ['effect-records-purged', (tx) => tx.effects.purgeBefore(cutoff, PURGE_BATCH)],
      ['button-records-purged', (tx) => tx.actions.purgeBefore(new Date(now.getTime() - EXPIRED_BUTTON_RETENTION_MS), PURGE_BATCH)],
      ['kept-secrets-erased', (tx) => tx.secrets.purgeBefore(now, PURGE_BATCH)],
      ['leases-purged', (tx) => tx.leases.purgeEnded(ended, PURGE_BATCH)],
    ];
    for (const [outcome, purge] of purges) {
      const n = await this.deps.store.run(async (tx) => {
        const count = await purge(tx);
        return { commit: count > 0, result: count };
      });
      if (n > 0) report.count(outcome, n);
    }
  }


  /** Reads due entries in batches and hands those of `phase` to `handle`, each at most once per run; false when halted. */
  async #phase(now: Date, phase: 'sync' | 'lifecycle' | 'reminder', handle: (e: DueEntry) => Promise<void>): Promise<boolean> {
    const batch = this.deps.batch ?? 200;
    const max = this.deps.maxPerRun ?? 10_000;
    const seen = new Set<string>();
    let handled = 0;
    let after: DueEntry | undefined;
    for (;;) {
      if (this.#halted) return false;
      const due = await this.deps.store.run(async (tx) => ({ commit: false, result: await tx.due.until(now, batch, after) }));
      if (due.length === 0) return true;
      after = due[due.length - 1];
      for (const e of due.filter((x) => !seen.has(keyOf(x)))) {
        seen.add(keyOf(e));
        const handler = this.deps.registry.get(e.kind);
        if (!handler) {
          if (phase === 'lifecycle') this.deps.logger.warn({ kind: e.kind, ref: e.ref }, 'no handler for due entry');
          continue;
        }
        if (handler.phase !== phase && !(phase === 'lifecycle' && handler.phase === 'reminder' && handler.source.settle)) continue;
        if (++handled > max) return true;
        if (this.#halted) return false;
        await handle(e);
      }
    }
  }

  /** Applies a lifecycle entry, or settles a reminder entry whose source settles (nothing committed when nothing is due). */
  async #lifecycle(entry: DueEntry, ctx: JobContext, report: ReportBuilder): Promise<void> {
    const handler = this.deps.registry.get(entry.kind);
    const settle = handler?.phase === 'reminder' ? handler.source.settle : undefined;
    if (handler?.phase !== 'lifecycle' && !settle) return;
    try {
      const result = await this.deps.store.run(async (tx) => {
        if (handler?.phase !== 'lifecycle') {
          const settled = await settle!(tx, entry, ctx);
          return { commit: settled !== undefined, result: settled };
        }
        const r = await handler.apply(tx, entry, ctx);
        tx.due.remove(entry);
        return { commit: true, result: r };
      });
      if (!result) return;
      report.count(result.outcome);
      report.touched(result.accounts);
      if (result.line) report.line(result.line);
      for (const d of result.directs ?? []) {
        const delivery = await this.deps.notifier.direct(d.to, d.message);
        if (!delivery.ok) this.deps.logger.warn({ kind: entry.kind, ref: entry.ref, reason: delivery.reason }, 'private notice not delivered (kept in service e-mails)');
      }
    } catch (error) {
      report.count('errors');
      this.deps.logger.error({ kind: entry.kind, ref: entry.ref, err: error instanceof Error ? error.message : String(error) }, 'job failed');
    }
  }

  async #reminder(entry: DueEntry, ctx: JobContext, report: ReportBuilder, sentThisRun: Set<string>): Promise<void> {
    const handler = this.deps.registry.get(entry.kind);
    if (handler?.phase !== 'reminder') return;
    try {
      await deliverReminder(this.#delivery, handler.source, entry, ctx, report, sentThisRun);
    } catch (error) {
      report.count('errors');
      this.deps.logger.error({ kind: entry.kind, ref: entry.ref, err: error instanceof Error ? error.message : String(error) }, 'reminder failed');
    }
  }
}
