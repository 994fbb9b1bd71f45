import { isOpen, type ContactRequest } from '../domain/contact-request.js';
import type { Order } from '../domain/order.js';
import { DAY_MS } from '../domain/time.js';
import type { AccountSnapshot } from '../ports/account-feed.js';
import type { Tx } from '../ports/store.js';
import { dropMirroredChange, dropMirroredOrder, putMirroredChange, putMirroredOrder } from './mirror-events.js';
import { dropMirroredService, putMirroredCredits, putMirroredService } from './mirror-services.js';
import { servicesOf } from './renewal-reminders.js';

/** A snapshot of nothing: mirroring it ends every reminder of an account (when it is disconnected). */
export const EMPTY_SNAPSHOT: AccountSnapshot = { services: [], credits: [], orders: [], contactChanges: [] };

/** How far back the mirror looks for contact changes it holds as open (the provider ends them within days). */
const OPEN_CHANGES_LOOKBACK_MS = 90 * DAY_MS;
/** Pages of 200 read at most per list, so a huge history never makes one sync unbounded. */
const MAX_PAGES = 25;

/** What the mirror holds for an account that tells the feed what it need not ask again. */
export interface KnownState {
  readonly orders: Map<string, Order>;
  readonly pendingChanges: string[];
}

/** Reads the mirror's orders since `since` (and every one still open) and its open contact changes for an account. */
export async function readKnown(tx: Tx, account: string, since: string, now: Date): Promise<KnownState> {
  const orders = new Map<string, Order>();
  for (const o of await tx.orders.listOpen(account, 1_000)) orders.set(o.id, o);
  let after: string | undefined;
  for (let i = 0; i < MAX_PAGES; i++) {
    const page = await tx.orders.listForAccount(account, after, 200);
    for (const o of page.items) if (o.createdAt >= since) orders.set(o.id, o);
    if (!page.next || page.items.some((o) => o.createdAt < since)) break;
    after = page.next;
  }
  return { orders, pendingChanges: (await openChanges(tx, account, now)).map((r) => r.id) };
}

async function openChanges(tx: Tx, account: string, now: Date): Promise<ContactRequest[]> {
  const horizon = new Date(now.getTime() - OPEN_CHANGES_LOOKBACK_MS).toISOString();
  const out: ContactRequest[] = [];
  let after: string | undefined;
  for (let i = 0; i < MAX_PAGES; i++) {
    const page = await tx.contactRequests.listForAccount(account, after, 200);
    out.push(...page.items.filter((r) => isOpen(r) && /^\d+$/.test(r.id)));
    if (!page.next || page.items.some((r) => r.createdAt < horizon)) break;
    after = page.next;
  }
  return out;
}

/** What mirroring a snapshot wrote, by kind of document. */
export type MirrorCounts = Record<'mirror-services' | 'mirror-wallets' | 'mirror-orders' | 'mirror-contact-changes', number>;

/**
 * Mirrors an account's snapshot into the store, in the caller's unit of work, writing only what differs:
 * services, project credits, orders and contact changes, with their reminder entries. What the mirror
 * holds for the account and the snapshot no longer has is ended (deleted, cancelled, emptied), so its
 * reminders stop.
 */
export async function applySnapshot(tx: Tx, account: string, snapshot: AccountSnapshot, now: Date, ttlDays: number): Promise<MirrorCounts> {
  const counts: MirrorCounts = { 'mirror-services': 0, 'mirror-wallets': 0, 'mirror-orders': 0, 'mirror-contact-changes': 0 };
  const known = await servicesOf(tx, account);
  const listed = new Map(snapshot.services.map((s) => [s.id, s]));
  for (const s of snapshot.services) if (await putMirroredService(tx, s, now)) counts['mirror-services']++;
  for (const s of known) {
    if (listed.has(s.id) || s.state === 'deleted') continue;
    await dropMirroredService(tx, s, now);
    counts['mirror-services']++;
  }
  const read = new Set(snapshot.credits.map((c) => c.projectId));
  const payer = (id: string) => listed.get(id)?.owner ?? account;
  for (const c of snapshot.credits) if (await putMirroredCredits(tx, c, payer(c.projectId))) counts['mirror-wallets']++;
  for (const p of [...known, ...snapshot.services]) {
    if (p.kind !== 'public-cloud-project' || read.has(p.id)) continue;
    read.add(p.id);
    if (await putMirroredCredits(tx, { projectId: p.id, entries: [] }, payer(p.id))) counts['mirror-wallets']++;
  }
  const orders = new Set(snapshot.orders.map((o) => o.id));
  for (const o of snapshot.orders) if (await putMirroredOrder(tx, o)) counts['mirror-orders']++;
  for (const o of await tx.orders.listOpen(account, 1_000)) {
    if (orders.has(o.id)) continue;
    await dropMirroredOrder(tx, o, now);
    counts['mirror-orders']++;
  }
  const changes = new Set(snapshot.contactChanges.map((c) => c.change.id));
  for (const c of snapshot.contactChanges) if (await putMirroredChange(tx, c, ttlDays, now)) counts['mirror-contact-changes']++;
  for (const r of await openChanges(tx, account, now)) {
    if (changes.has(r.id)) continue;
    await dropMirroredChange(tx, r, now);
    counts['mirror-contact-changes']++;
  }
  return counts;
}
