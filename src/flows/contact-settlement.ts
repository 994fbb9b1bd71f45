import type { NoticeText } from '../domain/notice.js';
import type { Localized } from '../domain/i18n.js';
import {
  bothAccepted,
  CHANGEABLE_ROLES,
  concernedAccounts,
  dueEntryOf,
  isOpen,
  isPastExpiry,
  requestSecretRef,
  type ContactRequest,
  type Side,
} from '../domain/contact-request.js';
import { randomCode } from '../domain/ids.js';
import type { Tx } from '../ports/store.js';
import { ROLE_LABEL, STATE_LABEL } from '../domain/contact-texts.js';

/** What settling a request needs: the unit of work, the time, and ways to tell accounts and audit (a command context fits). */
export interface SettleContext {
  readonly tx: Tx;
  readonly now: Date;
  notify(accountId: string, notice: NoticeText): Promise<unknown>;
  audit(action: string, target: string | null, details?: Record<string, unknown>): void;
}

/** How an acceptance ended: still waiting for the other side, waiting for the paired request, applied, not applicable any more, or cancelled (service deleted). */
export type AcceptOutcome = 'waiting' | 'waiting-partner' | 'applied' | 'stale' | 'cancelled';

/** Why a request ended without being applied. */
export type EndReason = 'refused-by-current' | 'refused-by-new' | 'expired' | 'locked' | 'partner-ended' | 'stale' | 'service-deleted';

const STATE_OF: Record<EndReason, ContactRequest['state']> = {
  'refused-by-current': 'refused',
  'refused-by-new': 'refused',
  expired: 'expired',
  locked: 'locked',
  'partner-ended': 'refused',
  stale: 'refused',
  'service-deleted': 'cancelled',
};

/** `the billing contact of pc-demo: alice-ovh → dave-ovh`, in both languages. */
export function describeRequest(r: Pick<ContactRequest, 'role' | 'serviceId' | 'from' | 'to'>): Localized {
  const role = ROLE_LABEL[r.role];
  return { en: `the ${role.en} of ${r.serviceId}: ${r.from} → ${r.to}`, fr: `le ${role.fr} de ${r.serviceId} : ${r.from} → ${r.to}` };
}

function endText(r: ContactRequest, reason: EndReason): Localized {
  const what = describeRequest(r);
  const by = reason === 'refused-by-current' ? r.from : r.to;
  const why: Record<EndReason, Localized> = {
    'refused-by-current': { en: `was refused by ${by}`, fr: `a été refusée par ${by}` },
    'refused-by-new': { en: `was refused by ${by}`, fr: `a été refusée par ${by}` },
    expired: { en: 'expired before both accounts accepted it', fr: 'a expiré avant que les deux comptes l’acceptent' },
    locked: { en: 'is locked after too many wrong tokens', fr: 'est verrouillée après trop de codes erronés' },
    'partner-ended': {
      en: `ended with its paired request ${r.pairedWith ?? ''}: the two changes keep the subsidiary rule only together`,
      fr: `a pris fin avec la demande liée ${r.pairedWith ?? ''} : les deux changements ne respectent la règle de filiale qu’ensemble`,
    },
    stale: { en: 'cannot be applied any more: the service or its contact changed meanwhile', fr: 'ne peut plus être appliquée : le service ou son contact a changé entre-temps' },
    'service-deleted': { en: `was cancelled: ${r.serviceId} was deleted`, fr: `a été annulée : ${r.serviceId} a été supprimé` },
  };
  return {
    en: `Contact change ${r.id} (${what.en}) ${why[reason].en}. Nothing changed; ask again with /contacts change if needed.`,
    fr: `La demande de changement de contact ${r.id} (${what.fr}) ${why[reason].fr}. Rien n’a changé ; refaites une demande avec /contacts change si besoin.`,
  };
}

async function save(sc: SettleContext, request: ContactRequest): Promise<void> {
  await sc.tx.contactRequests.put(request);
  if (isOpen(request)) return;
  sc.tx.due.remove(dueEntryOf(request));
  // A settled request's tokens are useless: their copies in the service mails are erased with it (kept fresh, so keyed
  // by the request's expiry; a request of an earlier version has its copies under the ref alone, found when those miss).
  await sc.tx.secrets.forget(requestSecretRef(request.id), request.expiresAt);
}

/** Ends an open request (and its open paired request), tells every concerned account and audits it. */
export async function endRequest(sc: SettleContext, request: ContactRequest, reason: EndReason): Promise<ContactRequest[]> {
  if (!isOpen(request)) return [];
  const ended: ContactRequest = { ...request, state: STATE_OF[reason], settledAt: sc.now.toISOString(), endReason: reason };
  await save(sc, ended);
  sc.audit(`contacts.${ended.state}`, ended.id, { service: ended.serviceId, role: ended.role, from: ended.from, to: ended.to, reason });
  const text = endText(ended, reason);
  for (const account of concernedAccounts(ended)) {
    await sc.notify(account, { subject: { en: `Contact change ${ended.id}: ${STATE_LABEL[ended.state].en}`, fr: `Changement de contact ${ended.id} : ${STATE_LABEL[ended.state].fr}` }, body: text });
  }
  const out = [ended];
  if (ended.pairedWith) {
    const partner = await sc.tx.contactRequests.get(ended.pairedWith);
    if (partner && isOpen(partner)) {
      const why: EndReason = reason === 'service-deleted' ? reason : reason === 'expired' && isPastExpiry(partner, sc.now) ? 'expired' : 'partner-ended';
      out.push(...(await endRequest(sc, partner, why)));
    }
  }
  return out;
}

/**
 * Expires an open request past its expiry (and its pair); the jobs call it when the request's entry reaches its
 * expiry (src/jobs/contact-request-expiry.job.ts). Returns the requests it ended (none when the request was settled
 * or is not due yet).
 */
export async function expireContactRequest(
  tx: Tx,
  request: ContactRequest,
  now: Date,
  tell: Pick<SettleContext, 'notify'> & Partial<Pick<SettleContext, 'audit'>> = { notify: async () => undefined },
): Promise<ContactRequest[]> {
  if (!isPastExpiry(request, now)) return [];
  const audit = (action: string, target: string | null, details: Record<string, unknown> = {}) => {
    if (tell.audit) tell.audit(action, target, details);
    else tx.audit.append({ id: randomCode(10), at: now.toISOString(), actor: 'guichet:jobs', account: null, channel: null, action, target, result: 'ok', details });
  };
  return endRequest({ tx, now, notify: (account, notice) => tell.notify(account, notice), audit }, request, 'expired');
}

/**
 * Ends the open contact-change requests of a service being deleted (state `cancelled`, every concerned account told);
 * call it in the deletion's unit of work. Returns the requests ended.
 */
export async function cancelRequestsOfService(sc: SettleContext, serviceId: string): Promise<ContactRequest[]> {
  const out: ContactRequest[] = [];
  for (const role of CHANGEABLE_ROLES) {
    const open = await sc.tx.contactRequests.openFor(serviceId, role);
    if (open && isOpen(open)) out.push(...(await endRequest(sc, open, 'service-deleted')));
  }
  return out;
}

/** Records one side's acceptance and applies the change when it is complete (with its pair, if any); a request on a deleted service is cancelled instead. */
export async function recordAcceptance(sc: SettleContext, request: ContactRequest, side: Side, by: string): Promise<AcceptOutcome> {
  const service = await sc.tx.services.get(request.serviceId);
  if (!service || service.state === 'deleted') {
    await endRequest(sc, request, 'service-deleted');
    return 'cancelled';
  }
  const accepted = { ...request.accepted, [side]: { at: sc.now.toISOString(), by } };
  const updated: ContactRequest = { ...request, accepted };
  sc.audit('contacts.accept', request.id, { side, account: side === 'current' ? request.from : request.to });
  if (!bothAccepted(updated)) {
    await save(sc, updated);
    return 'waiting';
  }
  if (updated.pairedWith) {
    const partner = await sc.tx.contactRequests.get(updated.pairedWith);
    if (partner && partner.state === 'pending') {
      await save(sc, { ...updated, state: 'accepted' });
      return 'waiting-partner';
    }
    if (partner && partner.state === 'accepted') return applyRequests(sc, [updated, partner]);
    await save(sc, updated);
    await endRequest(sc, updated, 'partner-ended');
    return 'stale';
  }
  return applyRequests(sc, [updated]);
}

/** Applies fully accepted requests of one service together: the contacts move, both sides are told, the audit has it. */
async function applyRequests(sc: SettleContext, requests: ContactRequest[]): Promise<AcceptOutcome> {
  const first = requests[0]!;
  const service = await sc.tx.services.get(first.serviceId);
  const contacts = service ? { ...service.contacts } : undefined;
  let fits = service !== undefined && service.state !== 'deleted';
  for (const r of requests) {
    if (!contacts || contacts[r.role] !== r.from) fits = false;
    else contacts[r.role] = r.to;
  }
  if (fits && contacts) {
    const [admin, billing] = await Promise.all([sc.tx.accounts.get(contacts.admin), sc.tx.accounts.get(contacts.billing)]);
    fits = admin !== undefined && billing !== undefined && admin.subsidiary === billing.subsidiary;
  }
  if (!fits || !service || !contacts) {
    for (const r of requests) await save(sc, r);
    const gone = !service || service.state === 'deleted';
    await endRequest(sc, first, gone ? 'service-deleted' : 'stale');
    return gone ? 'cancelled' : 'stale';
  }
  await sc.tx.services.put({ ...service, contacts });
  for (const r of requests) {
    const applied: ContactRequest = { ...r, state: 'applied', settledAt: sc.now.toISOString() };
    await save(sc, applied);
    sc.audit('contacts.applied', r.id, { service: r.serviceId, role: r.role, from: r.from, to: r.to });
    const what = describeRequest(r);
    for (const account of concernedAccounts(r)) {
      await sc.notify(account, {
        subject: { en: `Contact change ${r.id}: applied`, fr: `Changement de contact ${r.id} : appliqué` },
        body: {
          en: `Both accounts accepted contact change ${r.id}: ${what.en}. The ${ROLE_LABEL[r.role].en} of ${r.serviceId} is now ${r.to}.`,
          fr: `Les deux comptes ont accepté le changement de contact ${r.id} : ${what.fr}. Le ${ROLE_LABEL[r.role].fr} de ${r.serviceId} est désormais ${r.to}.`,
        },
      });
    }
  }
  return 'applied';
}
