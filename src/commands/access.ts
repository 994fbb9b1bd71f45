import type { Service } from '../domain/service.js';
import { rolesOf, type ContactRole } from '../domain/service.js';
import type { CommandContext } from '../core/command.js';
import type { Localized } from '../core/i18n.js';
import { deny, refuse, type Refusal } from '../core/reply.js';

const ROLE_NAMES = {
  admin: { en: 'the admin contact', fr: 'le contact administrateur' },
  billing: { en: 'the billing contact', fr: 'le contact facturation' },
  tech: { en: 'the technical contact', fr: 'le contact technique' },
} as const;

/** Refuses unless the caller's account holds one of the roles on the service (SPEC §4). */
export function requireRole(ctx: CommandContext, service: Service, roles: readonly ContactRole[]): Refusal | undefined {
  const held = ctx.account ? rolesOf(service, ctx.account.id) : [];
  if (held.some((r) => roles.includes(r))) return undefined;
  const who = roles.map((r) => ROLE_NAMES[r]);
  const en = who.map((w) => w.en).join(' or ');
  const fr = who.map((w) => w.fr).join(' ou ');
  return deny('ACCESS.NOT_A_CONTACT', {
    en: `Only ${en} of ${service.id} may do this; your account ${ctx.account?.id ?? '(none)'} is not.`,
    fr: `Seul ${fr} de ${service.id} peut faire cela ; votre compte ${ctx.account?.id ?? '(aucun)'} ne l'est pas.`,
  });
}

/** Which services a command may pick when the user leaves the ID out. */
export type ServiceFilter = (service: Service) => boolean;

/**
 * The service named (case-insensitive), deleted ones included, if the caller's account is its owner or one of
 * its contacts; undefined otherwise, so that a service of another account looks exactly like one that does not exist.
 */
export async function findOwnService(ctx: CommandContext, typed: string): Promise<Service | undefined> {
  const found = await ctx.provider.services.get(typed);
  const me = ctx.account?.id;
  if (!found || !me || (found.owner !== me && rolesOf(found, me).length === 0)) return undefined;
  return found;
}

/** The one answer for a service that does not exist, is deleted and not the caller's, or is another account's. */
export function serviceNotFound(typed: string, what = { en: 'service', fr: 'service' }): Refusal {
  const name = typed.slice(0, 60);
  return refuse('SERVICE.NOT_FOUND', {
    en: `No ${what.en} ${name} among yours: it does not exist, or it is not yours. Type /renew status to list yours.`,
    fr: `Aucun ${what.fr} ${name} parmi les vôtres : il n’existe pas, ou il n’est pas à vous. Tapez /renew status pour voir les vôtres.`,
  });
}

/**
 * Finds the service a command is about: the one named, when the caller's account is one of its contacts (else one
 * answer, "not found or not yours", before any role check), or the caller's only service that fits when none is
 * named. Refuses with the choices when there are several.
 */
export async function resolveService(
  ctx: CommandContext,
  typed: string | undefined,
  filter: ServiceFilter = () => true,
  what = { en: 'service', fr: 'service' },
): Promise<Service | Refusal> {
  if (typed) {
    const found = await findOwnService(ctx, typed);
    if (!found || found.state === 'deleted') return serviceNotFound(typed, what);
    return found;
  }
  if (!ctx.account) return refuse('ACCESS.NOT_LINKED', notLinkedMessage(ctx));
  const mine = await ctx.provider.services.listForContact(ctx.account.id, 200);
  const fits = mine.filter((s) => s.state !== 'deleted' && filter(s));
  if (fits.length === 1) return fits[0]!;
  if (fits.length === 0) {
    return refuse('SERVICE.NONE', { en: `Your account has no ${what.en} for this.`, fr: `Votre compte n'a aucun ${what.fr} pour cela.` });
  }
  const names = fits.slice(0, 10).map((s) => s.id).join(', ');
  return refuse('SERVICE.AMBIGUOUS', {
    en: `Which ${what.en}? Add its name: ${names}.`,
    fr: `Quel ${what.fr} ? Ajoutez son nom : ${names}.`,
  });
}

/** The refusal text for a chat user who is not linked to an account: connect it, link yourself (operators), or ask an operator. */
export function notLinkedMessage(ctx: Pick<CommandContext, 'chatUser'> & Partial<Pick<CommandContext, 'connector' | 'operator'>> & { connects?: boolean }): Localized {
  if (ctx.connector || ctx.connects) {
    return {
      en: 'You have not connected your OVHcloud account yet. Type /account connect: you validate the access in your browser, no secret is typed here.',
      fr: 'Vous n’avez pas encore connecté votre compte OVHcloud. Tapez /account connect : vous validez l’accès dans votre navigateur, aucun secret n’est tapé ici.',
    };
  }
  if (ctx.operator) {
    return {
      en: `Your chat user ${ctx.chatUser} is not linked to a customer account, and this command acts for one. As an operator, link it: /guichet admin link ${ctx.chatUser} ACCOUNT.`,
      fr: `Votre utilisateur ${ctx.chatUser} n’est lié à aucun compte client, et cette commande agit pour l’un d’eux. En tant qu’opérateur, liez-le : /guichet admin link ${ctx.chatUser} COMPTE.`,
    };
  }
  return {
    en: `Your chat user ${ctx.chatUser} is not linked to a customer account. Ask an operator to run /guichet admin link ${ctx.chatUser} YOUR-ID.`,
    fr: `Votre utilisateur ${ctx.chatUser} n'est lié à aucun compte client. Demandez à un opérateur : /guichet admin link ${ctx.chatUser} VOTRE-ID.`,
  };
}
