import type { Localized } from './i18n.js';

/** Texts of `/account connect` and `/account disconnect`, shared with the poller's private messages. */
export const CONNECT_TEXTS = {
  unavailable: {
    en: 'Connecting an OVHcloud account needs Guichet to run with GUICHET_PROVIDER=ovhcloud. This Guichet keeps its own ledger: an operator links chat users to accounts (/guichet admin link).',
    fr: 'Connecter un compte OVHcloud demande que Guichet tourne avec GUICHET_PROVIDER=ovhcloud. Ce Guichet tient son propre registre : un opérateur lie les utilisateurs aux comptes (/guichet admin link).',
  },
  title: { en: 'Connect your OVHcloud account', fr: 'Connecter votre compte OVHcloud' },
  validatedButton: { en: 'I have validated', fr: 'J’ai validé' },
  notConnected: {
    en: 'You have no connected OVHcloud account. /account connect connects one.',
    fr: 'Vous n’avez aucun compte OVHcloud connecté. /account connect en connecte un.',
  },
  cancelled: {
    en: 'Your pending connection request is cancelled; nothing was linked.',
    fr: 'Votre demande de connexion en attente est annulée ; rien n’a été lié.',
  },
} as const satisfies Record<string, Localized>;

/** The link to open, privately: what it grants and until when Guichet waits. */
export function openLinkText(url: string, until: string, again: boolean): Localized {
  return {
    en: `${again ? 'Not validated yet. ' : ''}Open this link, log in to OVHcloud as the account holder and validate the access Guichet asks for (read the account, services, orders and credit; change contacts and renewals; pay orders — the README lists each right):\n${url}\nI check every few seconds until ${until} and tell you privately once it is done, or click the button after validating. This link is only for you: do not share it.`,
    fr: `${again ? 'Pas encore validé. ' : ''}Ouvrez ce lien, connectez-vous à OVHcloud en tant que titulaire du compte et validez l’accès que Guichet demande (lire le compte, les services, les commandes et le crédit ; changer les contacts et les renouvellements ; payer les commandes — le README détaille chaque droit) :\n${url}\nJe vérifie toutes les quelques secondes jusqu’à ${until} et vous préviens en privé dès que c’est fait, ou cliquez sur le bouton après avoir validé. Ce lien n’est que pour vous : ne le partagez pas.`,
  };
}

/** Connected: the chat user is linked to the account. */
export function connectedText(account: string, endpoint: string, replacedKeyKept: boolean): Localized {
  const kept: Localized = {
    en: `\nThe previous key of ${account} could not be revoked just now: revoke it in the OVHcloud control panel (API keys), or run /account disconnect and /account connect again later.`,
    fr: `\nL’ancienne clé de ${account} n’a pas pu être révoquée pour l’instant : révoquez-la dans l’espace client OVHcloud (clés d’API), ou lancez /account disconnect puis /account connect plus tard.`,
  };
  return {
    en: `✅ Connected as ${account} (OVHcloud ${endpoint}). Your chat user is now linked to this account: try /account.${replacedKeyKept ? kept.en : ''}`,
    fr: `✅ Connecté en tant que ${account} (OVHcloud ${endpoint}). Votre utilisateur est maintenant lié à ce compte : essayez /account.${replacedKeyKept ? kept.fr : ''}`,
  };
}

/** The holder refused the access, or it was not validated in time: nothing linked. */
export function notConnectedText(kind: 'refused' | 'expired'): Localized {
  return kind === 'refused'
    ? {
        en: 'The access request was refused on the OVHcloud login page, so nothing was linked. Type /account connect to try again.',
        fr: 'La demande d’accès a été refusée sur la page de connexion OVHcloud : rien n’a été lié. Tapez /account connect pour réessayer.',
      }
    : {
        en: 'The access request was not validated in time (10 minutes), so nothing was linked. Type /account connect for a new link.',
        fr: 'La demande d’accès n’a pas été validée à temps (10 minutes) : rien n’a été lié. Tapez /account connect pour un nouveau lien.',
      };
}

/** Already connected: how to get a new key or leave. */
export function alreadyConnectedText(account: string, endpoint: string, since: string): Localized {
  return {
    en: `You are connected as ${account} (OVHcloud ${endpoint}, since ${since}). For a new key (for example when Guichet asks for new rights): /account disconnect, then /account connect.`,
    fr: `Vous êtes connecté en tant que ${account} (OVHcloud ${endpoint}, depuis le ${since}). Pour une nouvelle clé (par exemple quand Guichet demande de nouveaux droits) : /account disconnect, puis /account connect.`,
  };
}

/** Disconnected: the key is revoked and forgotten, the chat user unlinked. */
export function disconnectedText(account: string): Localized {
  return {
    en: `Disconnected from ${account}: the key is revoked at OVHcloud and Guichet no longer holds it; your chat user is no longer linked. /account connect connects again.`,
    fr: `Déconnecté de ${account} : la clé est révoquée chez OVHcloud et Guichet ne la détient plus ; votre utilisateur n’est plus lié. /account connect reconnecte.`,
  };
}
