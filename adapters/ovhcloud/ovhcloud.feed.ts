import type { Order } from '../../src/domain/order.js';
import type { Service } from '../../src/domain/service.js';
import type { WalletEntry } from '../../src/domain/wallet.js';
import {
  AccountFeedError, type AccountSnapshot, type CloudAccountFeed, type FeedContactChange, type ProjectCredits, type SnapshotRequest,
} from '../../src/ports/account-feed.js';
import type { OvhClient } from './ovh-client.js';
import { isOvhApiError } from './ovh-errors.js';
import type { ContactChangeTask } from './operations/contacts.ops.js';
import type { BillingOrder } from './operations/orders.ops.js';
import { changeOf, orderOf, serviceOf, walletEntryOf } from './provider/ovh-mapping.js';

/** Days a contact change waits for its answers at OVHcloud before it expires (its e-mails say so). */
export const OVH_CONTACT_CHANGE_DAYS = 7;
const DAY_MS = 86_400_000;

/** What the feed needs from the process. */
export interface OvhcloudFeedDeps {
  /** Accounts (nichandles, lower-cased) with a validated connection, in a stable order. */
  connectedAccounts(): Promise<string[]>;
  /**
   * The API client bound to an account's consumer key, or undefined when it has none. Build it from the same
   * `ThrottleRegistry` as the commands' clients, so that the sync and the commands share one budget per key.
   */
  clientFor(account: string): Promise<OvhClient | undefined>;
}

/** Orders whose state no longer changes (their status is not asked again). */
const settled = (o: Order) => o.state === 'delivered' || o.state === 'cancelled';

/** Runs a read; `fallback` when the API says the thing is gone (404) or has expired (460). */
async function unlessGone<T>(read: () => Promise<T>, fallback: T): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (isOvhApiError(error, 'NOT_FOUND') || isOvhApiError(error, 'SERVICE_EXPIRED')) return fallback;
    throw error;
  }
}

/** Active credits of a project that end some day (those without an end of validity never call for a reminder). */
async function projectCredits(client: OvhClient, projectName: string, now: Date): Promise<ProjectCredits> {
  const credits = await unlessGone(() => client.credit.credits(projectName), []);
  const entries: WalletEntry[] = credits.filter((c) => c.validity?.to).map((c) => walletEntryOf(c, now)).filter((e) => e.state === 'active');
  return { projectId: projectName.toLowerCase(), entries };
}

/** The orders since `ordersSince` and the known ones in progress; the status is asked only for those that may have changed. */
async function orders(client: OvhClient, req: SnapshotRequest): Promise<Order[]> {
  const out: Order[] = [];
  const seen = new Set<string>();
  const withStatus = async (o: BillingOrder) => orderOf(o, req.account, await client.orders.status(o.orderId), [], []);
  for (const o of await client.orders.list({ from: req.ordersSince })) {
    const id = String(o.orderId);
    seen.add(id);
    const known = req.knownOrders.get(id);
    if (known && settled(known)) out.push(known);
    else if (known || !o.expirationDate || Date.parse(o.expirationDate) > req.now.getTime()) out.push(await withStatus(o));
    // An order never seen whose payment time is over can no longer call for a reminder: it is left out.
  }
  for (const [id, known] of req.knownOrders) {
    if (seen.has(id) || settled(known)) continue;
    const order = await unlessGone(async () => withStatus(await client.orders.get(Number(id))), undefined);
    if (order) out.push(order);
  }
  return out;
}

/** A contact-change task as the mirror keeps it, or undefined for a change of the tech contact only (never reminded). */
function feedChange(t: ContactChangeTask): FeedContactChange | undefined {
  if (!t.contactTypes.includes('contactAdmin') && !t.contactTypes.includes('contactBilling')) return undefined;
  const change = changeOf(t);
  const createdAt = new Date(t.dateRequest).toISOString();
  // Validated by both sides and being applied: nobody is waited for any more.
  const state = change.state === 'pending' && t.state !== 'validatingByCustomers' ? 'accepted' : change.state;
  return { change: { ...change, state, expiresAt: new Date(Date.parse(createdAt) + OVH_CONTACT_CHANGE_DAYS * DAY_MS).toISOString() }, createdAt, askedBy: t.askingAccount?.toLowerCase() ?? null };
}

/** Tasks waiting for answers, and the known pending ones (read once each) in their current state. */
async function contactChanges(client: OvhClient, req: SnapshotRequest): Promise<FeedContactChange[]> {
  const out: FeedContactChange[] = [];
  for (const t of await client.contacts.tasks({ state: 'validatingByCustomers' })) {
    const c = feedChange(t);
    if (c) out.push(c);
  }
  const listed = new Set(out.map((c) => c.change.id));
  for (const id of req.pendingChanges) {
    if (listed.has(id) || !/^\d+$/.test(id)) continue;
    const task = await unlessGone(() => client.contacts.task(Number(id)), undefined);
    const c = task && feedChange(task);
    if (c) out.push(c);
  }
  return out;
}

/** Reads one account: `/services` and `/me/order` and the open tasks in pages, credits per active project. */
async function readSnapshot(client: OvhClient, req: SnapshotRequest): Promise<AccountSnapshot> {
  const raw = await client.services.list();
  const services: Service[] = raw.map(serviceOf);
  const credits: ProjectCredits[] = [];
  for (const [i, s] of services.entries()) {
    if (s.kind === 'public-cloud-project' && s.state === 'active') credits.push(await projectCredits(client, raw[i]!.resource.name, req.now));
  }
  return { services, credits, orders: await orders(client, req), contactChanges: await contactChanges(client, req) };
}

/** A failed API call as the sync job sees it: what failed, and the `X-Ovh-QueryID` to give OVHcloud's support. */
function feedErrorOf(error: unknown): unknown {
  if (!isOvhApiError(error)) return error;
  const failure = error.kind === 'INVALID_CREDENTIAL' ? 'not-connected' : error.kind === 'NOT_GRANTED_CALL' ? 'refused' : 'unavailable';
  const what = `${error.method} ${error.operation} failed (${error.kind}${error.httpStatus ? ` ${error.httpStatus}` : ''})`;
  return new AccountFeedError(what, failure, error.queryId);
}

/**
 * The OVHcloud feed of connected accounts for the account sync (`mirrorJobs`): lists are read in pages
 * (`X-Pagination-Mode: CachedObjectList-Pages`), per-item reads only where a list does not say enough (an
 * order's status while it may still change, a pending contact change that left the list); the client's
 * throttle keeps each consumer key under its budget.
 */
export function createOvhcloudFeed(deps: OvhcloudFeedDeps): CloudAccountFeed {
  return {
    connectedAccounts: () => deps.connectedAccounts(),
    async snapshot(req) {
      const client = await deps.clientFor(req.account);
      if (!client) throw new AccountFeedError(`${req.account} has no OVHcloud connection`, 'not-connected');
      try {
        return await readSnapshot(client, req);
      } catch (error) {
        throw feedErrorOf(error);
      }
    },
  };
}
