import type { Locale } from './i18n.js';
import type { ChatUser } from './identity.js';
import type { DigestSchedule } from '../domain/digest.js';
import type { ContactRequestLimits } from '../domain/contact-request-limits.js';

/** The settings the core reads (validated from the environment by `loadConfig`). */
export interface CoreConfig {
  readonly locale: Locale;
  readonly timeZone: string;
  readonly operators: readonly ChatUser[];
  /** Where operators are named (the configuration variable), said to a caller who is not one; nothing when unset. */
  readonly operatorsNamedIn?: string;
  readonly contactRequestTtlDays: number;
  /** Days a service whose automatic renewal failed stays suspended (renewable with /renew pay) before it is deleted. */
  readonly graceDays: number;
  /** Days an order may await payment before it is cancelled. */
  readonly orderTtlDays: number;
  readonly creditMaxMinor: number;
  /** Tax rate in basis points by subsidiary (2000 = 20 %). */
  readonly taxRates: Readonly<Record<string, number>>;
  /** Reminder thresholds in days, by threshold set (`renewal`, `termination`, `credit` …); defaults from SPEC §3. */
  readonly reminderDays?: Readonly<Record<string, readonly number[]>>;
  /** When the weekly digest is posted (`GUICHET_DIGEST`, in `timeZone`); Mondays at 09:00 when absent. */
  readonly digest?: DigestSchedule;
  /** How many contact-change requests may name one account (open, and recently refused per requester); defaults apply when absent. */
  readonly contactRequestLimits?: ContactRequestLimits;
}

/** Default tax rates by subsidiary, in basis points (VAT of each country; CA and US vary by region). */
export const DEFAULT_TAX_RATES: Readonly<Record<string, number>> = {
  FR: 2000, DE: 1900, ES: 2100, IT: 2200, NL: 2100, PL: 2300, PT: 2300, IE: 2300, GB: 2000,
  BE: 2100, LU: 1700, CZ: 2100, FI: 2550, LT: 2100, CA: 1300, US: 0,
};

/** Settings used when nothing is configured (tests build on them). */
export const DEFAULT_CORE_CONFIG: CoreConfig = {
  locale: 'en',
  timeZone: 'Europe/Paris',
  operators: [{ platform: 'console', workspace: 'local', user: 'root' }],
  contactRequestTtlDays: 7,
  graceDays: 14,
  orderTtlDays: 14,
  creditMaxMinor: 100_000_00,
  taxRates: DEFAULT_TAX_RATES,
};
