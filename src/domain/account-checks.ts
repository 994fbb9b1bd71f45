import type { CoreConfig } from '../core/config.js';
import type { Localized } from '../core/i18n.js';
import type { AccountFacts } from '../ports/provider.js';

/** One finding of an account audit or closure check. */
export interface AccountFinding {
  readonly ok: boolean;
  readonly label: Localized;
  /** What to do about it, when not ok. */
  readonly advice?: Localized;
}

/** A check run by `/account audit` or `/account close`, on facts read once per invocation (day counts in `config.timeZone`). */
export type AccountCheck = (facts: AccountFacts, now: Date, config: CoreConfig) => AccountFinding[];

