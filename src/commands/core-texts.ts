import type { CoreTexts } from '../core/texts.js';
import { notLinkedMessage } from './access.js';

/** What the core says that points to commands, worded by the command layer (the core names no command). */
export const COMMAND_TEXTS: CoreTexts = {
  listCommands: { en: 'Type /guichet help for the list.', fr: 'Tapez /guichet help pour la liste.' },
  notLinked: (caller) => notLinkedMessage(caller),
  keptNotices: (account) => ({
    en: `The notice is kept in ${account}'s service mails (/account emails).`,
    fr: `L’avis est conservé dans les e-mails de service de ${account} (/account emails).`,
  }),
};
