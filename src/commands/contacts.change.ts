import { z } from 'zod';
import { option, positional } from '../core/args.js';
import { defineCommand } from '../core/command.js';
import { resolveService } from './access.js';
import { isRefusal, refuse, reply, text, type Section } from '../core/reply.js';
import { AccountId } from '../domain/account.js';
import type { ChangeableRole } from '../domain/contact-request.js';
import { bothDates, ROLE_LABEL } from '../domain/contact-texts.js';

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
    const opened = await ctx.provider.contacts.request(service, { admin: args.admin, billing: args.billing });
    if (isRefusal(opened)) return opened;
    const sections: Section[] = [];
    for (const { change: request, told } of opened) {
      const id = request.id;
      const lines = told.map(({ account, recipients, byProviderEmail }) => byProviderEmail
        ? ctx.t({ en: `${account}: the provider e-mailed its token; accept with /contacts accept ${id} (Guichet finds the token in its e-mails when that account is connected).`, fr: `${account} : le fournisseur lui a envoyé son code par e-mail ; acceptez avec /contacts accept ${id} (Guichet retrouve le code dans ses e-mails si ce compte est connecté).` })
        : recipients > 0
          ? ctx.t({ en: `${account}: token sent privately to ${recipients} linked chat user(s) and to its service mails.`, fr: `${account} : code envoyé en privé à ${recipients} utilisateur(s) lié(s) et dans ses e-mails de service.` })
          : ctx.t({ en: `⚠ ${account} has no linked chat user: an operator must link one (/guichet admin link CHAT-USER ${account}) before it can confirm; its token is kept in its service mails.`, fr: `⚠ ${account} n’a aucun utilisateur de chat lié : un opérateur doit en lier un (/guichet admin link UTILISATEUR ${account}) pour qu’il puisse confirmer ; son code est conservé dans ses e-mails de service.` }));
      const until = request.expiresAt ? bothDates(request.expiresAt, ctx.config.timeZone) : { en: '—', fr: '—' };
      const role = ROLE_LABEL[request.role];
      sections.push(text(ctx.t({
        en: `${id}: ${role.en} of ${service.id}, ${request.from} → ${request.to}. Both accounts must accept with their own token: /contacts accept ${id} TOKEN. Expires on ${until.en}.${request.pairedWith ? ` Applied together with ${request.pairedWith}.` : ''}`,
        fr: `${id} : ${role.fr} de ${service.id}, ${request.from} → ${request.to}. Les deux comptes doivent accepter avec leur propre code : /contacts accept ${id} CODE. Expire le ${until.fr}.${request.pairedWith ? ` Appliquée avec ${request.pairedWith}.` : ''}`,
      })));
      sections.push(text(lines.join('\n')));
    }
    return reply(sections, { tone: 'success', title: ctx.t({ en: 'Contact change requested', fr: 'Changement de contact demandé' }) });
  },
});
