import type { NoticeText } from './notice.js';
import { formatDateTime, type Localized } from './i18n.js';
import type { ChangeableRole, ContactRequest, Side } from './contact-request.js';
import { DEFAULT_CONTACT_REQUEST_LIMITS, type ContactRequestLimits } from './contact-request-limits.js';

/** How each changeable role is named. */
export const ROLE_LABEL: Readonly<Record<ChangeableRole, Localized>> = {
  admin: { en: 'admin contact', fr: 'contact administrateur' },
  billing: { en: 'billing contact', fr: 'contact facturation' },
};

/** How each side is named. */
export const SIDE_LABEL: Readonly<Record<Side, Localized>> = {
  current: { en: 'the current contact', fr: 'le contact actuel' },
  new: { en: 'the new contact', fr: 'le nouveau contact' },
};

/** How each side is named after “as” (“en tant que”, which takes no article in French). */
export const SIDE_AS: Readonly<Record<Side, Localized>> = {
  current: { en: 'the current contact', fr: 'contact actuel' },
  new: { en: 'the new contact', fr: 'nouveau contact' },
};

/** How each state is named. */
export const STATE_LABEL: Readonly<Record<ContactRequest['state'] | 'cancelled', Localized>> = {
  pending: { en: 'pending', fr: 'en attente' },
  accepted: { en: 'accepted, waiting for its paired request', fr: 'acceptée, attend la demande liée' },
  refused: { en: 'refused', fr: 'refusée' },
  expired: { en: 'expired', fr: 'expirée' },
  locked: { en: 'locked', fr: 'verrouillée' },
  applied: { en: 'applied', fr: 'appliquée' },
  cancelled: { en: 'cancelled', fr: 'annulée' },
};

/** A date-time in both languages. */
export function bothDates(at: string, timeZone: string): Localized {
  const d = new Date(at);
  return { en: formatDateTime(d, 'en', timeZone), fr: formatDateTime(d, 'fr', timeZone) };
}

/**
 * The private notice carrying one side's token; `{secret}` is filled in the private copies only. The new contact,
 * whom anyone may name, is told how refusing stops a requester (the limits of `requestLimitReached`).
 */
export function tokenNotice(r: ContactRequest, side: Side, timeZone: string, limits: ContactRequestLimits = DEFAULT_CONTACT_REQUEST_LIMITS): NoticeText {
  const role = ROLE_LABEL[r.role];
  const you = SIDE_LABEL[side];
  const until = bothDates(r.expiresAt, timeZone);
  const pair = r.pairedWith
    ? {
        en: `\nIt is applied together with ${r.pairedWith}, since only both changes together keep the admin and billing contacts in one subsidiary.`,
        fr: `\nElle est appliquée avec ${r.pairedWith}, car seuls les deux changements ensemble gardent les contacts administrateur et facturation dans une même filiale.`,
      }
    : { en: '', fr: '' };
  const block = side === 'new'
    ? {
        en: `\nNot expecting this? Refuse it: once ${limits.refused} requests from ${r.requestedBy} naming your account were refused or expired within ${limits.days} days, it cannot ask again until they are ${limits.days} days old.`,
        fr: `\nVous ne l’attendiez pas ? Refusez-la : dès que ${limits.refused} demandes de ${r.requestedBy} visant votre compte ont été refusées ou ont expiré en ${limits.days} jours, il ne peut plus en faire avant qu’elles aient ${limits.days} jours.`,
      }
    : { en: '', fr: '' };
  return {
    subject: { en: `Contact change ${r.id}: your confirmation token`, fr: `Changement de contact ${r.id} : votre code de confirmation` },
    body: {
      en:
        `${r.requestedBy} asked to move the ${role.en} of ${r.serviceId} from ${r.from} to ${r.to}. Your account is ${you.en}.${pair.en}\n` +
        `Your confirmation token: {secret}\nTo accept: /contacts accept ${r.id} {secret}\nTo refuse: /contacts refuse ${r.id} {secret}\n` +
        `The request expires on ${until.en}. Never type this token in a shared channel.${block.en}`,
      fr:
        `${r.requestedBy} demande de passer le ${role.fr} de ${r.serviceId} de ${r.from} à ${r.to}. Votre compte est ${you.fr}.${pair.fr}\n` +
        `Votre code de confirmation : {secret}\nPour accepter : /contacts accept ${r.id} {secret}\nPour refuser : /contacts refuse ${r.id} {secret}\n` +
        `La demande expire le ${until.fr}. Ne tapez jamais ce code dans un canal partagé.${block.fr}`,
    },
  };
}

/** Reminders for the sides that have not accepted yet (the `contact-request-waiting` date entry); tokens are not re-sent. */
export function waitingReminders(r: ContactRequest, timeZone: string): { account: string; notice: NoticeText }[] {
  const sides: Side[] = (['current', 'new'] as const).filter((s) => r.accepted[s] === null);
  const until = bothDates(r.expiresAt, timeZone);
  return sides.map((side) => ({
    account: side === 'current' ? r.from : r.to,
    notice: {
      subject: { en: `Contact change ${r.id} is waiting for you`, fr: `Le changement de contact ${r.id} vous attend` },
      body: {
        en: `Contact change ${r.id} (${ROLE_LABEL[r.role].en} of ${r.serviceId}: ${r.from} → ${r.to}) still needs your answer before ${until.en}. Use the token sent to you (/account emails): /contacts accept ${r.id} TOKEN, or /contacts refuse ${r.id} TOKEN.`,
        fr: `Le changement de contact ${r.id} (${ROLE_LABEL[r.role].fr} de ${r.serviceId} : ${r.from} → ${r.to}) attend votre réponse avant le ${until.fr}. Utilisez le code reçu (/account emails) : /contacts accept ${r.id} CODE, ou /contacts refuse ${r.id} CODE.`,
      },
    },
  }));
}
