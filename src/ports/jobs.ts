import type { Localized } from '../domain/i18n.js';
import type { JobTrigger } from './metrics.js';

/** What one run of the scheduled jobs did: counts by outcome, and one line per notable event. */
export interface JobReport {
  readonly at: string;
  /** e.g. `renewed`, `expired`, `deleted`, `reminders-sent`, `reminders-failed`. */
  readonly counts: Readonly<Record<string, number>>;
  readonly lines: readonly Localized[];
  /** The accounts whose state the run changed (renewed, deleted, expired, cancelled, mirrored, told by service mail), sorted. */
  readonly accounts?: readonly string[];
  /** False when the run was halted (shutdown) before everything due was handled; absent when it finished. */
  readonly complete?: false;
}

/** How a run was started. */
export interface JobRunOptions {
  /** What started it (metrics); `manual` by default. */
  readonly trigger?: JobTrigger;
}

/** Tells listeners about every finished run, whoever started it (the Slack App Home refreshes the accounts it changed). */
export interface JobReportFeed {
  /** Calls `listener` with the report of each run that finishes; returns a function that stops it. */
  onReport(listener: (report: JobReport) => void): () => void;
}

/** Runs the lifecycle and reminder jobs now (one run at a time); the core's way to `/guichet admin run-jobs`. */
export interface JobsPort {
  /** Runs every due job as of `now` and reports what was done. */
  runNow(now: Date, options?: JobRunOptions): Promise<JobReport>;
}
