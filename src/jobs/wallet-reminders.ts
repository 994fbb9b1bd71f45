import { formatDateTime, type Localized } from '../core/i18n.js';
import { formatMoney } from '../domain/money.js';
import { daysBefore } from '../domain/renewal.js';
import { calendarDaysBetween, relativeDays } from '../domain/time.js';
import { concernedAccounts } from '../domain/service.js';
import type { WalletEntry } from '../domain/wallet.js';
import { dueOfEntry, walletReminderOf } from '../flows/wallet-book.js';
import type { DueEntry, Tx } from '../ports/store.js';
import { settling, type JobContext, type PreviewItem, type ReminderMessage, type ReminderSource } from './job-registry.js';
import { walletExpiryJob } from './wallet-expiry.job.js';
import { servicesOf, thresholdPlan, thresholdsOf } from './renewal-reminders.js';

/** The schedule owner of a wallet entry's reminders (`ref` is `PROJECT:ENTRY`). */
export const walletOwner = (ref: string) => `wallet:${ref}`;

function message(kind: 'credit' | 'voucher', projectId: string, e: WalletEntry, ctx: JobContext): ReminderMessage {
  const left = relativeDays(calendarDaysBetween(ctx.now, new Date(e.expiresAt), ctx.config.timeZone));
  const when = (l: 'en' | 'fr') => formatDateTime(new Date(e.expiresAt), l, ctx.config.timeZone);
  const money = (l: 'en' | 'fr') => formatMoney(e.balanceMinor, e.currency, l);
  const name = kind === 'voucher' ? e.voucherCode ?? e.id : e.id;
  return kind === 'voucher'
    ? {
        subject: { en: `Voucher expiring: ${name} on ${projectId}`, fr: `Voucher bientôt expiré : ${name} sur ${projectId}` },
        body: {
          en: `Voucher ${name} on ${projectId} expires on ${when('en')} (${left.en}) with ${money('en')} left; unused balance is lost. See /credit list ${projectId}.`,
          fr: `Le voucher ${name} sur ${projectId} expire le ${when('fr')} (${left.fr}) avec ${money('fr')} restants ; le solde non utilisé est perdu. Voir /credit list ${projectId}.`,
        },
      }
    : {
        subject: { en: `Cloud credit expiring: ${name} on ${projectId}`, fr: `Crédit cloud bientôt expiré : ${name} sur ${projectId}` },
        body: {
          en: `Cloud credit ${name} on ${projectId} expires on ${when('en')} (${left.en}) with ${money('en')} left; unused credit is lost and never refunded. See /credit list ${projectId}.`,
          fr: `Le crédit cloud ${name} sur ${projectId} expire le ${when('fr')} (${left.fr}) avec ${money('fr')} restants ; le crédit non utilisé est perdu et jamais remboursé. Voir /credit list ${projectId}.`,
        },
      };
}

const live = (e: WalletEntry | undefined, now: Date): e is WalletEntry => e !== undefined && e.state === 'active' && e.balanceMinor > 0 && now < new Date(e.expiresAt);

/**
 * Reminders before credits (SPEC §3: 30, 7 days) or vouchers (14, 3 days) expire, while a balance is left; the
 * `reminder:credit` / `reminder:voucher` entry. `untilExpiry`: after the last reminder (or with nothing left to remind
 * of) the entry of an active entry waits for its expiry instead of going, when Guichet expires it (see
 * `ledgerWalletExpiring`); without it (a provider expires its credits) the entry goes after the last reminder.
 */
function expiring(kind: 'credit' | 'voucher', untilExpiry: boolean): ReminderSource {
  return {
    type: kind,
    ownerOf: (e) => walletOwner(e.ref),
    async compose(tx, entry, ctx) {
      const cut = entry.ref.lastIndexOf(':');
      const projectId = entry.ref.slice(0, cut);
      const wallet = await tx.wallets.get(projectId);
      const e = wallet?.entries.find((x) => x.id === entry.ref.slice(cut + 1));
      if (!wallet || e?.kind !== kind || e.state !== 'active') return { kind: 'drop' };
      const end = untilExpiry ? e.expiresAt : undefined;
      // Past its expiry (left to the lifecycle phase, `settle`, with `untilExpiry`) or nothing left to lose.
      if (!live(e, ctx.now)) return end ? { kind: 'wait', at: end } : { kind: 'drop' };
      const plan = thresholdPlan(e.expiresAt, thresholdsOf(ctx, kind), ctx.now);
      const next = plan.next ?? end;
      if (plan.reached === undefined) return next ? { kind: 'wait', at: next } : { kind: 'drop' };
      const project = await tx.services.get(projectId);
      return {
        kind: 'send',
        id: `${kind}:${entry.ref}:${e.expiresAt}:${plan.reached}`,
        accounts: project ? concernedAccounts(project) : [wallet.account],
        message: message(kind, projectId, e, ctx),
        label: `${kind} ${entry.ref} (${plan.reached} d)`,
        ...(next ? { next } : {}),
      };
    },
    async preview(tx, account, from, to, ctx) {
      const out: PreviewItem[] = [];
      const thresholds = thresholdsOf(ctx, kind);
      const projects = (await servicesOf(tx, account)).filter((s) => s.kind === 'public-cloud-project' && s.state !== 'deleted');
      const wallets = await tx.wallets.getMany(projects.map((s) => s.id));
      for (const [i, s] of projects.entries()) {
        for (const e of wallets[i]?.entries ?? []) {
          if (e.kind !== kind || !live(e, from)) continue;
          const ref = walletReminderOf(s.id, e).ref;
          const times = thresholds.map((d) => ({ d, at: new Date(daysBefore(e.expiresAt, d)) })).filter((x) => x.at > from && x.at <= to);
          const now = thresholdPlan(e.expiresAt, thresholds, from);
          if (now.reached !== undefined && (await tx.reminders.marks(`${kind}:${ref}:${e.expiresAt}:${now.reached}`)).length === 0) times.unshift({ d: now.reached, at: from });
          for (const t of times) out.push({ at: t.at.toISOString(), type: kind, what: subject(kind, s.id, e, t.d) });
        }
      }
      return out;
    },
  };
}

function subject(kind: 'credit' | 'voucher', projectId: string, e: WalletEntry, days: number): Localized {
  const name = kind === 'voucher' ? e.voucherCode ?? e.id : e.id;
  return kind === 'voucher'
    ? { en: `voucher ${name} on ${projectId} expires (${days} day(s) before)`, fr: `le voucher ${name} sur ${projectId} expire (${days} jour(s) avant)` }
    : { en: `credit ${name} on ${projectId} expires (${days} day(s) before)`, fr: `le crédit ${name} sur ${projectId} expire (${days} jour(s) avant)` };
}

/** Cloud credit expiring (SPEC §3: 30, 7 days before; threshold set `credit`), when a provider expires its credits (the mirror). */
export const creditExpiringReminder = expiring('credit', false);
/** Voucher expiring (SPEC §3: 14, 3 days before; threshold set `voucher`), when a provider expires its vouchers (the mirror). */
export const voucherExpiringReminder = expiring('voucher', false);

/** The wallet entry a reminder entry is about, once past its expiry and still active (the ledger then expires it). */
async function pastExpiry(tx: Tx, entry: DueEntry, ctx: JobContext): Promise<DueEntry | undefined> {
  const cut = entry.ref.lastIndexOf(':');
  const e = (await tx.wallets.get(entry.ref.slice(0, cut)))?.entries.find((x) => x.id === entry.ref.slice(cut + 1));
  return e?.state === 'active' && ctx.now >= new Date(e.expiresAt) ? dueOfEntry(entry.ref.slice(0, cut), e) : undefined;
}

/**
 * The `reminder:credit` / `reminder:voucher` entry when Guichet keeps the books: the one due entry of a credit or a
 * voucher. It reminds at the thresholds, then waits for the expiry, when the lifecycle phase expires the entry (as
 * `credit-expiry` / `voucher-expiry`, which earlier versions wrote beside it, did: the balance is lost, the owner told
 * once) before the reminders of that run, and removes it.
 */
export function ledgerWalletExpiring(kind: 'credit' | 'voucher'): ReminderSource {
  return settling(expiring(kind, true), pastExpiry, (tx, expiry, ctx) => walletExpiryJob(tx, expiry, ctx));
}
