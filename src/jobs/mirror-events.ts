import { createHash, randomBytes } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { ContactRequest, type ContactRequestState } from '../domain/contact-request.js';
import { Order } from '../domain/order.js';
import { addDays } from '../domain/time.js';
import type { FeedContactChange } from '../ports/account-feed.js';
import type { ContactChange } from '../ports/provider.js';
import type { DueEntry, Tx } from '../ports/store.js';
import { reschedule } from '../flows/schedule.js';

/** The schedule owner of an order's unpaid reminders (as `orderUnpaidReminder.ownerOf`). */
export const orderOwner = (id: string) => `order:${id}`;
/** The schedule owner of a contact change's waiting reminders (as `contactWaitingReminder.ownerOf`). */
export const contactOwner = (id: string) => `contact:${id}`;
/** `requestedByUser` of a mirrored contact change: asked at the provider, not from a chat. */
export const ASKED_AT_PROVIDER = 'provider';

/**
 * The first reminder entry of an unpaid order, at its creation: the reminder moves it to the configured
 * thresholds (so scheduling does not depend on configuration).
 */
const unpaidEntry = (o: Order): DueEntry => ({ at: o.createdAt, kind: 'order-unpaid', ref: o.id });

/** Writes an order read from the provider when it differs from the mirror; its unpaid reminders start and stop with the state. */
export async function putMirroredOrder(tx: Tx, order: Order): Promise<boolean> {
  const doc = Order.parse(order);
  const before = await tx.orders.get(doc.id);
  if (before && isDeepStrictEqual(Order.parse(before), doc)) return false;
  tx.orders.put(doc);
  const unpaid = doc.state === 'awaiting-payment';
  if (unpaid !== (before?.state === 'awaiting-payment')) await reschedule(tx, orderOwner(doc.id), unpaid ? [unpaidEntry(doc)] : []);
  return true;
}

/** Marks a mirrored order in progress that the provider no longer knows as cancelled, dropping its reminders. */
export async function dropMirroredOrder(tx: Tx, order: Order, now: Date): Promise<void> {
  tx.orders.put({ ...order, state: 'cancelled', steps: [...order.steps, { state: 'cancelled', at: now.toISOString() }] });
  await reschedule(tx, orderOwner(order.id), []);
}

const STATE_OF: Record<ContactChange['state'], ContactRequestState> = {
  pending: 'pending', accepted: 'accepted', refused: 'refused', expired: 'expired', locked: 'locked', applied: 'applied', cancelled: 'expired',
};

/** A hash no token matches (the provider keeps the tokens of a mirrored change; Guichet never checks them). */
const unguessable = () => createHash('sha256').update(randomBytes(32)).digest('hex');

/** The mirror's document of a contact change read from the provider (`before`: the one it replaces). */
export function mirroredRequest(c: FeedContactChange, before: ContactRequest | undefined, ttlDays: number, now: Date): ContactRequest {
  const { change } = c;
  const state = STATE_OF[change.state];
  const open = state === 'pending' || state === 'accepted';
  const accepted = (account: string) => (change.acceptedBy.includes(account) ? { at: c.createdAt, by: account } : null);
  return ContactRequest.parse({
    id: change.id,
    serviceId: change.serviceId,
    role: change.role,
    from: change.from,
    to: change.to,
    requestedBy: c.askedBy ?? change.from,
    requestedByUser: ASKED_AT_PROVIDER,
    state,
    accepted: { current: accepted(change.from), new: accepted(change.to) },
    tokenHash: before?.tokenHash ?? { current: unguessable(), new: unguessable() },
    failedAttempts: 0,
    pairedWith: change.pairedWith,
    createdAt: c.createdAt,
    expiresAt: change.expiresAt ?? addDays(c.createdAt, ttlDays).toISOString(),
    settledAt: open ? null : before?.settledAt ?? now.toISOString(),
    endReason: open ? null : change.state === 'cancelled' ? 'cancelled' : before?.endReason ?? null,
  });
}

/** Writes a contact change read from the provider when it differs from the mirror; its waiting reminder starts and stops with it. */
export async function putMirroredChange(tx: Tx, c: FeedContactChange, ttlDays: number, now: Date): Promise<boolean> {
  const before = await tx.contactRequests.get(c.change.id);
  const doc = mirroredRequest(c, before, ttlDays, now);
  if (before && isDeepStrictEqual(ContactRequest.parse(before), doc)) return false;
  await tx.contactRequests.put(doc);
  const waiting = doc.state === 'pending';
  if (waiting !== (before?.state === 'pending')) {
    await reschedule(tx, contactOwner(doc.id), waiting ? [{ at: doc.createdAt, kind: 'contact-request-waiting', ref: doc.id }] : []);
  }
  return true;
}

/** Marks a mirrored contact change the provider no longer lists as ended, dropping its reminder. */
export async function dropMirroredChange(tx: Tx, request: ContactRequest, now: Date): Promise<void> {
  await tx.contactRequests.put({ ...request, state: 'expired', settledAt: now.toISOString(), endReason: 'gone-at-provider' });
  await reschedule(tx, contactOwner(request.id), []);
}
