import { isPastExpiry, type ContactRequest } from '../domain/contact-request.js';
import { expireContactRequest } from '../flows/contact-settlement.js';
import type { Tx } from '../ports/store.js';
import { contactWaitingSource } from './event-reminders.js';
import { jobAudit, jobNotify, type JobDirect } from './job-effects.js';
import { settling, type JobContext, type LifecycleHandler, type LifecycleResult, type ReminderSource } from './job-registry.js';

/**
 * Expires a request not settled within its life (and its pair), SPEC §1, §3: it becomes `expired`; every concerned
 * account is told (service mail and private messages) and the audit log has it. `stale` when nothing was open past expiry.
 */
async function expire(tx: Tx, request: ContactRequest, ctx: JobContext): Promise<LifecycleResult> {
  const directs: JobDirect[] = [];
  const ended = await expireContactRequest(tx, request, ctx.now, {
    notify: (account, notice) => jobNotify(tx, account, notice, ctx, directs),
    audit: (action, target, details) => jobAudit(tx, ctx, action, target ?? '', request.requestedBy, 'ok', details),
  });
  if (ended.length === 0) return { outcome: 'stale' };
  const ids = ended.map((r) => r.id).join(', ');
  return { outcome: 'contact-request-expired', accounts: ended.flatMap((r) => [r.from, r.to, r.requestedBy]), line: { en: `${ids}: contact change expired`, fr: `${ids} : changement de contact expiré` }, directs };
}

/**
 * The `contact-request-waiting` entry when Guichet keeps the books: the one due entry of an open request. It reminds
 * the sides still to answer at the thresholds, then waits for the request's expiry, when the lifecycle phase expires
 * the request still open, and its pair (before the reminders of that run), and removes the entry.
 */
export const ledgerContactWaiting: ReminderSource = settling(
  contactWaitingSource(true),
  async (tx, entry, ctx) => {
    const request = await tx.contactRequests.get(entry.ref);
    return request && isPastExpiry(request, ctx.now) ? request : undefined;
  },
  expire,
);

/**
 * `contact-request-expiry`, written by earlier versions next to `contact-request-waiting` (no longer written): expires
 * the request still open at its expiry, once (whichever of the two entries comes first; the other finds it expired).
 */
export const contactRequestExpiryJob: LifecycleHandler = async (tx, entry, ctx) => {
  const request = await tx.contactRequests.get(entry.ref);
  if (!request) return { outcome: 'stale' };
  return expire(tx, request, ctx);
};
