import type { AccountCheck } from '../domain/account-checks.js';
import { calendarDaysBetween, relativeDays } from '../domain/time.js';
import { formatMoney } from '../domain/money.js';

/** Orders awaiting payment (audit item of guide 001). */
export const ordersAwaitingPaymentCheck: AccountCheck = ({ openOrders }) => {
  const waiting = openOrders.filter((o) => o.state === 'awaiting-payment');
  const ids = waiting.slice(0, 5).map((o) => o.id).join(', ');
  return [{
    ok: waiting.length === 0,
    label: waiting.length === 0
      ? { en: 'No order awaiting payment', fr: 'Aucune commande en attente de paiement' }
      : { en: `${waiting.length} order(s) awaiting payment: ${ids}`, fr: `${waiting.length} commande(s) en attente de paiement : ${ids}` },
    advice: { en: `Pay them with /orders pay ${waiting[0]?.id ?? 'ORDER'}.`, fr: `Payez-les avec /orders pay ${waiting[0]?.id ?? 'COMMANDE'}.` },
  }];
};

/** Credits and vouchers with a balance expiring within 30 days (audit item). */
export const expiringCreditCheck: AccountCheck = ({ credits }, now, config) => {
  const daysTo = (iso: string) => calendarDaysBetween(now, new Date(iso), config.timeZone);
  const soon = credits.flatMap(({ project, entries }) =>
    entries
      .filter((e) => e.state === 'active' && e.balanceMinor > 0 && new Date(e.expiresAt) > now && daysTo(e.expiresAt) <= 30)
      .map((e) => ({ project, e })));
  if (soon.length === 0) return [{ ok: true, label: { en: 'No credit or voucher expiring within 30 days', fr: 'Aucun crédit ni voucher n’expire dans les 30 jours' } }];
  return soon.map(({ project, e }) => {
    const when = relativeDays(daysTo(e.expiresAt));
    const what = e.kind === 'voucher' ? { en: `Voucher ${e.voucherCode ?? e.id}`, fr: `Le voucher ${e.voucherCode ?? e.id}` } : { en: `Credit ${e.orderId ?? e.id}`, fr: `Le crédit ${e.orderId ?? e.id}` };
    return {
      ok: false,
      label: {
        en: `${what.en} on ${project.id} (${formatMoney(e.balanceMinor, e.currency, 'en')} left) expires ${when.en}`,
        fr: `${what.fr} sur ${project.id} (reste ${formatMoney(e.balanceMinor, e.currency, 'fr')}) expire ${when.fr}`,
      },
      advice: { en: 'Unused balance is lost at expiry; see /credit list.', fr: 'Le solde non utilisé est perdu à l’expiration ; voir /credit list.' },
    };
  });
};

/**
 * Unpaid consumption bills of the account (audit item and closure blocker): with the ledger, what was left unpaid when
 * consumption was billed to it as billing contact, whatever its role on the project now.
 */
export const unpaidBillsCheck: AccountCheck = ({ credits, debts }) => {
  if (credits.length === 0 && debts.length === 0) return [];
  const list = debts.map((d) => `${d.where} ${formatMoney(d.amountMinor, d.currency, 'en')}`).join(', ');
  const listFr = debts.map((d) => `${d.where} ${formatMoney(d.amountMinor, d.currency, 'fr')}`).join(', ');
  return [{
    ok: debts.length === 0,
    label: debts.length === 0
      ? { en: 'No unpaid bill', fr: 'Aucune facture impayée' }
      : { en: `Unpaid consumption bill(s): ${list}`, fr: `Facture(s) de consommation impayée(s) : ${listFr}` },
    advice: {
      en: 'Add a payment method in the control panel (Billing › Payment methods) and settle the bill there.',
      fr: 'Ajoutez un moyen de paiement dans l’espace client (Facturation › Moyens de paiement) et réglez la facture.',
    },
  }];
};

/** Closure is blocked by any order in progress (awaiting payment, paid, processing). */
export const ordersInProgressBlocker: AccountCheck = ({ openOrders: open }) => {
  return [{
    ok: open.length === 0,
    label: { en: `No order in progress (${open.length} in progress)`, fr: `Aucune commande en cours (${open.length} en cours)` },
    advice: {
      en: `Pay or wait for them: ${open.slice(0, 5).map((o) => o.id).join(', ')} (/orders).`,
      fr: `Payez-les ou attendez-les : ${open.slice(0, 5).map((o) => o.id).join(', ')} (/orders).`,
    },
  }];
};
