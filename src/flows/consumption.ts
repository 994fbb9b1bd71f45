import type { NoticeText } from '../domain/notice.js';
import type { Tx } from '../ports/store.js';
import { addUnpaid, usableDefaultPaymentMethod, type Account, type PaymentMethod } from '../domain/account.js';
import { formatMoney } from '../domain/money.js';
import type { Service } from '../domain/service.js';
import type { Movement } from '../domain/wallet.js';
import type { WalletBook } from './wallet-book.js';

/** What billing consumption did: the movement (numbered `seq` in the wallet's history), who was billed, with what. */
export interface Billed {
  readonly movement: Movement;
  readonly seq: number;
  /** The billing contact's account (absent only if it no longer exists). */
  readonly payer: Account | undefined;
  readonly method: PaymentMethod | undefined;
}

/**
 * Bills consumption of a Public Cloud project to its **billing contact**: the project's vouchers, then its credit (each
 * soonest expiring first), then the billing contact's default payment method (none when its account is closed, no
 * method is flagged the default or the default cannot pay); what is left is added to the billing contact's unpaid bills. Writes the wallet, its movement and
 * the account in `tx`.
 */
export async function billConsumption(tx: Tx, project: Service, book: WalletBook, amountMinor: number, now: Date, meta: { id: string; by: string }): Promise<Billed> {
  const payer = await tx.accounts.get(project.contacts.billing);
  const method = payer ? usableDefaultPaymentMethod(payer) : undefined;
  const movement = book.charge(amountMinor, now, method, { ...meta, billedTo: project.contacts.billing });
  book.save();
  const seq = book.wallet.movementCount - 1;
  if (payer && movement.unpaidMinor > 0) tx.accounts.put(addUnpaid(payer, project.id, book.wallet.currency, movement.unpaidMinor));
  return { movement, seq, payer, method };
}

/** The notice to the billing contact of what a consumption charge cost and how it was paid, in both languages. */
export function consumptionNotice(projectId: string, mv: Movement, currency: string, methodLabel: string | undefined): NoticeText {
  const m = (minor: number, l: 'en' | 'fr') => formatMoney(minor, currency, l);
  const part = (kind: 'voucher' | 'credit') => mv.paidFrom.filter((p) => p.kind === kind).reduce((s, p) => s + p.amountMinor, 0);
  const how = (l: 'en' | 'fr') => {
    const out: string[] = [];
    if (part('voucher') > 0) out.push(l === 'en' ? `${m(part('voucher'), l)} from vouchers` : `${m(part('voucher'), l)} par des vouchers`);
    if (part('credit') > 0) out.push(l === 'en' ? `${m(part('credit'), l)} from cloud credit` : `${m(part('credit'), l)} par du crédit cloud`);
    if (mv.paidByMethodMinor > 0) out.push(l === 'en' ? `${m(mv.paidByMethodMinor, l)} charged to ${methodLabel ?? 'your payment method'}` : `${m(mv.paidByMethodMinor, l)} débités sur ${methodLabel ?? 'votre moyen de paiement'}`);
    if (mv.unpaidMinor > 0) out.push(l === 'en' ? `${m(mv.unpaidMinor, l)} unpaid` : `${m(mv.unpaidMinor, l)} impayés`);
    return out.join(', ');
  };
  const unpaid = mv.unpaidMinor > 0;
  const to = mv.billedTo ?? '';
  return {
    subject: unpaid
      ? { en: `Unpaid consumption on ${projectId}`, fr: `Consommation impayée sur ${projectId}` }
      : { en: `Consumption charged on ${projectId}`, fr: `Consommation facturée sur ${projectId}` },
    body: {
      en: `Consumption of ${m(mv.amountMinor, 'en')} on ${projectId} was billed to ${to}, its billing contact: ${how('en')}.` +
        (unpaid ? ' The unpaid part is a bill on your account: add a payment method in the control panel (Billing › Payment methods) and settle it there.' : ''),
      fr: `La consommation de ${m(mv.amountMinor, 'fr')} sur ${projectId} a été facturée à ${to}, son contact facturation : ${how('fr')}.` +
        (unpaid ? ' La part impayée est une facture sur votre compte : ajoutez un moyen de paiement dans l’espace client (Facturation › Moyens de paiement) et réglez-la.' : ''),
    },
  };
}
