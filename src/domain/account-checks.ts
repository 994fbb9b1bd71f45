import type { CoreConfig } from '../core/config.js';
import type { Localized } from '../core/i18n.js';
import type { Tx } from '../ports/store.js';
import type { Account } from './account.js';

/** One finding of an account audit or closure check. */
export interface AccountFinding {
  readonly ok: boolean;
  readonly label: Localized;
  /** What to do about it, when not ok. */
  readonly advice?: Localized;
}

/** A check run by `/account audit` or `/account close` (day counts in `config.timeZone`). */
export type AccountCheck = (tx: Tx, account: Account, now: Date, config: CoreConfig) => Promise<AccountFinding[]>;

