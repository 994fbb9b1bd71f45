import type { CoreConfig } from '../core/config.js';
import { RENEWAL_DUE } from '../domain/renewal.js';
import type { Logger } from '../ports/logger.js';
import type { Metrics } from '../ports/metrics.js';
import type { Notifier } from '../ports/notifier.js';
import type { UnitOfWork } from '../ports/store.js';
import { JobRegistry, type ReminderSource } from './job-registry.js';
import { JobRunner } from './job-runner.js';
import { renewalDueReminder, renewalFailedReminder, terminationReminder } from './renewal-reminders.js';
import { graceReminder } from './grace-reminders.js';
import { serviceExpiryJob, serviceGraceEndJob } from './service-expiry.job.js';
import { WALLET_REMINDER_KINDS } from '../flows/wallet-book.js';
import { contactRequestExpiryJob, ledgerContactWaiting } from './contact-request-expiry.job.js';
import { contactWaitingReminder, orderUnpaidReminder } from './event-reminders.js';
import { walletExpiryJob } from './wallet-expiry.job.js';
import type { CloudAccountFeed } from '../ports/account-feed.js';
import { ACCOUNT_SYNC, accountSyncJob, type AccountSyncOptions } from './account-sync.job.js';
import { ledgerOrderUnpaid, orderExpiryJob } from './order-expiry.job.js';
import { DELETION_NOTICE, deletedNotice, terminatedNotice } from './service-deletion.js';
import { CONSUMPTION_NOTICE, consumptionNoticeSource } from './consumption-notice.js';
import { creditExpiringReminder, ledgerWalletExpiring, voucherExpiringReminder } from './wallet-reminders.js';
import { DIGEST_KIND, digestSource } from './weekly-digest.js';

/** The reminder sources that differ by provider: in the ledger they also settle their subject (see `ReminderSource.settle`). */
interface SettlingSources {
  /** Also cancels the order left unpaid in the ledger. */
  readonly orderUnpaid: ReminderSource;
  /** Also expires the contact change left unanswered in the ledger. */
  readonly contactWaiting: ReminderSource;
  /** Also expire the credits and vouchers past validity in the ledger. */
  readonly creditExpiring: ReminderSource;
  readonly voucherExpiring: ReminderSource;
}

/** Registers every reminder source (both providers: they read the store, whoever filled it). */
function withReminders(registry: JobRegistry, { orderUnpaid, contactWaiting, creditExpiring, voucherExpiring }: SettlingSources): JobRegistry {
  return registry
    .reminder(RENEWAL_DUE.renewalReminder, renewalDueReminder)
    .reminder(RENEWAL_DUE.terminationReminder, terminationReminder)
    .reminder(RENEWAL_DUE.renewalFailed, renewalFailedReminder)
    .reminder(RENEWAL_DUE.graceReminder, graceReminder)
    .reminder(WALLET_REMINDER_KINDS.credit, creditExpiring)
    .reminder(WALLET_REMINDER_KINDS.voucher, voucherExpiring)
    .reminder('order-unpaid', orderUnpaid)
    .reminder('contact-request-waiting', contactWaiting)
    .reminder(DELETION_NOTICE.renewal, deletedNotice)
    .reminder(DELETION_NOTICE.termination, terminatedNotice)
    .reminder(CONSUMPTION_NOTICE, consumptionNoticeSource)
    .reminder(DIGEST_KIND, digestSource);
}

/**
 * Every handler of due entries when Guichet keeps the books (the ledger), by kind: one call per kind.
 * `order-unpaid` (an order's one entry) drives the unpaid-order reminders, then cancels the order left unpaid;
 * `contact-request-waiting` (a contact change's one entry) reminds the sides still to answer, then expires the request;
 * `reminder:credit` / `reminder:voucher` (a wallet entry's one entry) remind before the expiry, then expire the entry;
 * `order-expiry`, `contact-request-expiry`, `credit-expiry` and `voucher-expiry` are only written by earlier versions
 * (and an import), and still work.
 */
export const JOBS: JobRegistry = withReminders(
  new JobRegistry()
    .lifecycle(RENEWAL_DUE.expiry, serviceExpiryJob)
    .lifecycle(RENEWAL_DUE.graceEnd, serviceGraceEndJob)
    .lifecycle('credit-expiry', walletExpiryJob)
    .lifecycle('voucher-expiry', walletExpiryJob)
    .lifecycle('contact-request-expiry', contactRequestExpiryJob)
    .lifecycle('order-expiry', orderExpiryJob),
  { orderUnpaid: ledgerOrderUnpaid, contactWaiting: ledgerContactWaiting, creditExpiring: ledgerWalletExpiring('credit'), voucherExpiring: ledgerWalletExpiring('voucher') },
);

/**
 * The jobs when a provider keeps the books (OVHcloud): the account sync mirrors each connected account into
 * the store, and the same reminders run on it. No lifecycle handler is registered: the provider renews,
 * deletes and expires services, credits, orders and contact changes itself.
 */
export function mirrorJobs(feed: CloudAccountFeed, options: AccountSyncOptions = {}): JobRegistry {
  return withReminders(new JobRegistry().sync(ACCOUNT_SYNC, accountSyncJob(feed, options)), { orderUnpaid: orderUnpaidReminder, contactWaiting: contactWaitingReminder, creditExpiring: creditExpiringReminder, voucherExpiring: voucherExpiringReminder });
}

/** Builds the runner of the scheduled jobs over the registered handlers. */
export function buildJobRunner(deps: { store: UnitOfWork; notifier: Notifier; config: CoreConfig; logger: Logger; registry?: JobRegistry; holder?: string; metrics?: Metrics }): JobRunner {
  return new JobRunner({
    registry: deps.registry ?? JOBS, store: deps.store, notifier: deps.notifier, config: deps.config, logger: deps.logger.child({ component: 'jobs' }),
    ...(deps.holder ? { holder: deps.holder } : {}), ...(deps.metrics ? { metrics: deps.metrics } : {}),
  });
}
