import { refuse, RefusalError, type Refusal } from '../../../src/core/reply.js';
import { isOvhApiError, type OvhApiError } from '../ovh-errors.js';

/** The reply a failed API call deserves: what went wrong and what to do, never a secret. */
export function refusalOf(error: OvhApiError): Refusal {
  const ref = error.queryId ? ` (OVHcloud query ${error.queryId})` : '';
  switch (error.kind) {
    case 'NOT_GRANTED_CALL': {
      const rule = error.missingRule ? `${error.missingRule.method} ${error.missingRule.path}` : `${error.method} ${error.operation}`;
      return refuse('OVH.NOT_GRANTED', {
        en: `Your OVHcloud connection does not allow ${rule}. Run /account connect again to grant Guichet the access it needs.`,
        fr: `Votre connexion OVHcloud n’autorise pas ${rule}. Relancez /account connect pour accorder à Guichet les accès nécessaires.`,
      });
    }
    case 'INVALID_CREDENTIAL':
      return refuse('OVH.NOT_CONNECTED', {
        en: 'Your OVHcloud connection is no longer valid (revoked or expired). Run /account connect again.',
        fr: 'Votre connexion OVHcloud n’est plus valable (révoquée ou expirée). Relancez /account connect.',
      });
    case 'NOT_FOUND':
      return refuse('OVH.NOT_FOUND', { en: `OVHcloud found nothing by that name on your account${ref}.`, fr: `OVHcloud ne trouve rien de ce nom sur votre compte${ref}.` });
    case 'SERVICE_EXPIRED':
      return refuse('OVH.SERVICE_EXPIRED', {
        en: `This service has expired at OVHcloud; renew it first (/renew pay SERVICE)${ref}.`,
        fr: `Ce service a expiré chez OVHcloud ; renouvelez-le d’abord (/renew pay SERVICE)${ref}.`,
      });
    case 'FORBIDDEN':
      return refuse('OVH.FORBIDDEN', {
        en: `OVHcloud does not let your account do this (for instance, only the admin contact may): ${error.message}${ref}.`,
        fr: `OVHcloud ne permet pas cela à votre compte (par exemple, seul le contact administrateur le peut) : ${error.message}${ref}.`,
      });
    case 'CONFLICT':
    case 'BAD_REQUEST':
      return refuse('OVH.REFUSED', { en: `OVHcloud refused: ${error.message}${ref}.`, fr: `OVHcloud a refusé : ${error.message}${ref}.` });
    default:
      if (error.effect === 'unknown' && error.method !== 'GET') {
        return refuse('OVH.UNCERTAIN', {
          en: `OVHcloud did not answer in time, so Guichet cannot tell yet whether it was done. Type the same command again: Guichet checks at OVHcloud first and never does it twice${ref}.`,
          fr: `OVHcloud n’a pas répondu à temps : Guichet ne sait pas encore si c’est fait. Retapez la même commande : Guichet vérifie d’abord chez OVHcloud et ne le fait jamais deux fois${ref}.`,
        });
      }
      return refuse('OVH.UNAVAILABLE', {
        en: `OVHcloud could not be reached or did not answer; nothing was done. Please try again later${ref}.`,
        fr: `OVHcloud est injoignable ou n’a pas répondu ; rien n’a été fait. Réessayez plus tard${ref}.`,
      });
  }
}

/** Runs an API call; a failure of the API becomes a refusal the core shows (nothing is committed). */
export async function api<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isOvhApiError(error)) throw new RefusalError(refusalOf(error));
    throw error;
  }
}
