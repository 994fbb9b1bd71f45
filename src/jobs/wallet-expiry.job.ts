import { formatMoney } from '../domain/money.js';
import { expireDueEntry } from '../flows/wallet-book.js';
import { jobAudit, jobMail } from './job-effects.js';
import type { LifecycleHandler } from './job-registry.js';

/**
 * `credit-expiry` / `voucher-expiry` (SPEC §3): credits and vouchers past validity expire, their balance is
 * lost and recorded in the wallet's history; the owner gets a service mail and the audit log has it. Idempotent.
 */
export const walletExpiryJob: LifecycleHandler = async (tx, entry, ctx) => {
  const expired = await expireDueEntry(tx, entry, ctx.now);
  if (expired.length === 0) return { outcome: 'stale' };
  for (const { projectId, account, entry: e } of expired) {
    const what = e.kind === 'voucher' ? { en: `Voucher ${e.voucherCode ?? e.id}`, fr: `Le voucher ${e.voucherCode ?? e.id}` } : { en: `Credit ${e.id}`, fr: `Le crédit ${e.id}` };
    const lost = { en: formatMoney(e.expiredMinor, e.currency, 'en'), fr: formatMoney(e.expiredMinor, e.currency, 'fr') };
    jobAudit(tx, ctx, `${e.kind}.expired`, `${projectId}:${e.id}`, account, 'expired', { lostMinor: e.expiredMinor, currency: e.currency });
    await jobMail(tx, account, {
      subject: { en: `${what.en} expired on ${projectId}`, fr: `${what.fr} a expiré sur ${projectId}` },
      body: {
        en: `${what.en} on ${projectId} reached the end of its validity; its unused balance (${lost.en}) is lost. See /credit list ${projectId}.`,
        fr: `${what.fr} sur ${projectId} est arrivé au terme de sa validité ; son solde non utilisé (${lost.fr}) est perdu. Voir /credit list ${projectId}.`,
      },
    }, ctx);
  }
  const ids = expired.map((x) => `${x.projectId}:${x.entry.id}`).join(', ');
  return { outcome: 'wallet-expired', accounts: expired.map((x) => x.account), line: { en: `${ids}: expired, balance lost`, fr: `${ids} : expiré, solde perdu` } };
};
