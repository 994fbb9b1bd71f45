/**
 * What the core and the store report for `/metrics`; an adapter turns it into Prometheus series
 * (adapters/ops/prom.metrics.ts). The core never imports a metrics library.
 */
export interface Metrics {
  /** One command handled: its family, its outcome (`ok`, `refused`, `duplicate`, `rate-limited`, `unavailable`, `failed`) and how long it took. */
  command(family: string, outcome: CommandOutcome, seconds: number): void;
  /** A unit of work found its reads stale (`read` while running, `commit` at commit) and was re-run. */
  storeConflict(at: 'read' | 'commit'): void;
  /** One run of the scheduled jobs: `scheduled` by cron, `manual` by `/guichet admin run-jobs`, `takeover` of a lapsed slot. */
  jobRun(trigger: JobTrigger, ok: boolean): void;
  /** Reminder posts the platform accepted (`sent`) or refused (`failed`). */
  reminders(outcome: 'sent' | 'failed', count: number): void;
  /** Seconds between the platform accepting a reminder post and its mark being committed (the window a kill repeats a post in). */
  reminderMarkWindow(seconds: number): void;
}

/** How a command ended, for metrics. */
export type CommandOutcome = 'ok' | 'refused' | 'duplicate' | 'rate-limited' | 'unavailable' | 'failed';
/** What started a job run. */
export type JobTrigger = 'scheduled' | 'manual' | 'takeover';

/** Metrics that go nowhere (tests, tools). */
export const noMetrics: Metrics = {
  command: () => {},
  storeConflict: () => {},
  jobRun: () => {},
  reminders: () => {},
  reminderMarkWindow: () => {},
};
