import { z } from 'zod';
import { positional } from '../core/args.js';
import { requireRole, resolveService } from './access.js';
import { defineCommand, type CommandContext, type CommandFamily } from '../core/command.js';
import { formatDateTime } from '../core/i18n.js';
import { fields, isRefusal, reply, table, text, type Action, type Refusal, type Reply } from '../core/reply.js';
import { looksLikeRequestId, MAX_TOKEN_ATTEMPTS, normaliseRequestId } from '../domain/contact-request.js';
import type { ContactChange } from '../ports/provider.js';
import { hashSecret, secretMatches } from '../domain/confirmation.js';
import { randomCode } from '../domain/ids.js';
import { change, ProjectArg } from './contacts.change.js';
import { describeRequest } from '../flows/contact-settlement.js';
import { bothDates, ROLE_LABEL, SIDE_AS, STATE_LABEL } from '../domain/contact-texts.js';

const RequestArg = positional(
  z.string().refine(looksLikeRequestId, { message: 'write the request ID as CR-XXXXXX (see /contacts requests)' }).transform(normaliseRequestId),
  { placeholder: 'REQUEST', complete: 'request', description: { en: 'the request ID, e.g. CR-7K2M9Q', fr: 'l’identifiant de la demande, par ex. CR-7K2M9Q' } },
);
const TokenArg = positional(z.string().min(1).max(64), {
  placeholder: 'TOKEN',
  secret: true,
  description: { en: 'the token your account received privately', fr: 'le code reçu en privé par votre compte' },
});

function acceptedBy(r: ContactChange): string {
  return r.acceptedBy.length ? r.acceptedBy.join(', ') : '—';
}

function stateOf(ctx: CommandContext, r: ContactChange): string {
  const open = r.state === 'pending' || r.state === 'accepted';
  const past = open && r.expiresAt !== null && new Date(r.expiresAt) <= ctx.now;
  return ctx.t(past ? STATE_LABEL.expired : STATE_LABEL[r.state]);
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
    const who = (id: string) => ctx.provider.contacts.describeAccount(id);
    const rows = [
      { label: ctx.t({ en: 'Admin contact', fr: 'Contact administrateur' }), value: await who(service.contacts.admin) },
      { label: ctx.t({ en: 'Billing contact', fr: 'Contact facturation' }), value: await who(service.contacts.billing) },
      { label: ctx.t({ en: 'Technical contact', fr: 'Contact technique' }), value: await who(service.contacts.tech) },
    ];
    for (const role of ['admin', 'billing'] as const) {
      const open = await ctx.provider.contacts.openFor(service, role);
      if (!open) continue;
      const until = open.expiresAt === null ? '—' : formatDateTime(new Date(open.expiresAt), ctx.locale, ctx.config.timeZone);
      rows.push({
        label: ctx.t({ en: `Pending ${ROLE_LABEL[role].en} change`, fr: `Changement de ${ROLE_LABEL[role].fr} en attente` }),
        value: ctx.t({ en: `${open.id}: ${open.from} → ${open.to}, accepted by ${acceptedBy(open)}, expires ${until}`, fr: `${open.id} : ${open.from} → ${open.to}, accepté par ${acceptedBy(open)}, expire le ${until}` }),
      });
    }
    return reply([fields(rows)], { title: `${service.id}${service.displayName ? ` — ${service.displayName}` : ''}` });
  },
});

/** How long an Accept / Refuse button of `/contacts requests` stays valid. */
const ANSWER_BUTTON_MINUTES = 30;

/** Accept / Refuse buttons for a request whose token Guichet can find itself (a nonce stands for the token); needs a chat user. */
export async function answerButtons(ctx: CommandContext, r: ContactChange): Promise<Action[]> {
  const nonce = randomCode(24);
  ctx.tx.confirmations.put({
    id: `answer:${r.id}:${ctx.account!.id}`, account: ctx.account!.id, requestedBy: ctx.chatUser, hashes: [hashSecret(nonce)],
    expiresAt: new Date(ctx.now.getTime() + ANSWER_BUTTON_MINUTES * 60_000).toISOString(),
  });
  return (['accept', 'refuse'] as const).map((mode) => ctx.offer({
    label: mode === 'accept' ? { en: `Accept ${r.id}`, fr: `Accepter ${r.id}` } : { en: `Refuse ${r.id}`, fr: `Refuser ${r.id}` },
    command: `contacts ${mode} ${r.id} ${nonce}`,
    typed: `contacts ${mode} ${r.id} TOKEN`,
    style: mode === 'accept' ? 'primary' : 'danger',
    ttlMinutes: ANSWER_BUTTON_MINUTES,
  }));
}

const requests = defineCommand({
  name: 'requests',
  summary: { en: 'Contact-change requests concerning your account', fr: 'Les demandes de changement de contact qui concernent votre compte' },
  args: z.object({}),
  access: 'linked',
  async run(ctx) {
    const items = await ctx.provider.contacts.list(ctx.account!.id, 21);
    if (items.length === 0) {
      return reply([text(ctx.t({ en: 'No contact-change request concerns your account.', fr: 'Aucune demande de changement de contact ne concerne votre compte.' }))]);
    }
    const columns = [
      ctx.t({ en: 'Request', fr: 'Demande' }), ctx.t({ en: 'Project', fr: 'Projet' }), ctx.t({ en: 'Contact', fr: 'Contact' }),
      ctx.t({ en: 'From → to', fr: 'De → à' }), ctx.t({ en: 'Accepted by', fr: 'Accepté par' }), ctx.t({ en: 'State', fr: 'État' }),
      ctx.t({ en: 'Expires', fr: 'Expire' }),
    ];
    const rows = items.slice(0, 20).map((r) => [
      r.id, r.serviceId, ctx.t(ROLE_LABEL[r.role]), `${r.from} → ${r.to}`, acceptedBy(r), stateOf(ctx, r),
      r.expiresAt === null ? '—' : formatDateTime(new Date(r.expiresAt), ctx.locale, ctx.config.timeZone),
    ]);
    const sections = [table(columns, rows)];
    if (items.length > 20) sections.push(text(ctx.t({ en: 'Only the 20 latest are shown.', fr: 'Seules les 20 plus récentes sont affichées.' })));
    const actions = [];
    for (const r of items.slice(0, 5)) {
      if (!r.acceptedBy.includes(ctx.account!.id) && (await ctx.provider.contacts.answerableByButton(r))) actions.push(...(await answerButtons(ctx, r)));
    }
    if (actions.length) {
      sections.push(text(ctx.t({ en: 'Guichet found your tokens in your e-mails: answer with the buttons (nothing to copy).', fr: 'Guichet a retrouvé vos codes dans vos e-mails : répondez avec les boutons (rien à copier).' })));
    }
    return reply(sections, { title: ctx.t({ en: 'Contact-change requests', fr: 'Demandes de changement de contact' }), actions });
  },
});

/** Answers the caller's side of a request through the provider and says what happened. */
async function answer(ctx: CommandContext, id: string, token: string, mode: 'accept' | 'refuse'): Promise<Reply | Refusal> {
  const button = await ctx.tx.confirmations.get(`answer:${id}:${ctx.account!.id}`);
  const clicked = button !== undefined && new Date(button.expiresAt) > ctx.now && secretMatches(token, button.hashes);
  if (clicked) ctx.tx.confirmations.remove(button.id);
  const outcome = await ctx.provider.contacts.answer(id, clicked ? { button: true } : { token }, mode);
  if (isRefusal(outcome)) return outcome;
  const r = outcome.change;
  const what = describeRequest(r);
  switch (outcome.kind) {
    case 'already-applied':
      return reply([text(ctx.t({ en: `${id} is already applied (${what.en}); nothing more to do.`, fr: `${id} est déjà appliquée (${what.fr}) ; plus rien à faire.` }))], { code: 'CONTACTS.ALREADY_APPLIED' });
    case 'expired': {
      const until = r.expiresAt ? bothDates(r.expiresAt, ctx.config.timeZone) : { en: '—', fr: '—' };
      return reply([text(ctx.t({ en: `${id} expired on ${until.en}; nothing changed. Ask again with /contacts change.`, fr: `${id} a expiré le ${until.fr} ; rien n’a changé. Refaites une demande avec /contacts change.` }))], { tone: 'error', code: 'CONTACTS.EXPIRED' });
    }
    case 'locked':
      return reply([text(ctx.t({ en: `Wrong token. ${id} is now locked after ${MAX_TOKEN_ATTEMPTS} wrong tokens; nothing changed. Ask again with /contacts change.`, fr: `Code erroné. ${id} est désormais verrouillée après ${MAX_TOKEN_ATTEMPTS} codes erronés ; rien n’a changé. Refaites une demande avec /contacts change.` }))], { tone: 'error', code: 'CONTACTS.LOCKED' });
    case 'bad-token':
      return reply([text(ctx.t({
        en: `Wrong token for ${id}. Use the token sent privately to ${ctx.account!.id} (see /account emails). ${outcome.attemptsLeft} attempt(s) left before the request is locked.`,
        fr: `Code erroné pour ${id}. Utilisez le code envoyé en privé à ${ctx.account!.id} (voir /account emails). Encore ${outcome.attemptsLeft} essai(s) avant le verrouillage de la demande.`,
      }))], { tone: 'error', code: 'CONTACTS.BAD_TOKEN' });
    case 'refused':
      return reply([text(ctx.t({ en: `You refused ${id} (${what.en}). Nothing changed; both accounts are told.`, fr: `Vous avez refusé ${id} (${what.fr}). Rien n’a changé ; les deux comptes sont prévenus.` }))], { tone: 'success' });
    case 'already-accepted':
      return reply([text(ctx.t({ en: `Your account already accepted ${id}; waiting for ${outcome.waitingFor}.`, fr: `Votre compte a déjà accepté ${id} ; en attente de ${outcome.waitingFor}.` }))], { code: 'CONTACTS.ALREADY_ACCEPTED' });
    case 'waiting': {
      const you = r.from === ctx.account!.id ? SIDE_AS.current : SIDE_AS.new;
      return reply([text(ctx.t({ en: `You accepted ${id} as ${you.en} (${what.en}). Waiting for ${outcome.waitingFor} to accept.`, fr: `Vous avez accepté ${id} en tant que ${you.fr} (${what.fr}). En attente de l’acceptation de ${outcome.waitingFor}.` }))], { tone: 'success' });
    }
    case 'waiting-partner':
      return reply([text(ctx.t({ en: `You accepted ${id}; both accounts did. It is applied together with ${r.pairedWith} once that one is accepted too.`, fr: `Vous avez accepté ${id} ; les deux comptes l’ont fait. Elle sera appliquée avec ${r.pairedWith} dès que celle-ci sera acceptée aussi.` }))], { tone: 'success' });
    case 'applied':
      return reply([text(ctx.t({ en: `You accepted ${id}; both accounts did, so the change is applied: ${what.en}.`, fr: `Vous avez accepté ${id} ; les deux comptes l’ont fait, le changement est appliqué : ${what.fr}.` }))], { tone: 'success' });
    case 'stale':
      return reply([text(ctx.t({ en: `${id} cannot be applied any more: the service or its contacts changed meanwhile. Nothing changed.`, fr: `${id} ne peut plus être appliquée : le service ou ses contacts ont changé entre-temps. Rien n’a changé.` }))], { tone: 'error', code: 'CONTACTS.STALE' });
    case 'cancelled':
      return reply([text(ctx.t({ en: `${id} is cancelled: ${r.serviceId} was deleted. Nothing changed.`, fr: `${id} est annulée : ${r.serviceId} a été supprimé. Rien n’a changé.` }))], { tone: 'error', code: 'CONTACTS.CANCELLED' });
  }
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
