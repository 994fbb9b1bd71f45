import type { AccountFacts } from '../domain/account-checks.js';
import type { Account } from '../domain/account.js';
import type { ChangeableRole } from '../domain/contact-request.js';
import type { Order } from '../domain/order.js';
import type { RenewalMode, Service, ServiceSummary } from '../domain/service.js';
import type { WalletEntry, WalletTotals } from '../domain/wallet.js';
import type { Refusal } from '../core/reply.js';
import type { CommandContext } from '../core/command.js';
import type { Page } from './store.js';

/** A provider's answer: the value, or a refusal with a stable code shown to the caller. */
export type Outcome<T> = T | Refusal;

/** A service e-mail as the account received it (the provider's own mail, or a notice Guichet kept). */
export interface AccountMail {
  readonly id: string;
  readonly at: string;
  readonly subject: string;
  /** The body as the account holder may read it (tokens included: only ever shown privately). */
  readonly body: string;
}

/** What an audit or a closure check needs, read once per invocation (defined with the checks, in the domain). */
export type { AccountFacts } from '../domain/account-checks.js';

/** The account itself: profile, facts for the audit, and its service e-mails. */
export interface AccountDesk {
  /** The caller's account as the provider knows it now (e-mails, 2FA, payment methods). */
  profile(): Promise<Account>;
  /** Everything the audit and closure checks look at, in one read. */
  facts(): Promise<AccountFacts>;
  /** The caller's latest service e-mails, newest first. */
  mails(limit: number): Promise<AccountMail[]>;
}

/** How the token of a confirmation reaches the account. */
export interface ConfirmationSent {
  /** Chat users Guichet told privately (0 when the provider e-mails the token itself). */
  readonly recipients: number;
  /** True when the provider sends the token by e-mail (it can then be found in `/account emails`). */
  readonly byProviderEmail: boolean;
  /** Hash of the token Guichet made itself, when it did (the ledger); checked on confirmation. */
  readonly tokenHash?: string;
}

/** Proof given to confirm: the token typed, or a click on the button Guichet offered. */
export type ConfirmationProof = { readonly token: string } | { readonly button: true };

/** What one more period of a service would cost, before anything is ordered. */
export interface RenewalPrice {
  readonly currency: string;
  readonly exclMinor: number;
  readonly taxMinor: number;
  readonly totalMinor: number;
  /** Tax rate in basis points. */
  readonly taxRateBp: number;
  /** The expiry once paid. */
  readonly until: string;
  /** The payment method that would pay. */
  readonly methodLabel: string;
}

/** Services: reading them, their renewal, paying a period, deleting. */
export interface ServiceDesk {
  /** The service (any case), if the caller may know it exists; deleted ones included. */
  get(id: string): Promise<Service | undefined>;
  /** Services the account is a contact of, at most `limit`. */
  listForContact(accountId: string, limit: number): Promise<Service[]>;
  /** What lists show of the services `listForContact` gives (state, renewal mode and expiry): read for display only. */
  summariesForContact(accountId: string, limit: number): Promise<ServiceSummary[]>;
  /** Sets how the service renews at expiry (`reason` for `cancel`). */
  setRenewal(service: Service, mode: RenewalMode, reason: string | null): Promise<Outcome<Service>>;
  /** Orders one more period and pays it with the payer's default payment method. */
  renew(service: Service, payer: Account): Promise<Outcome<{ readonly order: Order; readonly expiresAt: string }>>;
  /**
   * What one more period would cost the payer now, without ordering anything (shown before `/renew pay` charges); a
   * refusal when the payer cannot pay. A provider that only knows the price once the order exists leaves it out.
   */
  quoteRenewal?(service: Service, payer: Account): Promise<Outcome<RenewalPrice>>;
  /** Starts an immediate deletion: a confirmation token is sent to the account. */
  requestDeletion(service: Service): Promise<Outcome<ConfirmationSent>>;
  /** Deletes at once, given the token (checked by the provider, or against `tokenHash`). */
  confirmDeletion(service: Service, proof: ConfirmationProof, tokenHashes: readonly string[]): Promise<Outcome<void>>;
}

/** A page of a project's credits and vouchers. */
export interface CreditStatement {
  readonly currency: string;
  /** Entries with a balance, in the order they are used. */
  readonly active: readonly WalletEntry[];
  /** Used-up or expired entries of the page asked for, newest first. */
  readonly finished: readonly WalletEntry[];
  readonly finishedTotal: number;
  /** Totals, when the provider keeps them. */
  readonly totals?: WalletTotals;
}

/** A voucher once activated. */
export interface ActivatedVoucher {
  readonly code: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly expiresAt: string;
}

/** The balances of a project's credit and of its vouchers at an instant, in minor units. */
export interface BalancePoint {
  readonly at: string;
  readonly creditMinor: number;
  readonly voucherMinor: number;
}

/** Consumption charged to a project at an instant (whatever paid it), in minor units. */
export interface ConsumptionPoint {
  readonly at: string;
  readonly amountMinor: number;
}

/** How a project's credit and vouchers moved since a date (for the credit chart). */
export interface CreditHistory {
  readonly currency: string;
  /** The balances at the date asked for, then after each change, oldest first. */
  readonly balances: readonly BalancePoint[];
  /** Consumption charged since the date, oldest first. */
  readonly consumption: readonly ConsumptionPoint[];
}

/** Public Cloud credit and vouchers. */
export interface WalletDesk {
  /** Activates a voucher code on the project. */
  activateVoucher(project: Service, code: string): Promise<Outcome<ActivatedVoucher>>;
  /** Credits and vouchers, with finished entries paged (`page` from 1, `pageSize` each). */
  statement(project: Service, page: number, pageSize: number): Promise<CreditStatement>;
  /** Places a purchase order for credit (amount excl. tax, in the account's currency). */
  orderCredit(project: Service, amountMinor: number): Promise<Outcome<Order>>;
  /** The balances and consumption of the project from `from` until now. */
  history(project: Service, from: Date): Promise<CreditHistory>;
}

/** What paying an order did. */
export type PaidOrder =
  | { readonly status: 'paid'; readonly order: Order; readonly methodId: string; readonly methodLabel: string }
  | { readonly status: 'already-paid'; readonly order: Order };

/** Orders: list, follow, pay, cancel. */
export interface OrderDesk {
  /** The order (any case), if it exists. */
  get(id: string): Promise<Order | undefined>;
  /** The account's orders, newest first, paged by a cursor. */
  list(accountId: string, before: string | undefined, limit: number): Promise<Page<Order>>;
  /** Pays with the account's default payment method. */
  pay(order: Order): Promise<Outcome<PaidOrder>>;
  /** The label of the payment method an order was paid with, for its owner. */
  paidWithLabel(order: Order): Promise<string | undefined>;
  /**
   * Cancels, for the caller's account, an order awaiting payment: `already-cancelled` when it was; refused when paid or
   * another account's. A provider whose orders cannot be cancelled from Guichet leaves it out.
   */
  cancel?(order: Order): Promise<Outcome<{ readonly status: 'cancelled' | 'already-cancelled'; readonly order: Order }>>;
}

/** A contact-change request as either provider keeps it. */
export interface ContactChange {
  readonly id: string;
  readonly serviceId: string;
  readonly role: ChangeableRole;
  readonly from: string;
  readonly to: string;
  readonly state: 'pending' | 'accepted' | 'refused' | 'expired' | 'locked' | 'applied' | 'cancelled';
  readonly acceptedBy: readonly string[];
  readonly expiresAt: string | null;
  readonly pairedWith: string | null;
}

/** What opening a change did for one contact: the request and how each side gets its token. */
export interface OpenedChange {
  readonly change: ContactChange;
  /** Per account concerned: chat users told privately (0 when the provider e-mails the token). */
  readonly told: readonly { readonly account: string; readonly recipients: number; readonly byProviderEmail: boolean }[];
}

/** How answering a request ended. */
export type AnswerOutcome =
  | { readonly kind: 'waiting'; readonly change: ContactChange; readonly waitingFor: string }
  | { readonly kind: 'waiting-partner'; readonly change: ContactChange }
  | { readonly kind: 'applied'; readonly change: ContactChange }
  | { readonly kind: 'refused'; readonly change: ContactChange }
  | { readonly kind: 'already-applied'; readonly change: ContactChange }
  | { readonly kind: 'already-accepted'; readonly change: ContactChange; readonly waitingFor: string }
  | { readonly kind: 'stale'; readonly change: ContactChange }
  /** The service was deleted: the request is cancelled. */
  | { readonly kind: 'cancelled'; readonly change: ContactChange }
  | { readonly kind: 'expired'; readonly change: ContactChange }
  | { readonly kind: 'bad-token'; readonly change: ContactChange; readonly attemptsLeft: number }
  | { readonly kind: 'locked'; readonly change: ContactChange };

/** Contacts of services and their change (guide 000). */
export interface ContactDesk {
  /** The open request on a service and role, if any. */
  openFor(service: Service, role: ChangeableRole): Promise<ContactChange | undefined>;
  /** Requests that concern the account, newest first, at most `limit`. */
  list(accountId: string, limit: number): Promise<ContactChange[]>;
  /** Opens one request per contact changed; the provider checks the targets. */
  request(service: Service, targets: Partial<Record<ChangeableRole, string>>): Promise<Outcome<OpenedChange[]>>;
  /** Accepts or refuses the caller's side of a request with its token (or the button's proof). */
  answer(id: string, proof: ConfirmationProof, mode: 'accept' | 'refuse'): Promise<Outcome<AnswerOutcome>>;
  /** True when the caller's token for this request can be found without typing it (a button may then answer). */
  answerableByButton(change: ContactChange): Promise<boolean>;
  /** The subsidiary of an account, when the provider may tell (for display). */
  describeAccount(id: string): Promise<string>;
}

/** The cloud account a command administers, whichever provider keeps it (the ledger, or OVHcloud). */
export interface CloudAccount {
  /** True when Guichet keeps the books itself, so operator commands that write them (charge, voucher issue) apply. */
  readonly keepsBooks: boolean;
  readonly account: AccountDesk;
  readonly services: ServiceDesk;
  readonly wallet: WalletDesk;
  readonly orders: OrderDesk;
  readonly contacts: ContactDesk;
}

/** A provider: binds the cloud account to one attempt of a command (its unit of work, caller and clock). */
export interface CloudProvider {
  /** `ledger` or `ovhcloud`, for logs and the operator's start-up line. */
  readonly name: string;
  /** The cloud account as seen by this command attempt. */
  open(ctx: CommandContext): CloudAccount;
}
