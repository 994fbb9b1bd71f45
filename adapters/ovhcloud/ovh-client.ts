import { systemClock, type Clock } from '../../src/ports/clock.js';
import { silentLogger, type Logger } from '../../src/ports/logger.js';
import { OvhAccountApi } from './account.api.js';
import { OvhAuthApi } from './auth.api.js';
import { OvhContactsApi } from './contacts.api.js';
import { OvhCreditApi } from './credit.api.js';
import { resolveEndpoint } from './ovh-endpoints.js';
import { OvhHttp, type OvhHttpConfig } from './ovh-http.js';
import { DEFAULT_RETRY, type RetryPolicy } from './ovh-retry.js';
import { ServerTime } from './ovh-server-time.js';
import { DEFAULT_THROTTLE, ThrottleRegistry, type ThrottlePolicy } from './ovh-throttle.js';
import { realTimers, type OvhTimers } from './ovh-timers.js';
import { OvhOrdersApi } from './orders.api.js';
import { OvhServicesApi } from './services.api.js';

/** How to reach the API and as whom. Everything but the endpoint and application is optional. */
export interface OvhClientOptions {
  /** A region (`ovh-eu`, `ovh-ca`, `ovh-us`) or an https base URL such as `https://127.0.0.1:PORT/1.0`. */
  readonly endpoint: string;
  readonly applicationKey: string;
  readonly applicationSecret: string;
  /** Absent until the account is connected (only `auth.requestCredential` and `auth.time` work then). */
  readonly consumerKey?: string;
  readonly clock?: Clock;
  readonly timers?: OvhTimers;
  /** Source of the backoff jitter, in [0, 1). */
  readonly random?: () => number;
  readonly logger?: Logger;
  /** Share one registry between every client of the process so each consumer key has one budget. */
  readonly throttles?: ThrottleRegistry;
  readonly throttle?: ThrottlePolicy;
  readonly retry?: Partial<RetryPolicy>;
  /** Per request, 15 s by default. */
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

/** A typed OVHcloud API client for one application and (optionally) one consumer key. */
export class OvhClient {
  /** Consumer-key flow: `requestCredential`, `currentCredential`, `logout`, `time`. */
  readonly auth: OvhAuthApi;
  /** `/me`, 2FA, payment methods, debt, e-mail history. */
  readonly account: OvhAccountApi;
  /** `changeContact` and `/me/task/contactChange`. */
  readonly contacts: OvhContactsApi;
  /** Vouchers, credit entries, buying credit. */
  readonly credit: OvhCreditApi;
  /** `/me/order`: details, status, follow-up, payment. */
  readonly orders: OvhOrdersApi;
  /** `/services`, renewal, termination, project service information. */
  readonly services: OvhServicesApi;

  /** Wraps a transport (use {@link createOvhClient}). */
  constructor(readonly http: OvhHttp) {
    this.auth = new OvhAuthApi(http);
    this.account = new OvhAccountApi(http);
    this.contacts = new OvhContactsApi(http);
    this.credit = new OvhCreditApi(http);
    this.orders = new OvhOrdersApi(http, () => this.account.defaultPaymentMethod());
    this.services = new OvhServicesApi(http);
  }

  /** The same application, endpoint, server-time delta and throttles, for another consumer key. */
  withConsumerKey(consumerKey: string): OvhClient {
    return new OvhClient(new OvhHttp({ ...this.http.config, consumerKey }));
  }
}

/**
 * Builds a client; throws a clear error when the endpoint is not a region nor an https URL. Build one per
 * application and endpoint, and `withConsumerKey(ck)` per account: they then share the server-time delta and
 * the per-key throttles (or pass one `throttles` registry to every client of the process).
 */
export function createOvhClient(options: OvhClientOptions): OvhClient {
  const clock = options.clock ?? systemClock;
  const timers = options.timers ?? realTimers;
  const config: OvhHttpConfig = {
    baseUrl: resolveEndpoint(options.endpoint),
    applicationKey: options.applicationKey,
    applicationSecret: options.applicationSecret,
    consumerKey: options.consumerKey,
    clock,
    timers,
    random: options.random ?? Math.random,
    logger: options.logger ?? silentLogger,
    throttles: options.throttles ?? new ThrottleRegistry(clock, timers, options.throttle ?? DEFAULT_THROTTLE),
    retry: { ...DEFAULT_RETRY, ...options.retry },
    timeoutMs: options.timeoutMs ?? 15_000,
    serverTime: new ServerTime(clock),
    fetch: options.fetch ?? globalThis.fetch,
  };
  return new OvhClient(new OvhHttp(config));
}

export { OvhApiError, isOvhApiError, type OvhErrorKind, type OvhEffect, type OvhRule } from './ovh-errors.js';
export { GUICHET_ACCESS_RULES, accessRulesForRequest, ruleCovers, type ExplainedRule } from './access-rules.js';
export { findContactChangeToken, findTerminationToken, type FoundToken } from './email-tokens.js';
export { voucherRefusal, type VoucherRefusal, type CreditOrder } from './credit.api.js';
export { toMinorUnits, type OvhPrice } from './operations/common.js';
export { TERMINATION_REASONS, type TerminationReason, type ServiceInfos } from './operations/cloud.ops.js';
export { OVH_REGIONS, isOvhRegion, resolveEndpoint, type OvhRegion } from './ovh-endpoints.js';
export { ThrottleRegistry, DEFAULT_THROTTLE, type ThrottlePolicy } from './ovh-throttle.js';
export type { OvhTimers } from './ovh-timers.js';
export type { AccessRule, ApiCredential, CredentialRequest, CredentialState } from './operations/auth.ops.js';
export type { Nichandle, PaymentMethod, DebtBalance, EmailNotification } from './operations/account.ops.js';
export type { ContactChangeTask, ContactChangeState, ChangeContactBody } from './operations/contacts.ops.js';
export type { Credit, OrderQuote } from './operations/credit.ops.js';
export type { BillingOrder, OrderDetail, OrderStatus, FollowUp } from './operations/orders.ops.js';
export type { Service, ServiceUpdate, RenewOffer, RenewOrder } from './operations/services.ops.js';
export type { TwoFactorMethods, PaymentMethodFilter } from './account.api.js';
export type { ValidationOutcome } from './auth.api.js';
export type { ContactChangeFilter } from './contacts.api.js';
export type { OrderRange, PayOutcome } from './orders.api.js';
export type { ServiceFilter, ProjectTermination } from './services.api.js';
