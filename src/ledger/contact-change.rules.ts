import type { CommandContext } from '../core/command.js';
import { deny, refuse, type Refusal } from '../core/reply.js';
import { checkTargetLimits } from './contact-limits.js';
import type { Account } from '../domain/account.js';
import { CHANGEABLE_ROLES, newContactRequestId, type ChangeableRole } from '../domain/contact-request.js';
import { ROLE_LABEL } from '../domain/contact-texts.js';
import type { Service } from '../domain/service.js';

/** The target account of each contact changed. */
export type Targets = Partial<Record<ChangeableRole, Account>>;

/** Runs every check of the contact-change rules (guide 000) and returns the target accounts, or the first refusal with its reason. */
export async function checkTargets(ctx: CommandContext, service: Service, wanted: Partial<Record<ChangeableRole, string>>): Promise<Targets | Refusal> {
  if (service.contacts.admin !== ctx.account?.id) {
    return deny('CONTACTS.NOT_ADMIN', {
      en: `Only the admin contact of ${service.id} may change its contacts; your account ${ctx.account?.id ?? '(none)'} is not.`,
      fr: `Seul le contact administrateur de ${service.id} peut changer ses contacts ; votre compte ${ctx.account?.id ?? '(aucun)'} ne l’est pas.`,
    });
  }
  const targets: Targets = {};
  for (const role of CHANGEABLE_ROLES) {
    const id = wanted[role];
    if (id === undefined) continue;
    // The account, its target guard (in checkTargetLimits) and the open request on this role are read together (one
    // round trip), then its recent requests (limits) are scanned; the checks keep their order.
    const alsoNamedHere = Object.values(targets).filter((t) => t.id === id).length;
    const [account, limited, open] = await Promise.all([
      ctx.tx.accounts.get(id),
      checkTargetLimits(ctx, id, alsoNamedHere),
      ctx.tx.contactRequests.openFor(service.id, role),
    ]);
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
    if (limited) return limited;
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
export async function mustPair(ctx: CommandContext, service: Service, targets: Targets): Promise<boolean> {
  if (!targets.admin || !targets.billing) return false;
  const [admin, billing] = await Promise.all([ctx.tx.accounts.get(service.contacts.admin), ctx.tx.accounts.get(service.contacts.billing)]);
  return targets.admin.subsidiary !== billing?.subsidiary || targets.billing.subsidiary !== admin?.subsidiary;
}

/** A request ID not used by this command; no probe: `create` makes the commit require it to be new. */
export function freshRequestId(taken: readonly string[]): string {
  for (;;) {
    const id = newContactRequestId();
    if (!taken.includes(id)) return id;
  }
}
