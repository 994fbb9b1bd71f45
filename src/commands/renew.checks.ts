import type { AccountCheck } from '../domain/account-checks.js';
import { calendarDaysBetween, relativeDays } from '../domain/time.js';
import { expiryText } from '../domain/renewal.js';

/** Services suspended because their automatic renewal could not be paid: deleted at the end of the grace period. */
export const expiredServicesCheck: AccountCheck = ({ billed }, now, config) => {
  const expired = billed.filter((s) => s.state === 'expired' && s.renewal);
  return expired.map((s) => {
    const when = expiryText(s, now, config);
    return {
      ok: false,
      label: { en: `${s.id} is suspended, its automatic renewal could not be paid: ${when.en}`, fr: `${s.id} est suspendu, son renouvellement automatique n’a pas pu être payé : ${when.fr}` },
      advice: { en: `Add a payment method, then renew it with /renew pay ${s.id}.`, fr: `Ajoutez un moyen de paiement, puis renouvelez-le avec /renew pay ${s.id}.` },
    };
  });
};

/** Services set to terminate within 30 days: deleted for good at expiry unless switched back. */
export const terminationCheck: AccountCheck = ({ billed }, now, config) => {
  const daysTo = (iso: string) => calendarDaysBetween(now, new Date(iso), config.timeZone);
  const soon = billed.filter((s) => s.state === 'active' && s.renewal?.mode === 'cancel' && daysTo(s.renewal.expiresAt) <= 30);
  return soon.map((s) => {
    const when = relativeDays(daysTo(s.renewal!.expiresAt));
    return {
      ok: false,
      label: { en: `${s.id} will be deleted at expiry ${when.en} (termination requested)`, fr: `${s.id} sera supprimé à l’échéance ${when.fr} (résiliation demandée)` },
      advice: { en: `If you still need it, switch back with /renew manual ${s.id} or /renew auto ${s.id}.`, fr: `Si vous en avez encore besoin, revenez en /renew manual ${s.id} ou /renew auto ${s.id}.` },
    };
  });
};
