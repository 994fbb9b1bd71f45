import type { Localized } from '../domain/i18n.js';
import { defaultPaymentMethod, paymentBlock, type Account, type PaymentBlock, type PaymentMethod } from '../domain/account.js';

/** Where to add a payment method (no final stop), after a sentence that names one: the one text of that advice. */
export const ADD_PAYMENT_METHOD_STEPS: Localized = {
  en: 'Add one in the control panel (Billing › Payment methods › Add a payment method) and make it the default',
  fr: 'Ajoutez-en un dans l’espace client (Facturation › Moyens de paiement › Ajouter un moyen de paiement) et définissez-le par défaut',
};

/** How to add a payment method, said whenever one is missing (a refusal: then try again). */
export const HOW_TO_ADD_PAYMENT_METHOD: Localized = {
  en: `${ADD_PAYMENT_METHOD_STEPS.en}, then try again.`,
  fr: `${ADD_PAYMENT_METHOD_STEPS.fr}, puis réessayez.`,
};

/** How to make one of an account's payment methods the default (no final stop): the one text of that advice. */
export const MAKE_DEFAULT_STEPS: Localized = {
  en: 'Make one of them the default in the control panel (Billing › Payment methods)',
  fr: 'Définissez-en un par défaut dans l’espace client (Facturation › Moyens de paiement)',
};

/**
 * Why `account` (`accountId`, possibly gone) cannot pay, so `what` (e.g. "order X cannot be paid"), and how to mend
 * it: closed, no payment method, none flagged the default, or a default method that cannot pay. The method is named
 * (label with the provider's state, e.g. "Visa •••• 4242 (expired)"), the methods counted and the steps given only
 * `toPayer`: payment details go to their owner only; anyone else is told what the payer must do.
 */
export function cannotPayMessage(account: Account | undefined, accountId: string, toPayer: boolean, what: Localized): Localized {
  const block = account ? paymentBlock(account) : 'none';
  const why = whyCannotPay(block, accountId, toPayer ? account : undefined);
  const how = howToMend(block, accountId, toPayer);
  return { en: `${why.en}, so ${what.en}.${how.en}`, fr: `${why.fr} : ${what.fr}.${how.fr}` };
}

/** The reason an account cannot pay, naming its default method and counting its methods when `payer` (itself) is given. */
function whyCannotPay(block: PaymentBlock | undefined, accountId: string, payer: Account | undefined): Localized {
  if (block === 'closed') return { en: `Account ${accountId} is closed`, fr: `Le compte ${accountId} est fermé` };
  if (block === 'no-default') {
    const n = payer?.paymentMethods.length;
    return n === undefined
      ? { en: `No payment method of account ${accountId} is the default`, fr: `Aucun moyen de paiement du compte ${accountId} n’est défini par défaut` }
      : { en: `None of the ${n} payment method(s) of account ${accountId} is the default`, fr: `Aucun des ${n} moyen(s) de paiement du compte ${accountId} n’est défini par défaut` };
  }
  if (block !== 'unusable') return { en: `Account ${accountId} has no payment method`, fr: `Le compte ${accountId} n’a aucun moyen de paiement` };
  const named: PaymentMethod | undefined = payer && defaultPaymentMethod(payer);
  const which = named ? { en: `, ${named.label},`, fr: `, ${named.label},` } : { en: '', fr: '' };
  return { en: `The default payment method of account ${accountId}${which.en} cannot pay`, fr: `Le moyen de paiement par défaut du compte ${accountId}${which.fr} ne peut pas payer` };
}

/** What to do about a block (with a leading space): the steps to the payer itself, what the billing contact must do to anyone else. */
function howToMend(block: PaymentBlock | undefined, accountId: string, toPayer: boolean): Localized {
  if (block === 'closed') return { en: '', fr: '' };
  if (block === 'no-default') {
    return toPayer
      ? { en: ` ${MAKE_DEFAULT_STEPS.en}, then try again.`, fr: ` ${MAKE_DEFAULT_STEPS.fr}, puis réessayez.` }
      : { en: ` Its billing contact ${accountId} must make one of its payment methods the default in the control panel (Billing › Payment methods).`, fr: ` Son contact facturation ${accountId} doit définir l’un de ses moyens de paiement par défaut dans l’espace client (Facturation › Moyens de paiement).` };
  }
  return toPayer
    ? { en: ` ${HOW_TO_ADD_PAYMENT_METHOD.en}`, fr: ` ${HOW_TO_ADD_PAYMENT_METHOD.fr}` }
    : { en: ` Its billing contact ${accountId} must add one in the control panel (Billing › Payment methods) and make it the default.`, fr: ` Son contact facturation ${accountId} doit en ajouter un dans l’espace client (Facturation › Moyens de paiement) et le définir par défaut.` };
}
