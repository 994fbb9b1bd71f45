import { z } from 'zod';
import { option, positional } from '../core/args.js';
import { defineCommand, type CommandContext } from '../core/command.js';
import { resolveService } from '../core/access.js';
import { isRefusal, refuse, reply, text, type Refusal, type Section } from '../core/reply.js';
import { AccountId, type Account } from '../domain/account.js';
import {
  CHANGEABLE_ROLES,
  dueEntriesOf,
  hashToken,
  newContactRequestId,
  newToken,
  type ChangeableRole,
  type ContactRequest,
} from '../domain/contact-request.js';
import type { Service } from '../domain/service.js';
import { bothDates, ROLE_LABEL, tokenNotice } from '../domain/contact-texts.js';
import { addDays } from '../domain/time.js';


/** The `PROJECT` argument shared by contact commands. */
export const ProjectArg = positional(z.string().max(128).optional(), {
  placeholder: 'PROJECT',
  complete: 'service',
  description: { en: 'the project or service (optional when you have only one)', fr: 'le projet ou service (facultatif si vous n’en avez qu’un)' },
});

const target = (role: ChangeableRole) =>
  option(AccountId.optional(), {
    placeholder: 'ID',
    complete: 'account',
    description: {
      en: `customer ID of the new ${ROLE_LABEL[role].en}, e.g. dave-ovh`,
      fr: `identifiant client du nouveau ${ROLE_LABEL[role].fr}, par ex. dave-ovh`,
    },
  });

type Targets = Partial<Record<ChangeableRole, Account>>;

/** Runs every check of SPEC "Contact change" and returns the target accounts, or the first refusal with its reason. */
async function check(ctx: CommandContext, service: Service, wanted: Partial<Record<ChangeableRole, string>>): Promise<Targets | Refusal> {
  if (service.contacts.admin !== ctx.account?.id) {
    return refuse('CONTACTS.NOT_ADMIN', {
      en: `Only the admin contact of ${service.id} may change its contacts; your account ${ctx.account?.id ?? '(none)'} is not.`,
      fr: `Seul le contact administrateur de ${service.id} peut changer ses contacts ; votre compte ${ctx.account?.id ?? '(aucun)'} ne l’est pas.`,
    });
  }
  const targets: Targets = {};
  for (const role of CHANGEABLE_ROLES) {
    const id = wanted[role];
    if (id === undefined) continue;
    const account = await ctx.tx.accounts.get(id);
    if (!account || account.closedAt) {
      return refuse('CONTACTS.UNKNOWN_ACCOUNT', {
        en: `There is no open customer account ${id}. Check the customer ID (e.g. dave-ovh) and try again.`,
        fr: `Il n’existe aucun compte client ouvert ${id}. Vérifiez l’identifiant client (par ex. dave-ovh) et réessayez.`,
      });
    }
    if (service.contacts[role] === account.id) {
      return refuse('CONTACTS.SAME_CONTACT', {
        en: `${account.id} is already the ${ROLE_LABEL[role].en} of ${service.id}; give another customer ID.`,
        fr: `${account.id} est déjà le ${ROLE_LABEL[role].fr} de ${service.id} ; indiquez un autre identifiant client.`,
      });
    }
    const open = await ctx.tx.contactRequests.openFor(service.id, role);
    if (open) {
      return refuse('CONTACTS.ALREADY_PENDING', {
        en: `Request ${open.id} to change the ${ROLE_LABEL[role].en} of ${service.id} (${open.from} → ${open.to}) is still pending; it must be accepted, refused or expire first. See /contacts requests.`,
        fr: `La demande ${open.id} de changement du ${ROLE_LABEL[role].fr} de ${service.id} (${open.from} → ${open.to}) est toujours en attente ; elle doit d’abord être acceptée, refusée ou expirer. Voir /contacts requests.`,
      });
    }
    targets[role] = account;
  }
  const admin = targets.admin ?? (await ctx.tx.accounts.get(service.contacts.admin));
  const billing = targets.billing ?? (await ctx.tx.accounts.get(service.contacts.billing));
  if (!admin || !billing || admin.subsidiary !== billing.subsidiary) {
    const a = admin ? `${admin.id} (${admin.subsidiary})` : service.contacts.admin;
    const b = billing ? `${billing.id} (${billing.subsidiary})` : service.contacts.billing;
    return refuse('CONTACTS.SUBSIDIARY_MISMATCH', {
      en: `The admin and billing contacts must belong to the same subsidiary; this change would give admin ${a} and billing ${b}. Choose accounts of one subsidiary.`,
      fr: `Les contacts administrateur et facturation doivent appartenir à la même filiale ; ce changement donnerait administrateur ${a} et facturation ${b}. Choisissez des comptes d’une même filiale.`,
    });
  }
  return targets;
}

/** True when one change alone would break the subsidiary rule, so both must be applied together. */
async function mustPair(ctx: CommandContext, service: Service, targets: Targets): Promise<boolean> {
  if (!targets.admin || !targets.billing) return false;
  const [admin, billing] = await Promise.all([ctx.tx.accounts.get(service.contacts.admin), ctx.tx.accounts.get(service.contacts.billing)]);
  return targets.admin.subsidiary !== billing?.subsidiary || targets.billing.subsidiary !== admin?.subsidiary;
}

/** A request ID not used by this command; no probe: `create` makes the commit require it to be new. */
function freshId(taken: readonly string[]): string {
  for (;;) {
    const id = newContactRequestId();
    if (!taken.includes(id)) return id;
  }
}

/** `/contacts change [PROJECT] [admin=ID] [billing=ID]`: one request per contact changed, tokens sent privately. */
export const change = defineCommand({
  name: 'change',
  summary: { en: 'Ask to change the admin and/or billing contact (admin contact only)', fr: 'Demander le changement du contact administrateur et/ou facturation (contact administrateur seulement)' },
  args: z.object({ project: ProjectArg, admin: target('admin'), billing: target('billing') }),
  access: 'linked',
  examples: ['change pc-demo billing=dave-ovh', 'change pc-demo admin=dave-ovh billing=dave-ovh'],
  async run(ctx, args) {
    if (!args.admin && !args.billing) {
      return refuse('CONTACTS.NOTHING_TO_CHANGE', {
        en: 'Say which contact to change, e.g. /contacts change pc-demo billing=dave-ovh (or admin=ID).',
        fr: 'Indiquez le contact à changer, par ex. /contacts change pc-demo billing=dave-ovh (ou admin=ID).',
      });
    }
    const service = await resolveService(ctx, args.project, (s) => s.contacts.admin === ctx.account?.id, { en: 'project or service', fr: 'projet ou service' });
    if (isRefusal(service)) return service;
    const targets = await check(ctx, service, { admin: args.admin, billing: args.billing });
    if (isRefusal(targets)) return targets;
    const roles = CHANGEABLE_ROLES.filter((r) => targets[r]);
    const ids: string[] = [];
    for (const _ of roles) ids.push(freshId(ids));
    const paired = await mustPair(ctx, service, targets);
    const createdAt = ctx.now.toISOString();
    const expiresAt = addDays(ctx.now, ctx.config.contactRequestTtlDays).toISOString();
    const sections: Section[] = [];
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
      for (const entry of dueEntriesOf(request)) ctx.tx.due.add(entry);
      ctx.audit('contacts.request', id, { service: service.id, role, from: request.from, to: request.to, pairedWith: request.pairedWith });
      const told: string[] = [];
      for (const side of ['current', 'new'] as const) {
        const account = side === 'current' ? request.from : request.to;
        const outcome = await ctx.notify(account, { ...tokenNotice(request, side, ctx.config.timeZone), secret: tokens[side] });
        told.push(outcome.recipients > 0
          ? ctx.t({ en: `${account}: token sent privately to ${outcome.recipients} linked chat user(s) and to its service mails.`, fr: `${account} : code envoyé en privé à ${outcome.recipients} utilisateur(s) lié(s) et dans ses e-mails de service.` })
          : ctx.t({ en: `⚠ ${account} has no linked chat user: an operator must link one (/guichet admin link CHAT-USER ${account}) before it can confirm; its token is kept in its service mails.`, fr: `⚠ ${account} n’a aucun utilisateur de chat lié : un opérateur doit en lier un (/guichet admin link UTILISATEUR ${account}) pour qu’il puisse confirmer ; son code est conservé dans ses e-mails de service.` }));
      }
      const until = bothDates(expiresAt, ctx.config.timeZone);
      sections.push(text(ctx.t({
        en: `${id}: ${ROLE_LABEL[role].en} of ${service.id}, ${request.from} → ${request.to}. Both accounts must accept with their own token: /contacts accept ${id} TOKEN. Expires on ${until.en}.${paired ? ` Applied together with ${request.pairedWith}.` : ''}`,
        fr: `${id} : ${ROLE_LABEL[role].fr} de ${service.id}, ${request.from} → ${request.to}. Les deux comptes doivent accepter avec leur propre code : /contacts accept ${id} CODE. Expire le ${until.fr}.${paired ? ` Appliquée avec ${request.pairedWith}.` : ''}`,
      })));
      sections.push(text(told.join('\n')));
    }
    return reply(sections, { tone: 'success', title: ctx.t({ en: 'Contact change requested', fr: 'Changement de contact demandé' }) });
  },
});
