import type { Localized } from '../core/i18n.js';
import type { Account } from './account.js';
import type { Order } from './order.js';
import type { Service } from './service.js';
import type { Wallet } from './wallet.js';

/** One finding of an account audit or closure check. */
export interface AccountFinding {
  readonly ok: boolean;
  readonly label: Localized;
  /** What to do about it, when not ok. */
  readonly advice?: Localized;
}

/** A Public Cloud project the account pays for, with its wallet (if one was opened). */
export interface BilledWallet {
  readonly project: Service;
  readonly wallet: Wallet | undefined;
}

/**
 * What the checks of one audit read, each read at most once per invocation however many checks use it
 * (the loader memoises them), so an audit costs the account's size, not checks × services.
 */
export interface AccountFacts {
  readonly account: Account;
  readonly now: Date;
  /** Services the account owns or pays for (owner or billing contact), not deleted. */
  billedServices(): Promise<readonly Service[]>;
  /** The Public Cloud projects among them, with their wallets. */
  billedWallets(): Promise<readonly BilledWallet[]>;
  /** The account's orders in progress (awaiting payment, paid, processing), oldest first. */
  openOrders(): Promise<readonly Order[]>;
}

/** A check run by `/account audit` or `/account close`. */
export type AccountCheck = (facts: AccountFacts) => Promise<AccountFinding[]>;

/** Memoises an async read: the first call reads, later calls share its result. */
export function once<T>(read: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | undefined;
  return () => (result ??= read());
}
