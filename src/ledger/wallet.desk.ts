import type { CommandContext } from '../core/command.js';
import { formatDate } from '../core/i18n.js';
import { refuse } from '../core/reply.js';
import { createOrder } from '../flows/order-flow.js';
import type { Order } from '../domain/order.js';
import { rolesOf, type Service } from '../domain/service.js';
import { voucherAvailability, voucherExpiry, voucherNotAvailable } from '../domain/voucher.js';
import { WalletBook } from '../flows/wallet-book.js';
import { byUsage } from '../domain/wallet.js';
import type { ActivatedVoucher, CreditHistory, CreditStatement, Outcome, WalletDesk } from '../ports/provider.js';
import { ledgerHistory } from './wallet-history.js';

const day = (ctx: CommandContext, iso: string) => formatDate(new Date(iso), ctx.locale, ctx.config.timeZone);

/** Credit and vouchers kept by Guichet's own ledger (guide 002 rules). */
export class LedgerWalletDesk implements WalletDesk {
  /** Binds the desk to a command attempt. */
  constructor(private readonly ctx: CommandContext) {}

  /** Checks the code (exists, unused, not expired, subsidiary, currency) and adds it to the project's wallet. */
  async activateVoucher(project: Service, code: string): Promise<Outcome<ActivatedVoucher>> {
    const ctx = this.ctx;
    const found = await ctx.tx.vouchers.get(code);
    const availability = voucherAvailability(found, ctx.now);
    if (availability === 'used' && found?.activatedOn) {
      // Only the contacts of the project it was activated on learn where and when.
      const on = await ctx.tx.services.get(found.activatedOn);
      if (on && ctx.account && rolesOf(on, ctx.account.id).length > 0) {
        return refuse('VOUCHER.ALREADY_USED', {
          en: `Voucher ${code} was already activated on ${on.id}, ${day(ctx, found.activatedAt!)}; a code can be activated only once.`,
          fr: `Le voucher ${code} a déjà été activé sur ${on.id}, le ${day(ctx, found.activatedAt!)} ; un code ne s’active qu’une seule fois.`,
        });
      }
    }
    // One answer for unknown, expired and used codes, so that codes cannot be probed.
    if (availability !== 'available' || !found) return voucherNotAvailable(code);
    const voucher = found;
    const owner = await ctx.tx.accounts.get(project.owner);
    if (voucher.subsidiary && owner?.subsidiary !== voucher.subsidiary) {
      return refuse('VOUCHER.SUBSIDIARY', {
        en: `Voucher ${code} is only valid for projects of the ${voucher.subsidiary} subsidiary; ${project.id} belongs to an account of ${owner?.subsidiary ?? '?'}.`,
        fr: `Le voucher ${code} n’est valable que pour les projets de la filiale ${voucher.subsidiary} ; ${project.id} appartient à un compte de ${owner?.subsidiary ?? '?'}.`,
      });
    }
    const book = await WalletBook.open(ctx.tx, project, ctx.now);
    if (book.wallet.currency !== voucher.currency) {
      return refuse('VOUCHER.CURRENCY', {
        en: `Voucher ${code} is in ${voucher.currency} but ${project.id} is billed in ${book.wallet.currency}.`,
        fr: `Le voucher ${code} est en ${voucher.currency} mais ${project.id} est facturé en ${book.wallet.currency}.`,
      });
    }
    const expiresAt = voucherExpiry(voucher, ctx.now).toISOString();
    book.add({
      id: `V-${voucher.code}`,
      kind: 'voucher',
      initialMinor: voucher.amountMinor,
      balanceMinor: voucher.amountMinor,
      currency: voucher.currency,
      createdAt: ctx.now.toISOString(),
      expiresAt,
      state: 'active',
      orderId: null,
      voucherCode: voucher.code,
      expiredMinor: 0,
      finishedAt: null,
    });
    book.save();
    ctx.tx.vouchers.put({ ...voucher, activatedOn: project.id, activatedAt: ctx.now.toISOString(), activatedBy: ctx.account!.id });
    return { code: voucher.code, amountMinor: voucher.amountMinor, currency: voucher.currency, expiresAt };
  }

  /** Active entries in usage order, and one page of finished ones (those finished but not yet filed first). */
  async statement(project: Service, page: number, pageSize: number): Promise<CreditStatement> {
    const book = await WalletBook.open(this.ctx.tx, project, this.ctx.now);
    const w = book.wallet;
    const pending = [...book.pendingFinished].reverse();
    const start = (page - 1) * pageSize;
    const end = start + pageSize;
    const fromPending = pending.slice(start, end);
    const storedStart = Math.max(0, start - pending.length);
    const storedEnd = Math.max(0, end - pending.length);
    const stored = storedEnd > storedStart
      ? await this.ctx.tx.wallets.history(project.id, w.historyCount - storedEnd, w.historyCount - storedStart)
      : [];
    return {
      currency: w.currency,
      active: [...w.entries].sort(byUsage),
      finished: [...fromPending, ...stored.map((r) => r.entry)],
      finishedTotal: pending.length + w.historyCount,
      totals: w.totals,
    };
  }

  /** A purchase order awaiting payment, taxed at the rate of the caller's subsidiary. */
  async orderCredit(project: Service, amountMinor: number): Promise<Outcome<Order>> {
    const ctx = this.ctx;
    const account = ctx.account!;
    const owner = await ctx.tx.accounts.get(project.owner);
    if (owner && owner.currency !== account.currency) {
      return refuse('CREDIT.CURRENCY', {
        en: `${project.id} is billed in ${owner.currency} but your account is in ${account.currency}; ask a contact of ${owner.id} to buy the credit.`,
        fr: `${project.id} est facturé en ${owner.currency} mais votre compte est en ${account.currency} ; demandez à un contact de ${owner.id} d’acheter le crédit.`,
      });
    }
    const rate = ctx.config.taxRates[account.subsidiary];
    if (rate === undefined) {
      return refuse('CREDIT.NO_TAX_RATE', {
        en: `No tax rate is configured for subsidiary ${account.subsidiary}; an operator must add it to GUICHET_TAX_RATES (e.g. ${account.subsidiary}=20).`,
        fr: `Aucun taux de taxe n’est configuré pour la filiale ${account.subsidiary} ; un opérateur doit l’ajouter à GUICHET_TAX_RATES (par ex. ${account.subsidiary}=20).`,
      });
    }
    return createOrder(ctx.tx, {
      account,
      now: ctx.now,
      taxRateBp: rate,
      lines: [{ kind: 'cloud-credit', description: `Public Cloud credit — ${project.id}`, serviceId: project.id, amountMinor }],
    });
  }

  /** Balances and consumption since `from`, read back from the wallet and its numbered history. */
  async history(project: Service, from: Date): Promise<CreditHistory> {
    return ledgerHistory(this.ctx.tx, await WalletBook.open(this.ctx.tx, project, this.ctx.now), from);
  }
}
