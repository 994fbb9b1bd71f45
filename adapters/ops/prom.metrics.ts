import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { CommandOutcome, JobTrigger, Metrics } from '../../src/ports/metrics.js';

/** The metrics port on prom-client: one registry per process, served as Prometheus text on `GET /metrics`. */
export class PromMetrics implements Metrics {
  readonly registry = new Registry();
  readonly #commands = new Counter({ name: 'guichet_commands_total', help: 'Commands handled, by family and outcome', labelNames: ['family', 'outcome'] as const, registers: [this.registry] });
  readonly #latency = new Histogram({
    name: 'guichet_command_duration_seconds', help: 'Time from receiving a command to its reply, by family', labelNames: ['family'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5], registers: [this.registry],
  });
  readonly #conflicts = new Counter({ name: 'guichet_store_conflicts_total', help: 'Units of work re-run because their reads went stale (at read or at commit)', labelNames: ['at'] as const, registers: [this.registry] });
  readonly #jobs = new Counter({ name: 'guichet_job_runs_total', help: 'Runs of the scheduled jobs, by trigger and result', labelNames: ['trigger', 'result'] as const, registers: [this.registry] });
  readonly #reminders = new Counter({ name: 'guichet_reminders_total', help: 'Reminder posts accepted (sent) or refused (failed) by the platform', labelNames: ['outcome'] as const, registers: [this.registry] });
  readonly #window = new Histogram({
    name: 'guichet_reminder_mark_window_seconds', help: 'Time between the platform accepting a reminder and its mark being committed (a kill in it repeats the post)',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1], registers: [this.registry],
  });

  /** Creates the registry, with Node's process metrics (memory, CPU, event loop lag). */
  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'guichet_' });
    for (const outcome of ['sent', 'failed']) this.#reminders.inc({ outcome }, 0);
    for (const at of ['read', 'commit']) this.#conflicts.inc({ at }, 0);
  }

  /** Counts a command and observes its latency. */
  command(family: string, outcome: CommandOutcome, seconds: number): void {
    this.#commands.inc({ family, outcome });
    this.#latency.observe({ family }, seconds);
  }
  /** Counts a store conflict. */
  storeConflict(at: 'read' | 'commit'): void {
    this.#conflicts.inc({ at });
  }
  /** Counts a job run. */
  jobRun(trigger: JobTrigger, ok: boolean): void {
    this.#jobs.inc({ trigger, result: ok ? 'complete' : 'halted' });
  }
  /** Counts reminder posts. */
  reminders(outcome: 'sent' | 'failed', count: number): void {
    this.#reminders.inc({ outcome }, count);
  }
  /** Observes the mark window. */
  reminderMarkWindow(seconds: number): void {
    this.#window.observe(seconds);
  }
  /** The exposition text and its content type. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
