import type { CoreConfig } from '../core/config.js';
import type { Locale } from '../core/i18n.js';
import type { JobReport, JobsPort } from '../ports/jobs.js';
import type { Logger } from '../ports/logger.js';
import type { Notifier } from '../ports/notifier.js';
import type { DueEntry, UnitOfWork } from '../ports/store.js';
import type { JobContext, JobRegistry, ReminderPlan } from './job-registry.js';
import { runSyncPhase } from './sync-phase.js';
import { jobMail } from './job-effects.js';
import { render, ReportBuilder } from './job-report.js';
import { moveEntry } from './schedule.js';
import { DAY_MS } from '../domain/time.js';

/** How long the outcome of an invocation is kept to answer retries (buttons live at most 7 days). */
export const INVOCATION_RETENTION_MS = 14 * DAY_MS;
/** At most this many old invocation records are forgotten per run. */
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
}

const keyOf = (e: DueEntry) => `${e.at}|${e.kind}|${e.ref}`;
const same = (a: DueEntry, b: DueEntry) => keyOf(a) === keyOf(b);
/** True unless the owner keeps a schedule record that no longer lists the entry (owners without a record are trusted). */
const owns = (schedule: readonly DueEntry[], e: DueEntry) => schedule.length === 0 || schedule.some((x) => same(x, e));

/**
 * Runs what the date index says is due: sync handlers first (outside units of work, see `runSyncPhase`),
 * then lifecycle handlers (each in its own unit of work), then reminders (read in a unit of work → posted outside any unit of work → marked sent in a
 * unit of work). One run at a time: overlapping calls wait for the previous run.
 */
export class JobRunner implements JobsPort {
  #tail: Promise<unknown> = Promise.resolve();
  #busy = false;
  /** Wires the runner. */
  constructor(private readonly deps: JobRunnerDeps) {}

  /** True while a run is in progress. */
  get busy(): boolean {
    return this.#busy;
  }

  /** Runs every due job as of `now`, after any run in progress; resolves with the report. */
  runNow(now: Date): Promise<JobReport> {
    const run = this.#tail.then(async () => {
      this.#busy = true;
      try {
        return await this.#run(now);
      } finally {
        this.#busy = false;
      }
    });
    this.#tail = run.catch(() => undefined);
    return run;
  }

  async #run(now: Date): Promise<JobReport> {
    const report = new ReportBuilder();
    const ctx: JobContext = { now, config: this.deps.config };
    await runSyncPhase(this.deps, now, report, (handle) => this.#phase(now, 'sync', handle));
    await this.#phase(now, 'lifecycle', (e) => this.#lifecycle(e, ctx, report));
    const sentThisRun = new Set<string>();
    await this.#phase(now, 'reminder', (e) => this.#reminder(e, ctx, report, sentThisRun));
    const cutoff = new Date(now.getTime() - INVOCATION_RETENTION_MS);
    const purged = await this.deps.store.run(async (tx) => {
      const n = await tx.invocations.purgeBefore(cutoff, PURGE_BATCH);
      return { commit: n > 0, result: n };
    });
    if (purged > 0) report.count('invocation-records-purged', purged);
    const effects = await this.deps.store.run(async (tx) => {
      const n = await tx.effects.purgeBefore(cutoff, PURGE_BATCH);
      return { commit: n > 0, result: n };
    });
    if (effects > 0) report.count('effect-records-purged', effects);
    this.deps.logger.info({ at: now.toISOString(), counts: report.counts }, 'jobs run');
    return { at: now.toISOString(), counts: report.counts, lines: report.lines };
  }

  /** Reads due entries in batches and hands those of `phase` to `handle`, each at most once per run. */
  async #phase(now: Date, phase: 'sync' | 'lifecycle' | 'reminder', handle: (e: DueEntry) => Promise<void>): Promise<void> {
    const batch = this.deps.batch ?? 200;
    const max = this.deps.maxPerRun ?? 10_000;
    const seen = new Set<string>();
    let handled = 0;
    let after: DueEntry | undefined;
    for (;;) {
      const due = await this.deps.store.run(async (tx) => ({ commit: false, result: await tx.due.until(now, batch, after) }));
      if (due.length === 0) return;
      after = due[due.length - 1];
      for (const e of due.filter((x) => !seen.has(keyOf(x)))) {
        seen.add(keyOf(e));
        const handler = this.deps.registry.get(e.kind);
        if (!handler) {
          if (phase === 'lifecycle') this.deps.logger.warn({ kind: e.kind, ref: e.ref }, 'no handler for due entry');
          continue;
        }
        if (handler.phase !== phase) continue;
        if (++handled > max) return;
        await handle(e);
      }
    }
  }

  async #lifecycle(entry: DueEntry, ctx: JobContext, report: ReportBuilder): Promise<void> {
    const handler = this.deps.registry.get(entry.kind);
    if (handler?.phase !== 'lifecycle') return;
    try {
      const result = await this.deps.store.run(async (tx) => {
        const r = await handler.apply(tx, entry, ctx);
        tx.due.remove(entry);
        return { commit: true, result: r };
      });
      report.count(result.outcome);
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
    const source = handler.source;
    const owner = source.ownerOf(entry);
    try {
      type Prep = { plan: ReminderPlan | { kind: 'stale' }; targets: { channel: string; locale: Locale }[]; mails: string[] };
      const prep = await this.deps.store.run<Prep>(async (tx) => {
        if (!owns(await tx.schedules.get(owner), entry)) return { commit: false, result: { plan: { kind: 'stale' }, targets: [], mails: [] } };
        const plan = await source.compose(tx, entry, ctx);
        if (plan.kind !== 'send') return { commit: false, result: { plan, targets: [], mails: [] } };
        const done = new Set((await tx.reminders.marks(plan.id)).map((m) => m.target));
        const targets: { channel: string; locale: Locale }[] = [];
        for (const id of plan.accounts) {
          const account = await tx.accounts.get(id);
          for (const sub of await tx.reminders.subscriptions(id)) {
            if (!sub.types.includes(source.type) || done.has(sub.channel) || targets.some((t) => t.channel === sub.channel)) continue;
            targets.push({ channel: sub.channel, locale: account?.locale ?? ctx.config.locale });
          }
        }
        return { commit: false, result: { plan, targets, mails: plan.accounts.filter((a) => !done.has(`mail:${a}`)) } };
      });
      const { plan } = prep;
      if (plan.kind === 'stale' || (plan.kind === 'send' && sentThisRun.has(plan.id))) {
        // Rescheduled meanwhile, or a second entry for a reminder handled in this run: it goes, its owner keeps the current one.
        await this.deps.store.run(async (tx) => {
          tx.due.remove(entry);
          if (plan.kind === 'send') tx.schedules.set(owner, (await tx.schedules.get(owner)).filter((e) => !same(e, entry)));
          return { commit: true, result: undefined };
        });
        report.count('reminders-stale');
        return;
      }
      if (plan.kind !== 'send') {
        await this.deps.store.run(async (tx) => {
          await moveEntry(tx, owner, entry, plan.kind === 'wait' ? { ...entry, at: plan.at } : undefined);
          return { commit: true, result: undefined };
        });
        report.count(plan.kind === 'wait' ? 'reminders-scheduled' : 'reminders-dropped');
        return;
      }
      sentThisRun.add(plan.id);
      const ok: string[] = [];
      const failures: string[] = [];
      for (const t of prep.targets) {
        const delivery = await this.deps.notifier.post(t.channel, render(plan.message, t.locale));
        if (delivery.ok) ok.push(t.channel);
        else {
          failures.push(`${t.channel} (${delivery.reason})`);
          this.deps.logger.warn({ reminder: plan.id, channel: t.channel, reason: delivery.reason }, 'reminder not posted; retried next run');
        }
      }
      await this.deps.store.run(async (tx) => {
        const at = ctx.now.toISOString();
        for (const channel of ok) tx.reminders.mark({ reminder: plan.id, target: channel, at });
        const again = await source.compose(tx, entry, ctx);
        if (again.kind === 'send' && again.id === plan.id && owns(await tx.schedules.get(owner), entry)) {
          for (const id of prep.mails) {
            await jobMail(tx, id, plan.message, ctx);
            tx.reminders.mark({ reminder: plan.id, target: `mail:${id}`, at });
          }
          if (failures.length === 0) await moveEntry(tx, owner, entry, plan.next ? { ...entry, at: plan.next } : undefined);
        }
        return { commit: true, result: undefined };
      });
      if (ok.length) report.count('reminders-sent', ok.length);
      const failed = failures.length;
      if (failed) report.count('reminders-failed', failed);
      if (prep.targets.length === 0 && prep.mails.length > 0) {
        report.count('reminders-mail-only');
        report.line({ en: `Reminder ${plan.label}: no channel subscribed (kept in service e-mails)`, fr: `Rappel ${plan.label} : aucun canal abonné (gardé dans les e-mails de service)` });
      }
      for (const channel of ok) report.line({ en: `Reminder ${plan.label} → ${channel}`, fr: `Rappel ${plan.label} → ${channel}` });
      if (failed) report.line({ en: `Reminder ${plan.label}: not posted to ${failures.join(', ')}; retried next run`, fr: `Rappel ${plan.label} : non publié sur ${failures.join(', ')} ; nouvel essai au prochain passage` });
    } catch (error) {
      report.count('errors');
      this.deps.logger.error({ kind: entry.kind, ref: entry.ref, err: error instanceof Error ? error.message : String(error) }, 'reminder failed');
    }
  }
}
