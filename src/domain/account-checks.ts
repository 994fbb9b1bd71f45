import type { Localized } from './i18n.js';
import type { Account } from './account.js';
import type { Order } from './order.js';
import type { Service } from './service.js';
import type { WalletEntry } from './wallet.js';

/** What an audit or a closure check needs, read once per invocation. */
export interface AccountFacts {
  readonly account: Account;
  /** Services the account owns or pays for (owner or billing contact), not deleted. */
  readonly billed: readonly Service[];
  /** Active credits and vouchers of those services that are Public Cloud projects. */
  readonly credits: readonly { readonly project: Service; readonly entries: readonly WalletEntry[] }[];
  /** Orders still in progress (awaiting payment, paid, processing), oldest first. */
  readonly openOrders: readonly Order[];
  /** What the account owes, by currency, in minor units (unpaid consumption, debt account). */
  readonly debts: readonly { readonly currency: string; readonly amountMinor: number; readonly where: string }[];
}

/** One finding of an account audit or closure check. */
export interface AccountFinding {
  readonly ok: boolean;
  readonly label: Localized;
  /** What to do about it, when not ok. */
  readonly advice?: Localized;
}

/** What the checks need of the configuration (the core's config fits). */
export interface CheckSettings {
  /** Time zone of day counts (`GUICHET_TZ`). */
  readonly timeZone: string;
  /** Days a suspended service waits before deletion (`GUICHET_GRACE_DAYS`). */
  readonly graceDays: number;
}

/** A check run by `/account audit` or `/account close`, on facts read once per invocation (day counts in `settings.timeZone`). */
export type AccountCheck = (facts: AccountFacts, now: Date, settings: CheckSettings) => AccountFinding[];

