import { z } from 'zod';
import { positional } from '../core/args.js';
import { requireRole, resolveService } from '../core/access.js';
import { defineCommand, type CommandContext, type CommandFamily } from '../core/command.js';
import { formatDateTime } from '../core/i18n.js';
import { fields, isRefusal, refuse, reply, table, text, type Refusal, type Reply } from '../core/reply.js';
import {
  accountOf,
  isOpen,
  isPastExpiry,
  looksLikeRequestId,
  MAX_TOKEN_ATTEMPTS,
  normaliseRequestId,
  sideOf,
  tokenMatches,
  type ContactRequest,
} from '../domain/contact-request.js';
import { change, ProjectArg } from './contacts.change.js';
import { describeRequest, endRequest, expireContactRequest, recordAcceptance } from '../domain/contact-settlement.js';
import { bothDates, ROLE_LABEL, SIDE_LABEL, STATE_LABEL } from '../domain/contact-texts.js';

const RequestArg = positional(
  z.string().refine(looksLikeRequestId, { message: 'write the request ID as CR-XXXXXX (see /contacts requests)' }).transform(normaliseRequestId),
  { placeholder: 'REQUEST', complete: 'request', description: { en: 'the request ID, e.g. CR-7K2M9Q', fr: 'l’identifiant de la demande, par ex. CR-7K2M9Q' } },
);
const TokenArg = positional(z.string().min(1).max(64), {
  placeholder: 'TOKEN',
  secret: true,
  description: { en: 'the token your account received privately', fr: 'le code reçu en privé par votre compte' },
});

function acceptedBy(r: ContactRequest): string {
  const names = (['current', 'new'] as const).filter((s) => r.accepted[s]).map((s) => accountOf(r, s));
  return names.length ? names.join(', ') : '—';
}

function stateOf(ctx: CommandContext, r: ContactRequest): string {
  return ctx.t(isPastExpiry(r, ctx.now) ? STATE_LABEL.expired : STATE_LABEL[r.state]);
}

const show = defineCommand({
  name: 'show',
  readOnly: true,
  summary: { en: 'Show the contacts of a project or service', fr: 'Afficher les contacts d’un projet ou service' },
  args: z.object({ project: ProjectArg }),
  access: 'linked',
  examples: ['show pc-demo'],
  async run(ctx, args) {
    const service = await resolveService(ctx, args.project, () => true, { en: 'project or service', fr: 'projet ou service' });
    if (isRefusal(service)) return service;
    const denied = requireRole(ctx, service, ['admin', 'billing', 'tech']);
    if (denied) return denied;
    const who = async (id: string) => {
      const a = await ctx.tx.accounts.get(id);
      return a ? `${a.id} (${a.subsidiary})` : id;
    };
    const rows = [
      { label: ctx.t({ en: 'Admin contact', fr: 'Contact administrateur' }), value: await who(service.contacts.admin) },
      { label: ctx.t({ en: 'Billing contact', fr: 'Contact facturation' }), value: await who(service.contacts.billing) },
      { label: ctx.t({ en: 'Technical contact', fr: 'Contact technique' }), value: await who(service.contacts.tech) },
    ];
    for (const role of ['admin', 'billing'] as const) {
      const open = await ctx.tx.contactRequests.openFor(service.id, role);
      if (!open) continue;
      const until = formatDateTime(new Date(open.expiresAt), ctx.locale, ctx.config.timeZone);
      rows.push({
        label: ctx.t({ en: `Pending ${ROLE_LABEL[role].en} change`, fr: `Changement de ${ROLE_LABEL[role].fr} en attente` }),
        value: ctx.t({ en: `${open.id}: ${open.from} → ${open.to}, accepted by ${acceptedBy(open)}, expires ${until}`, fr: `${open.id} : ${open.from} → ${open.to}, accepté par ${acceptedBy(open)}, expire le ${until}` }),
      });
    }
    return reply([fields(rows)], { title: `${service.id}${service.displayName ? ` — ${service.displayName}` : ''}` });
  },
});

const requests = defineCommand({
  name: 'requests',
  readOnly: true,
  summary: { en: 'Contact-change requests concerning your account', fr: 'Les demandes de changement de contact qui concernent votre compte' },
  args: z.object({}),
  access: 'linked',
  async run(ctx) {
    const page = await ctx.tx.contactRequests.listForAccount(ctx.account!.id, undefined, 20);
    if (page.items.length === 0) {
      return reply([text(ctx.t({ en: 'No contact-change request concerns your account.', fr: 'Aucune demande de changement de contact ne concerne votre compte.' }))]);
    }
    const columns = [
      ctx.t({ en: 'Request', fr: 'Demande' }), ctx.t({ en: 'Project', fr: 'Projet' }), ctx.t({ en: 'Contact', fr: 'Contact' }),
      ctx.t({ en: 'From → to', fr: 'De → à' }), ctx.t({ en: 'Accepted by', fr: 'Accepté par' }), ctx.t({ en: 'State', fr: 'État' }),
      ctx.t({ en: 'Expires', fr: 'Expire' }),
    ];
    const rows = page.items.map((r) => [
      r.id, r.serviceId, ctx.t(ROLE_LABEL[r.role]), `${r.from} → ${r.to}`, acceptedBy(r), stateOf(ctx, r),
      formatDateTime(new Date(r.expiresAt), ctx.locale, ctx.config.timeZone),
    ]);
    const sections = [table(columns, rows)];
    if (page.next) sections.push(text(ctx.t({ en: 'Only the 20 latest are shown.', fr: 'Seules les 20 plus récentes sont affichées.' })));
    return reply(sections, { title: ctx.t({ en: 'Contact-change requests', fr: 'Demandes de changement de contact' }) });
  },
});

/** Finds the request, checks the caller is concerned and it can still be answered; wrong tokens count and may lock it. */
async function answer(ctx: CommandContext, id: string, token: string, mode: 'accept' | 'refuse'): Promise<Reply | Refusal> {
  const request = await ctx.tx.contactRequests.get(id);
  const side = request ? sideOf(request, ctx.account!.id) : undefined;
  if (!request || !side) {
    return refuse('CONTACTS.UNKNOWN_REQUEST', {
      en: `No contact-change request ${id} concerns your account ${ctx.account!.id}. Type /contacts requests to see yours.`,
      fr: `Aucune demande de changement de contact ${id} ne concerne votre compte ${ctx.account!.id}. Tapez /contacts requests pour voir les vôtres.`,
    });
  }
  const what = describeRequest(request);
  if (request.state === 'applied' && mode === 'accept') {
    return reply([text(ctx.t({ en: `${id} is already applied (${what.en}); nothing more to do.`, fr: `${id} est déjà appliquée (${what.fr}) ; plus rien à faire.` }))], { code: 'CONTACTS.ALREADY_APPLIED' });
  }
  if (!isOpen(request)) {
    return refuse('CONTACTS.SETTLED', {
      en: `${id} is ${STATE_LABEL[request.state].en}; it can no longer be answered. Ask again with /contacts change if needed.`,
      fr: `${id} est ${STATE_LABEL[request.state].fr} ; on ne peut plus y répondre. Refaites une demande avec /contacts change si besoin.`,
    });
  }
  if (isPastExpiry(request, ctx.now)) {
    await expireContactRequest(ctx.tx, request, ctx.now, ctx);
    const until = bothDates(request.expiresAt, ctx.config.timeZone);
    return reply([text(ctx.t({ en: `${id} expired on ${until.en}; nothing changed. Ask again with /contacts change.`, fr: `${id} a expiré le ${until.fr} ; rien n’a changé. Refaites une demande avec /contacts change.` }))], { tone: 'error', code: 'CONTACTS.EXPIRED' });
  }
  const wait = await ctx.secretAttemptsWait();
  if (wait > 0) {
    return refuse('CONTACTS.TOO_MANY_GUESSES', {
      en: `Too many wrong tokens from you lately. Try again in ${Math.ceil(wait / 60)} minute(s), with the token from /account emails.`,
      fr: `Trop de codes erronés de votre part récemment. Réessayez dans ${Math.ceil(wait / 60)} minute(s), avec le code de /account emails.`,
    });
  }
  if (!tokenMatches(request, side, token)) {
    await ctx.countWrongSecret();
    const failedAttempts = request.failedAttempts + 1;
    await ctx.tx.contactRequests.put({ ...request, failedAttempts });
    ctx.audit('contacts.bad-token', id, { side, attempts: failedAttempts });
    if (failedAttempts >= MAX_TOKEN_ATTEMPTS) {
      await endRequest(ctx, { ...request, failedAttempts }, 'locked');
      return reply([text(ctx.t({ en: `Wrong token. ${id} is now locked after ${MAX_TOKEN_ATTEMPTS} wrong tokens; nothing changed. Ask again with /contacts change.`, fr: `Code erroné. ${id} est désormais verrouillée après ${MAX_TOKEN_ATTEMPTS} codes erronés ; rien n’a changé. Refaites une demande avec /contacts change.` }))], { tone: 'error', code: 'CONTACTS.LOCKED' });
    }
    const left = MAX_TOKEN_ATTEMPTS - failedAttempts;
    return reply([text(ctx.t({
      en: `Wrong token for ${id}. Use the token sent privately to ${ctx.account!.id} (see /account emails). ${left} attempt(s) left before the request is locked.`,
      fr: `Code erroné pour ${id}. Utilisez le code envoyé en privé à ${ctx.account!.id} (voir /account emails). Encore ${left} essai(s) avant le verrouillage de la demande.`,
    }))], { tone: 'error', code: 'CONTACTS.BAD_TOKEN' });
  }
  if (mode === 'refuse') {
    await endRequest(ctx, request, side === 'current' ? 'refused-by-current' : 'refused-by-new');
    return reply([text(ctx.t({ en: `You refused ${id} (${what.en}). Nothing changed; both accounts are told.`, fr: `Vous avez refusé ${id} (${what.fr}). Rien n’a changé ; les deux comptes sont prévenus.` }))], { tone: 'success' });
  }
  const other = side === 'current' ? 'new' : 'current';
  if (request.accepted[side]) {
    const waitingFor = request.state === 'accepted' ? request.pairedWith ?? '' : accountOf(request, other);
    return reply([text(ctx.t({ en: `Your account already accepted ${id}; waiting for ${waitingFor}.`, fr: `Votre compte a déjà accepté ${id} ; en attente de ${waitingFor}.` }))], { code: 'CONTACTS.ALREADY_ACCEPTED' });
  }
  const outcome = await recordAcceptance(ctx, request, side, ctx.chatUser);
  const you = SIDE_LABEL[side];
  const said = {
    waiting: { en: `You accepted ${id} as ${you.en} (${what.en}). Waiting for ${accountOf(request, other)} to accept.`, fr: `Vous avez accepté ${id} en tant que ${you.fr} (${what.fr}). En attente de l’acceptation de ${accountOf(request, other)}.` },
    'waiting-partner': { en: `You accepted ${id}; both accounts did. It is applied together with ${request.pairedWith} once that one is accepted too.`, fr: `Vous avez accepté ${id} ; les deux comptes l’ont fait. Elle sera appliquée avec ${request.pairedWith} dès que celle-ci sera acceptée aussi.` },
    applied: { en: `You accepted ${id}; both accounts did, so the change is applied: ${what.en}.`, fr: `Vous avez accepté ${id} ; les deux comptes l’ont fait, le changement est appliqué : ${what.fr}.` },
    stale: { en: `${id} cannot be applied any more: the service or its contacts changed meanwhile. Nothing changed.`, fr: `${id} ne peut plus être appliquée : le service ou ses contacts ont changé entre-temps. Rien n’a changé.` },
  }[outcome];
  return reply([text(ctx.t(said))], outcome === 'stale' ? { tone: 'error', code: 'CONTACTS.STALE' } : { tone: 'success' });
}

const accept = defineCommand({
  name: 'accept',
  summary: { en: 'Accept a contact change with the token your account received', fr: 'Accepter un changement de contact avec le code reçu par votre compte' },
  args: z.object({ request: RequestArg, token: TokenArg }),
  access: 'linked',
  examples: ['accept CR-7K2M9Q TOKEN'],
  run: (ctx, args) => answer(ctx, args.request, args.token, 'accept'),
});

const refuseCommand = defineCommand({
  name: 'refuse',
  summary: { en: 'Refuse a contact change with the token your account received', fr: 'Refuser un changement de contact avec le code reçu par votre compte' },
  args: z.object({ request: RequestArg, token: TokenArg }),
  access: 'linked',
  examples: ['refuse CR-7K2M9Q TOKEN'],
  run: (ctx, args) => answer(ctx, args.request, args.token, 'refuse'),
});

/** `/contacts`: show contacts, ask for a change, list requests, accept or refuse them (guide 000). */
export const contactsFamily: CommandFamily = {
  name: 'contacts',
  summary: { en: 'Admin and billing contacts of your projects and services, and changing them', fr: 'Contacts administrateur et facturation de vos projets et services, et leur changement' },
  commands: [show, change, requests, accept, refuseCommand],
};
