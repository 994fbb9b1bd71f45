import type { CoreConfig } from '../core/config.js';
import { RENEWAL_DUE } from '../domain/renewal.js';
import type { Logger } from '../ports/logger.js';
import type { Notifier } from '../ports/notifier.js';
import type { UnitOfWork } from '../ports/store.js';
import { JobRegistry } from './job-registry.js';
import { JobRunner } from './job-runner.js';
import { renewalDueReminder, renewalFailedReminder, terminationReminder } from './renewal-reminders.js';
import { serviceExpiryJob } from './service-expiry.job.js';

/**
 * Every handler of due entries, by kind: one call per kind. Other families add theirs here, e.g.
 * `.lifecycle('credit-expiry', creditExpiryJob)` or `.reminder('reminder:credit', creditExpiringReminder)`.
 */
export const JOBS: JobRegistry = new JobRegistry()
  .lifecycle(RENEWAL_DUE.expiry, serviceExpiryJob)
  .reminder(RENEWAL_DUE.renewalReminder, renewalDueReminder)
  .reminder(RENEWAL_DUE.terminationReminder, terminationReminder)
  .reminder(RENEWAL_DUE.renewalFailed, renewalFailedReminder);

/** Builds the runner of the scheduled jobs over the registered handlers. */
export function buildJobRunner(deps: { store: UnitOfWork; notifier: Notifier; config: CoreConfig; logger: Logger; registry?: JobRegistry }): JobRunner {
  return new JobRunner({ registry: deps.registry ?? JOBS, store: deps.store, notifier: deps.notifier, config: deps.config, logger: deps.logger.child({ component: 'jobs' }) });
}
