import type { Localized } from './i18n.js';

/** Who is told that they are not linked to an account. */
export interface NotLinkedCaller {
  readonly chatUser: string;
  readonly operator: boolean;
  /** True when accounts are connected by their holders (OVHcloud), not linked by operators. */
  readonly connects: boolean;
}

/**
 * The texts the core says that point to commands: the command layer supplies them with its registry, so the core
 * names no command. The neutral defaults point to none.
 */
export interface CoreTexts {
  /** Said after "… is not a Guichet command", e.g. how to list the commands. */
  readonly listCommands: Localized;
  /** The refusal to a chat user linked to no account, saying how to get linked. */
  notLinked(caller: NotLinkedCaller): Localized;
  /** Where a notice that could not be delivered privately can still be read. */
  keptNotices(account: string): Localized;
}

/** Texts that name no command, for a registry built without the command layer's (tests of the core). */
export const NEUTRAL_TEXTS: CoreTexts = {
  listCommands: { en: 'See the help for the list.', fr: 'Voir l’aide pour la liste.' },
  notLinked: ({ chatUser }) => ({
    en: `Your chat user ${chatUser} is not linked to a customer account.`,
    fr: `Votre utilisateur ${chatUser} n’est lié à aucun compte client.`,
  }),
  keptNotices: (account) => ({ en: `The notice is kept in ${account}'s service mails.`, fr: `L’avis est conservé dans les e-mails de service de ${account}.` }),
};
