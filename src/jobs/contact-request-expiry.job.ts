import { expireContactRequest } from '../flows/contact-settlement.js';
import { jobAudit, jobNotify, type JobDirect } from './job-effects.js';
import type { LifecycleHandler } from './job-registry.js';

/**
 * `contact-request-expiry` (SPEC §1, §3): a request not settled within its life (and its pair) becomes
 * `expired`; every concerned account is told (service mail and private messages) and the audit log has it.
 */
export const contactRequestExpiryJob: LifecycleHandler = async (tx, entry, ctx) => {
  const request = await tx.contactRequests.get(entry.ref);
  if (!request) return { outcome: 'stale' };
  const directs: JobDirect[] = [];
  const ended = await expireContactRequest(tx, request, ctx.now, {
    notify: (account, notice) => jobNotify(tx, account, notice, ctx, directs),
    audit: (action, target, details) => jobAudit(tx, ctx, action, target ?? '', request.requestedBy, 'ok', details),
  });
  if (ended.length === 0) return { outcome: 'stale' };
  const ids = ended.map((r) => r.id).join(', ');
  return { outcome: 'contact-request-expired', accounts: ended.flatMap((r) => [r.from, r.to, r.requestedBy]), line: { en: `${ids}: contact change expired`, fr: `${ids} : changement de contact expiré` }, directs };
};
