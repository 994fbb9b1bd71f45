import type { Account } from '../domain/account.js';
import type { AccountCheck, AccountFinding, CheckSettings } from '../domain/account-checks.js';
import type { Order } from '../domain/order.js';
import { rolesOf, type ContactRole, type RenewalMode, type Service } from '../domain/service.js';
import { addDays, calendarDaysBetween } from '../domain/time.js';
import type { WalletEntry } from '../domain/wallet.js';
import type { CloudAccount, ContactChange } from '../ports/provider.js';

/** How far ahead the overview looks for expiring services (days). */
export const OVERVIEW_HORIZON_DAYS = 30;
/** At most this many contact-change requests are read for the overview. */
const CONTACT_READ_LIMIT = 50;
/** At most this many services are read for the overview. */
const SERVICE_READ_LIMIT = 500;

/** A service that expires within the horizon: how it renews, when, and the caller's roles on it. */
export interface ExpiringService {
  readonly service: Service;
  readonly mode: RenewalMode;
  readonly expiresAt: string;
  /** Calendar days left in the configured time zone (0: today). */
  readonly daysLeft: number;
  /** The account's roles on the service (which actions it may take). */
  readonly roles: readonly ContactRole[];
}

/** A Public Cloud project's active credits and vouchers, soonest expiring first. */
export interface ProjectCredits {
  readonly project: Service;
  readonly entries: readonly WalletEntry[];
}

/** An order that waits for the account (payment), with when it is cancelled if nothing is done. */
export interface WaitingOrder {
  readonly order: Order;
  /** When the order is cancelled unpaid, when the provider says (ledger: creation + `orderTtlDays`). */
  readonly cancelledAt: string | null;
}

/** An open contact-change request concerning the account. */
export interface OpenContactChange {
  readonly change: ContactChange;
  /** True when this account has already accepted its side (it then waits for the other side). */
  readonly answered: boolean;
  /** True when a viewer may answer with Accept / Refuse buttons (the provider can find the token itself). */
  readonly byButton: boolean;
}

/** The account at a glance: five lists, each sorted by urgency (most urgent first). */
export interface AccountOverview {
  readonly account: Account;
  /** When it was read. */
  readonly at: string;
  readonly expiring: readonly ExpiringService[];
  readonly credits: readonly ProjectCredits[];
  readonly orders: readonly WaitingOrder[];
  readonly contactChanges: readonly OpenContactChange[];
  /** The audit's findings that are not ok, in the audit's order. */
  readonly warnings: readonly AccountFinding[];
}

/** What building an overview needs: the provider's desks for one account, the clock, the checks to run. */
export interface OverviewInput {
  readonly cloud: CloudAccount;
  readonly now: Date;
  /** Time zone and grace days (day counts), and the order validity (ledger orders are cancelled after it). */
  readonly settings: CheckSettings & { readonly orderTtlDays?: number };
  /** The audit's checks (the command layer's `AUDIT_CHECKS`), run on facts read once. */
  readonly checks: readonly AccountCheck[];
  /** True when a chat user looks at it (Accept / Refuse buttons may be offered); false for jobs. */
  readonly viewer: boolean;
}

/**
 * True when something needs someone (the weekly digest is skipped otherwise): any service expiring, order, open
 * contact-change request or warning; credit and vouchers only when one expires within the horizon (a balance alone
 * needs nobody).
 */
export function needsAnyone(o: AccountOverview): boolean {
  const horizon = addDays(o.at, OVERVIEW_HORIZON_DAYS).toISOString();
  const creditSoon = o.credits.some((c) => c.entries.some((e) => e.expiresAt <= horizon));
  return creditSoon || o.expiring.length + o.orders.length + o.contactChanges.length + o.warnings.length > 0;
}

/** Reads one account's overview through the provider port only (works on the ledger and on OVHcloud alike). */
export async function buildOverview(input: OverviewInput): Promise<AccountOverview> {
  const { cloud, now, settings } = input;
  const facts = await cloud.account.facts();
  const account = facts.account;
  const listed = await cloud.services.listForContact(account.id, SERVICE_READ_LIMIT);
  const services = new Map<string, Service>();
  for (const s of [...facts.billed, ...listed]) if (!services.has(s.id)) services.set(s.id, s);
  const expiring = [...services.values()]
    .filter((s) => s.state === 'active' && s.renewal !== null)
    .map((s) => ({ service: s, mode: s.renewal!.mode, expiresAt: s.renewal!.expiresAt, daysLeft: calendarDaysBetween(now, new Date(s.renewal!.expiresAt), settings.timeZone), roles: rolesOf(s, account.id) }))
    .filter((e) => e.daysLeft <= OVERVIEW_HORIZON_DAYS)
    .sort((a, b) => a.expiresAt.localeCompare(b.expiresAt) || a.service.id.localeCompare(b.service.id));
  const credits = facts.credits
    .map((c) => ({ project: c.project, entries: c.entries.filter((e) => e.state === 'active' && e.balanceMinor > 0).sort(bySoonest) }))
    .filter((c) => c.entries.length > 0)
    .sort((a, b) => bySoonest(a.entries[0]!, b.entries[0]!) || a.project.id.localeCompare(b.project.id));
  const orders = facts.openOrders
    .filter((o) => o.state === 'awaiting-payment' && o.account === account.id)
    .map((order) => ({ order, cancelledAt: cloud.keepsBooks && settings.orderTtlDays ? addDays(order.createdAt, settings.orderTtlDays).toISOString() : null }))
    .sort((a, b) => a.order.createdAt.localeCompare(b.order.createdAt) || a.order.id.localeCompare(b.order.id));
  const contactChanges: OpenContactChange[] = [];
  for (const change of await cloud.contacts.list(account.id, CONTACT_READ_LIMIT)) {
    const open = (change.state === 'pending' || change.state === 'accepted') && (change.expiresAt === null || new Date(change.expiresAt) > now);
    if (!open) continue;
    const answered = change.acceptedBy.includes(account.id);
    const byButton = input.viewer && !answered && (await cloud.contacts.answerableByButton(change));
    contactChanges.push({ change, answered, byButton });
  }
  contactChanges.sort((a, b) => Number(a.answered) - Number(b.answered) || (a.change.expiresAt ?? '9').localeCompare(b.change.expiresAt ?? '9') || a.change.id.localeCompare(b.change.id));
  const warnings = input.checks.flatMap((check) => check(facts, now, settings)).filter((f) => !f.ok);
  return { account, at: now.toISOString(), expiring, credits, orders, contactChanges, warnings };
}

/** Soonest expiry first, then the smaller balance. */
function bySoonest(a: WalletEntry, b: WalletEntry): number {
  return a.expiresAt.localeCompare(b.expiresAt) || a.balanceMinor - b.balanceMinor;
}
