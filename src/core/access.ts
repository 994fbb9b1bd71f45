import type { Service } from '../domain/service.js';
import { rolesOf, type ContactRole } from '../domain/service.js';
import type { CommandContext } from './command.js';
import { refuse, type Refusal } from './reply.js';

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
  return refuse('ACCESS.NOT_A_CONTACT', {
    en: `Only ${en} of ${service.id} may do this; your account ${ctx.account?.id ?? '(none)'} is not.`,
    fr: `Seul ${fr} de ${service.id} peut faire cela ; votre compte ${ctx.account?.id ?? '(aucun)'} ne l'est pas.`,
  });
}

/** Which services a command may pick when the user leaves the ID out. */
export type ServiceFilter = (service: Service) => boolean;

/**
 * Finds the service a command is about: the one named (case-insensitive), or the caller's only
 * service that fits when none is named. Refuses with the choices when there are several.
 */
export async function resolveService(
  ctx: CommandContext,
  typed: string | undefined,
  filter: ServiceFilter = () => true,
  what = { en: 'service', fr: 'service' },
): Promise<Service | Refusal> {
  if (typed) {
    const id = typed.trim().toLowerCase();
    const found = await ctx.provider.services.get(id);
    if (!found || found.state === 'deleted') {
      return refuse('SERVICE.NOT_FOUND', {
        en: `There is no ${what.en} called ${typed.slice(0, 60)}. Type /renew status to list yours.`,
        fr: `Aucun ${what.fr} nommé ${typed.slice(0, 60)}. Tapez /renew status pour voir les vôtres.`,
      });
    }
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

/** The refusal text for a chat user who is not linked to an account: connect it, or ask an operator (ledger). */
export function notLinkedMessage(ctx: Pick<CommandContext, 'chatUser'> & Partial<Pick<CommandContext, 'connector'>>) {
  if (ctx.connector) {
    return {
      en: 'You have not connected your OVHcloud account yet. Type /account connect: you validate the access in your browser, no secret is typed here.',
      fr: 'Vous n’avez pas encore connecté votre compte OVHcloud. Tapez /account connect : vous validez l’accès dans votre navigateur, aucun secret n’est tapé ici.',
    };
  }
  return {
    en: `Your chat user ${ctx.chatUser} is not linked to a customer account. Ask an operator to run /guichet admin link ${ctx.chatUser} YOUR-ID.`,
    fr: `Votre utilisateur ${ctx.chatUser} n'est lié à aucun compte client. Demandez à un opérateur : /guichet admin link ${ctx.chatUser} VOTRE-ID.`,
  };
}
