import type { Clock } from '../../../src/ports/clock.js';
import { forbidden, notFound, serviceExpired } from './fake-error.js';
import type { FakeTimings } from './lifecycle.js';
import type { FakeAccount, FakeConsumerKey, FakeService, FakeState } from './state.js';
import type { Views } from './views.js';

/** What a handler gets: the state, the caller, and the request's typed parameters. */
export interface HandlerContext {
  readonly state: FakeState;
  readonly views: Views;
  readonly now: Date;
  readonly clock: Clock;
  readonly timings: FakeTimings;
  /** The account of the consumer key (signed operations only). */
  readonly account: FakeAccount;
  readonly credential: FakeConsumerKey | undefined;
  readonly applicationKey: string;
  readonly path: Record<string, any>;
  readonly query: Record<string, any>;
  readonly body: any;
  /** `https://127.0.0.1:PORT` (no base path). */
  readonly origin: string;
}

/** Answers one operation: returns the JSON answer, or throws a {@link FakeApiError}. */
export type Handler = (ctx: HandlerContext) => unknown;

/** Handlers by `METHOD /template`. */
export type HandlerTable = Record<string, Handler>;

/** The caller's service of a product by name: 404 when not one of its contacts, 460 when expired (unless allowed). */
export function ownService(ctx: HandlerContext, name: string, product: FakeService['product'] | undefined, opts: { allowExpired?: boolean } = {}): FakeService {
  const s = ctx.state.services.find((x) => x.name === name && (product === undefined || x.product === product));
  if (!s || s.state === 'terminated' || !ctx.state.isContact(s, ctx.account.nichandle)) throw notFound(`This service does not exist`);
  if (s.state === 'expired' && !opts.allowExpired) throw serviceExpired(s.name);
  return s;
}

/** The caller's service by ID (terminated ones stay readable, as `/services` keeps them). */
export function ownServiceById(ctx: HandlerContext, serviceId: number): FakeService {
  const s = ctx.state.services.find((x) => x.serviceId === serviceId);
  if (!s || !ctx.state.isContact(s, ctx.account.nichandle)) throw notFound(`Service ${serviceId} does not exist`);
  return s;
}

/** Refuses unless the caller is one of the given contacts of the service. */
export function requireContact(ctx: HandlerContext, s: FakeService, roles: readonly ('contactAdmin' | 'contactBilling' | 'contactTech')[], action: string): void {
  if (!roles.some((r) => s.contacts[r] === ctx.account.nichandle)) throw forbidden(`Only the ${roles.map((r) => r.replace('contact', '').toLowerCase()).join(' or ')} contact of ${s.name} may ${action}`);
}
