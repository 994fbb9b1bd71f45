import type { CommandContext } from '../core/command.js';
import { refuse } from '../core/reply.js';
import {
  accountOf, CHANGEABLE_ROLES, dueEntryOf, hashToken, isOpen, isPastExpiry, MAX_TOKEN_ATTEMPTS, newToken, requestSecretRef, sideOf, tokenMatches,
  type ChangeableRole, type ContactRequest,
} from '../domain/contact-request.js';
import { endRequest, expireContactRequest, recordAcceptance } from '../flows/contact-settlement.js';
import { STATE_LABEL, tokenNotice } from '../domain/contact-texts.js';
import type { Service } from '../domain/service.js';
import { addDays } from '../domain/time.js';
import type { AnswerOutcome, ConfirmationProof, ContactChange, ContactDesk, OpenedChange, Outcome } from '../ports/provider.js';
import { checkTargets, freshRequestId, mustPair } from './contact-change.rules.js';

/** The provider-neutral view of a ledger request. */
export function changeOf(r: ContactRequest): ContactChange {
  return {
    id: r.id, serviceId: r.serviceId, role: r.role, from: r.from, to: r.to, state: r.state,
    acceptedBy: (['current', 'new'] as const).filter((s) => r.accepted[s]).map((s) => accountOf(r, s)),
    expiresAt: r.expiresAt, pairedWith: r.pairedWith,
  };
}

/** Contact changes kept by Guichet's own ledger: tokens made here, sent privately, stored as hashes. */
export class LedgerContactDesk implements ContactDesk {
  /** Binds the desk to a command attempt. */
  constructor(private readonly ctx: CommandContext) {}

  /** The open request on a service and role. */
  async openFor(service: Service, role: ChangeableRole): Promise<ContactChange | undefined> {
    const open = await this.ctx.tx.contactRequests.openFor(service.id, role);
    return open && changeOf(open);
  }

  /** Requests concerning the account. */
  async list(accountId: string, limit: number): Promise<ContactChange[]> {
    return (await this.ctx.tx.contactRequests.listForAccount(accountId, undefined, limit)).items.map(changeOf);
  }

  /** The ledger's tokens are typed from the private message: no button answers for the user. */
  async answerableByButton(): Promise<boolean> {
    return false;
  }

  /** `alice-ovh (FR)` when the account exists. */
  async describeAccount(id: string): Promise<string> {
    const a = await this.ctx.tx.accounts.get(id);
    return a ? `${a.id} (${a.subsidiary})` : id;
  }

  /** One request per contact changed; each side gets its own token privately. */
  async request(service: Service, wanted: Partial<Record<ChangeableRole, string>>): Promise<Outcome<OpenedChange[]>> {
    const ctx = this.ctx;
    // Both sides of each change are told privately: their chat users are listed along with the checks' reads (one round trip).
    const told = [...new Set(CHANGEABLE_ROLES.flatMap((r) => (wanted[r] === undefined ? [] : [service.contacts[r], wanted[r]!])))];
    const [targets] = await Promise.all([checkTargets(ctx, service, wanted), ...told.map((account) => ctx.tx.links.listForAccount(account))]);
    if ('code' in targets) return targets;
    const roles = CHANGEABLE_ROLES.filter((r) => targets[r]);
    const ids: string[] = [];
    for (const _ of roles) ids.push(freshRequestId(ids));
    const paired = await mustPair(ctx, service, targets);
    const createdAt = ctx.now.toISOString();
    const expiresAt = addDays(ctx.now, ctx.config.contactRequestTtlDays).toISOString();
    const opened: OpenedChange[] = [];
    for (const [i, role] of roles.entries()) {
      const id = ids[i]!;
      const tokens = { current: newToken(), new: newToken() };
      const request: ContactRequest = {
        id, serviceId: service.id, role, from: service.contacts[role], to: targets[role]!.id,
        requestedBy: ctx.account!.id, requestedByUser: ctx.chatUser, state: 'pending',
        accepted: { current: null, new: null },
        tokenHash: { current: hashToken(id, 'current', tokens.current), new: hashToken(id, 'new', tokens.new) },
        failedAttempts: 0, pairedWith: paired ? ids[1 - i]! : null, createdAt, expiresAt, settledAt: null, endReason: null,
      };
      await ctx.tx.contactRequests.create(request);
      ctx.tx.due.add(dueEntryOf(request));
      ctx.audit('contacts.request', id, { service: service.id, role, from: request.from, to: request.to, pairedWith: request.pairedWith });
      const told: OpenedChange['told'][number][] = [];
      for (const side of ['current', 'new'] as const) {
        const account = side === 'current' ? request.from : request.to;
        const notice = tokenNotice(request, side, ctx.config.timeZone, ctx.config.contactRequestLimits);
        const outcome = await ctx.notify(account, { ...notice, secret: tokens[side], keep: { ref: requestSecretRef(id), until: expiresAt, fresh: true } });
        told.push({ account, recipients: outcome.recipients, byProviderEmail: false });
      }
      opened.push({ change: changeOf(request), told });
    }
    return opened;
  }

  /** Checks the caller's side and token; wrong tokens count and lock the request after too many. */
  async answer(id: string, proof: ConfirmationProof, mode: 'accept' | 'refuse'): Promise<Outcome<AnswerOutcome>> {
    const ctx = this.ctx;
    const request = await ctx.tx.contactRequests.get(id);
    const side = request ? sideOf(request, ctx.account!.id) : undefined;
    if (!request || !side) {
      return refuse('CONTACTS.UNKNOWN_REQUEST', {
        en: `No contact-change request ${id} concerns your account ${ctx.account!.id}. Type /contacts requests to see yours.`,
        fr: `Aucune demande de changement de contact ${id} ne concerne votre compte ${ctx.account!.id}. Tapez /contacts requests pour voir les vôtres.`,
      });
    }
    const change = changeOf(request);
    if (request.state === 'applied' && mode === 'accept') return { kind: 'already-applied', change };
    if (!isOpen(request)) {
      return refuse('CONTACTS.SETTLED', {
        en: `${id} is ${STATE_LABEL[request.state].en}; it can no longer be answered. Ask again with /contacts change if needed.`,
        fr: `${id} est ${STATE_LABEL[request.state].fr} ; on ne peut plus y répondre. Refaites une demande avec /contacts change si besoin.`,
      });
    }
    if (isPastExpiry(request, ctx.now)) {
      await expireContactRequest(ctx.tx, request, ctx.now, ctx);
      return { kind: 'expired', change };
    }
    const wait = await ctx.secretAttemptsWait();
    if (wait > 0) {
      return refuse('CONTACTS.TOO_MANY_GUESSES', {
        en: `Too many wrong tokens from you lately. Try again in ${Math.ceil(wait / 60)} minute(s), with the token from /account emails.`,
        fr: `Trop de codes erronés de votre part récemment. Réessayez dans ${Math.ceil(wait / 60)} minute(s), avec le code de /account emails.`,
      });
    }
    if ('token' in proof && !tokenMatches(request, side, proof.token)) {
      await ctx.countWrongSecret();
      const failedAttempts = request.failedAttempts + 1;
      await ctx.tx.contactRequests.put({ ...request, failedAttempts });
      ctx.audit('contacts.bad-token', id, { side, attempts: failedAttempts }, 'refused');
      if (failedAttempts >= MAX_TOKEN_ATTEMPTS) {
        await endRequest(ctx, { ...request, failedAttempts }, 'locked');
        return { kind: 'locked', change };
      }
      return { kind: 'bad-token', change, attemptsLeft: MAX_TOKEN_ATTEMPTS - failedAttempts };
    }
    if (mode === 'refuse') {
      await endRequest(ctx, request, side === 'current' ? 'refused-by-current' : 'refused-by-new');
      return { kind: 'refused', change };
    }
    const other = side === 'current' ? 'new' : 'current';
    if (request.accepted[side]) {
      return { kind: 'already-accepted', change, waitingFor: request.state === 'accepted' ? request.pairedWith ?? '' : accountOf(request, other) };
    }
    const outcome = await recordAcceptance(ctx, request, side, ctx.chatUser);
    if (outcome === 'waiting') return { kind: 'waiting', change, waitingFor: accountOf(request, other) };
    return { kind: outcome, change };
  }
}
