import type { CoreConfig } from '../core/config.js';
import { RENEWAL_DUE } from '../domain/renewal.js';
import type { Logger } from '../ports/logger.js';
import type { Metrics } from '../ports/metrics.js';
import type { Notifier } from '../ports/notifier.js';
import type { UnitOfWork } from '../ports/store.js';
import { JobRegistry } from './job-registry.js';
import { JobRunner } from './job-runner.js';
import { renewalDueReminder, renewalFailedReminder, terminationReminder } from './renewal-reminders.js';
import { serviceExpiryJob } from './service-expiry.job.js';
import { WALLET_REMINDER_KINDS } from '../domain/wallet-book.js';
import { contactRequestExpiryJob } from './contact-request-expiry.job.js';
import { contactWaitingReminder, orderUnpaidReminder } from './event-reminders.js';
import { walletExpiryJob } from './wallet-expiry.job.js';
import { creditExpiringReminder, voucherExpiringReminder } from './wallet-reminders.js';

/**
 * Every handler of due entries, by kind: one call per kind. `order-unpaid` has no lifecycle change (SPEC §1/§3
 * define no automatic cancellation): it only drives the unpaid-order reminders.
 */
export const JOBS: JobRegistry = new JobRegistry()
  .lifecycle(RENEWAL_DUE.expiry, serviceExpiryJob)
  .reminder(RENEWAL_DUE.renewalReminder, renewalDueReminder)
  .reminder(RENEWAL_DUE.terminationReminder, terminationReminder)
  .reminder(RENEWAL_DUE.renewalFailed, renewalFailedReminder)
  .lifecycle('credit-expiry', walletExpiryJob)
  .lifecycle('voucher-expiry', walletExpiryJob)
  .lifecycle('contact-request-expiry', contactRequestExpiryJob)
  .reminder(WALLET_REMINDER_KINDS.credit, creditExpiringReminder)
  .reminder(WALLET_REMINDER_KINDS.voucher, voucherExpiringReminder)
  .reminder('order-unpaid', orderUnpaidReminder)
  .reminder('contact-request-waiting', contactWaitingReminder);

/** Builds the runner of the scheduled jobs over the registered handlers. */
export function buildJobRunner(deps: { store: UnitOfWork; notifier: Notifier; config: CoreConfig; logger: Logger; registry?: JobRegistry; holder?: string; metrics?: Metrics }): JobRunner {
  return new JobRunner({
    registry: deps.registry ?? JOBS, store: deps.store, notifier: deps.notifier, config: deps.config, logger: deps.logger.child({ component: 'jobs' }),
    ...(deps.holder ? { holder: deps.holder } : {}), ...(deps.metrics ? { metrics: deps.metrics } : {}),
  });
}
