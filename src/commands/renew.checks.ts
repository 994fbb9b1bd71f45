import type { AccountCheck } from '../domain/account-checks.js';
import { daysLeft } from '../domain/renewal.js';

/** Services that expired because their automatic renewal could not be paid (SPEC §3). */
export const expiredServicesCheck: AccountCheck = ({ billed }) => {
  const expired = billed.filter((s) => s.state === 'expired' && s.renewal);
  return expired.map((s) => ({
    ok: false,
    label: { en: `${s.id} has expired: its automatic renewal could not be paid`, fr: `${s.id} a expiré : son renouvellement automatique n’a pas pu être payé` },
    advice: { en: `Add a payment method, then renew it with /renew pay ${s.id}.`, fr: `Ajoutez un moyen de paiement, puis renouvelez-le avec /renew pay ${s.id}.` },
  }));
};

/** Services set to terminate within 30 days: deleted for good at expiry unless switched back. */
export const terminationCheck: AccountCheck = ({ billed }, now) => {
  const soon = billed.filter(
    (s) => s.state === 'active' && s.renewal?.mode === 'cancel' && daysLeft(now, s.renewal.expiresAt) <= 30,
  );
  return soon.map((s) => {
    const days = daysLeft(now, s.renewal!.expiresAt);
    return {
      ok: false,
      label: { en: `${s.id} will be deleted at expiry in ${days} day(s) (termination requested)`, fr: `${s.id} sera supprimé à l’échéance dans ${days} jour(s) (résiliation demandée)` },
      advice: { en: `If you still need it, switch back with /renew manual ${s.id} or /renew auto ${s.id}.`, fr: `Si vous en avez encore besoin, revenez en /renew manual ${s.id} ou /renew auto ${s.id}.` },
    };
  });
};
