import { refuse, type Refusal } from '../../src/core/reply.js';
import { isOvhApiError } from './ovh-errors.js';

/**
 * What the chat user is told when the API fails during `/account connect` or `/account disconnect`; nothing
 * was recorded as done. Anything that is not an API failure (a bug, an effect in progress) is thrown on.
 */
export function connectRefusal(error: unknown, endpoint: string): Refusal {
  if (!isOvhApiError(error)) throw error;
  const ref = error.queryId ? ` (OVHcloud query ${error.queryId})` : '';
  switch (error.kind) {
    case 'UNREACHABLE':
    case 'SERVER_ERROR':
    case 'RATE_LIMITED':
    case 'INVALID_RESPONSE':
      return refuse('OVH.UNAVAILABLE', {
        en: `The OVHcloud API (${endpoint}) cannot answer right now; nothing was done. Please try again in a few minutes${ref}.`,
        fr: `L’API OVHcloud (${endpoint}) ne peut pas répondre pour le moment ; rien n’a été fait. Réessayez dans quelques minutes${ref}.`,
      });
    case 'INVALID_CREDENTIAL':
      return refuse('CONNECT.APPLICATION_REFUSED', {
        en: `The OVHcloud API (${endpoint}) refused Guichet's application. An operator must check OVH_APPLICATION_KEY and OVH_APPLICATION_SECRET (an application belongs to one region)${ref}.`,
        fr: `L’API OVHcloud (${endpoint}) a refusé l’application de Guichet. Un opérateur doit vérifier OVH_APPLICATION_KEY et OVH_APPLICATION_SECRET (une application appartient à une seule région)${ref}.`,
      });
    default:
      return refuse('OVH.REFUSED', {
        en: `The OVHcloud API (${endpoint}) refused the request: ${error.message}${ref}.`,
        fr: `L’API OVHcloud (${endpoint}) a refusé la demande : ${error.message}${ref}.`,
      });
  }
}
