import type { AccountCheck } from '../domain/account-checks.js';
import { calendarDaysBetween, relativeDays } from '../domain/time.js';
import { formatMoney } from '../domain/money.js';
import type { Service } from '../domain/service.js';
import type { Wallet } from '../domain/wallet.js';
import type { Tx } from '../ports/store.js';

/** Public Cloud projects the account owns or pays for, with their wallets (first pages only). */
async function billedWallets(tx: Tx, accountId: string): Promise<{ project: Service; wallet: Wallet | undefined }[]> {
  const out: { project: Service; wallet: Wallet | undefined }[] = [];
  let after: string | undefined;
  for (let i = 0; i < 20; i++) {
    const page = await tx.services.listForContact(accountId, after, 200);
    for (const s of page.items) {
      if (s.kind === 'public-cloud-project' && s.state !== 'deleted' && (s.owner === accountId || s.contacts.billing === accountId)) {
        out.push({ project: s, wallet: await tx.wallets.get(s.id) });
      }
    }
    if (!page.next) break;
    after = page.next;
  }
  return out;
}

/** Orders awaiting payment (audit item of guide 001). */
export const ordersAwaitingPaymentCheck: AccountCheck = async (tx, account) => {
  const waiting = (await tx.orders.listOpen(account.id)).filter((o) => o.state === 'awaiting-payment');
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
export const expiringCreditCheck: AccountCheck = async (tx, account, now, config) => {
  const wallets = await billedWallets(tx, account.id);
  const daysTo = (iso: string) => calendarDaysBetween(now, new Date(iso), config.timeZone);
  const soon = wallets.flatMap(({ project, wallet }) =>
    (wallet?.entries ?? [])
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
 * Unpaid consumption bills of the account (audit item and closure blocker): what was left unpaid when consumption was
 * billed to it as billing contact, whatever its role on the project now.
 */
export const unpaidBillsCheck: AccountCheck = async (_tx, account) => {
  const unpaid = account.unpaidBills ?? [];
  const list = unpaid.map((b) => `${b.projectId} ${formatMoney(b.amountMinor, b.currency, 'en')}`).join(', ');
  const listFr = unpaid.map((b) => `${b.projectId} ${formatMoney(b.amountMinor, b.currency, 'fr')}`).join(', ');
  return [{
    ok: unpaid.length === 0,
    label: unpaid.length === 0
      ? { en: 'No unpaid bill', fr: 'Aucune facture impayée' }
      : { en: `Unpaid consumption bill(s): ${list}`, fr: `Facture(s) de consommation impayée(s) : ${listFr}` },
    advice: {
      en: 'Add a payment method in the control panel (Billing › Payment methods) and settle the bill there.',
      fr: 'Ajoutez un moyen de paiement dans l’espace client (Facturation › Moyens de paiement) et réglez la facture.',
    },
  }];
};

/** Closure is blocked by any order in progress (awaiting payment, paid, processing). */
export const ordersInProgressBlocker: AccountCheck = async (tx, account) => {
  const open = await tx.orders.listOpen(account.id);
  return [{
    ok: open.length === 0,
    label: { en: `No order in progress (${open.length} in progress)`, fr: `Aucune commande en cours (${open.length} en cours)` },
    advice: {
      en: `Pay or wait for them: ${open.slice(0, 5).map((o) => o.id).join(', ')} (/orders).`,
      fr: `Payez-les ou attendez-les : ${open.slice(0, 5).map((o) => o.id).join(', ')} (/orders).`,
    },
  }];
};
