import { formatDateTime, type Localized } from '../core/i18n.js';
import { formatMoney } from '../domain/money.js';
import { daysBefore } from '../domain/renewal.js';
import { calendarDaysBetween, relativeDays } from '../domain/time.js';
import { concernedAccounts } from '../domain/service.js';
import type { WalletEntry } from '../domain/wallet.js';
import { walletReminderOf } from '../flows/wallet-book.js';
import type { Tx } from '../ports/store.js';
import type { JobContext, PreviewItem, ReminderMessage, ReminderSource } from './job-registry.js';
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

/** Reminders before credits (SPEC §3: 30, 7 days) or vouchers (14, 3 days) expire, while a balance is left. */
function expiring(kind: 'credit' | 'voucher'): ReminderSource {
  return {
    type: kind,
    ownerOf: (e) => walletOwner(e.ref),
    async compose(tx, entry, ctx) {
      const cut = entry.ref.lastIndexOf(':');
      const projectId = entry.ref.slice(0, cut);
      const wallet = await tx.wallets.get(projectId);
      const e = wallet?.entries.find((x) => x.id === entry.ref.slice(cut + 1));
      if (!wallet || !live(e, ctx.now) || e.kind !== kind) return { kind: 'drop' };
      const plan = thresholdPlan(e.expiresAt, thresholdsOf(ctx, kind), ctx.now);
      if (plan.reached === undefined) return plan.next ? { kind: 'wait', at: plan.next } : { kind: 'drop' };
      const project = await tx.services.get(projectId);
      return {
        kind: 'send',
        id: `${kind}:${entry.ref}:${e.expiresAt}:${plan.reached}`,
        accounts: project ? concernedAccounts(project) : [wallet.account],
        message: message(kind, projectId, e, ctx),
        label: `${kind} ${entry.ref} (${plan.reached} d)`,
        ...(plan.next ? { next: plan.next } : {}),
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

/** Cloud credit expiring (SPEC §3: 30, 7 days before; threshold set `credit`). */
export const creditExpiringReminder = expiring('credit');
/** Voucher expiring (SPEC §3: 14, 3 days before; threshold set `voucher`). */
export const voucherExpiringReminder = expiring('voucher');
