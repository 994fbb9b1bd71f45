import { isRefusal, refuse } from '../../../src/core/reply.js';
import type { Order } from '../../../src/domain/order.js';
import type { Service } from '../../../src/domain/service.js';
import { byUsage } from '../../../src/domain/wallet.js';
import type { ActivatedVoucher, CreditHistory, CreditStatement, Outcome, WalletDesk } from '../../../src/ports/provider.js';
import { voucherRefusal } from '../credit.api.js';
import type { Credit } from '../operations/credit.ops.js';
import { api } from './ovh-refusals.js';
import { walletEntryOf } from './ovh-mapping.js';
import { historyFromMovements } from './ovh-credit-history.js';
import type { OvhOrderDesk } from './ovh-order.desk.js';
import type { OvhSession } from './ovh-session.js';

/** Public Cloud credit of a connected OVHcloud account: `/cloud/project/{sn}/credit` and `/order/…/credit`. */
export class OvhWalletDesk implements WalletDesk {
  /** Binds the caller's session. */
  constructor(private readonly session: OvhSession, private readonly orders: OvhOrderDesk) {}

  async #credits(project: Service): Promise<Credit[]> {
    const client = await this.session.client();
    return api(() => client.credit.credits(project.id));
  }

  /** `POST /cloud/project/{sn}/credit {code}` once; the provider checks the code. One answer for every refusal. */
  async activateVoucher(project: Service, code: string): Promise<Outcome<ActivatedVoucher>> {
    const client = await this.session.client();
    const upper = code.toUpperCase();
    const find = async () => (await client.credit.credits(project.id)).find((c) => c.voucher?.toUpperCase() === upper);
    const outcome = await this.session.once(`voucher:${project.id}:${upper}`, async () => {
      try {
        await client.credit.activateVoucher(project.id, code);
        return 'activated' as const;
      } catch (error) {
        if (voucherRefusal(error)) return 'refused' as const;
        throw error;
      }
    }, async () => ((await find()) ? 'activated' as const : undefined));
    if (outcome === 'refused') return this.#refused(code);
    const entry = await api(find);
    if (!entry) return this.#refused(code);
    const e = walletEntryOf(entry, this.session.ctx.now);
    return { code: upper, amountMinor: e.initialMinor, currency: e.currency, expiresAt: e.expiresAt };
  }

  #refused(code: string) {
    return refuse('VOUCHER.NOT_USABLE', {
      en: `Voucher ${code} cannot be activated on this project: the code is unknown, already used, expired or not valid for this project. Check it as written on the voucher.`,
      fr: `Le voucher ${code} ne peut pas être activé sur ce projet : code inconnu, déjà utilisé, expiré ou non valable pour ce projet. Vérifiez-le tel qu’il est écrit sur le voucher.`,
    });
  }

  /** Every credit entry with its validity; OVHcloud keeps no consumption totals here. */
  async statement(project: Service, page: number, pageSize: number): Promise<CreditStatement> {
    const now = this.session.ctx.now;
    const entries = (await this.#credits(project)).map((c) => walletEntryOf(c, now));
    const finished = entries.filter((e) => e.state !== 'active').sort((a, b) => (b.finishedAt ?? '').localeCompare(a.finishedAt ?? ''));
    const start = (page - 1) * pageSize;
    return {
      currency: entries[0]?.currency ?? this.session.ctx.account!.currency,
      active: entries.filter((e) => e.state === 'active').sort(byUsage),
      finished: finished.slice(start, start + pageSize),
      finishedTotal: finished.length,
    };
  }

  /** `POST /order/cloud/project/{sn}/credit {amount}` once (whole currency units), then reads the order. */
  async orderCredit(project: Service, amountMinor: number): Promise<Outcome<Order>> {
    if (amountMinor % 100 !== 0) {
      return refuse('CREDIT.WHOLE_UNITS', {
        en: `OVHcloud sells credit in whole units: type ${Math.ceil(amountMinor / 100)} instead.`,
        fr: `OVHcloud vend le crédit par unités entières : tapez ${Math.ceil(amountMinor / 100)} à la place.`,
      });
    }
    const client = await this.session.client();
    const orderId = await this.session.once(`credit-order:${project.id}:${amountMinor}`,
      async () => (await client.credit.order(project.id, amountMinor / 100)).orderId,
      async () => (await this.orders.recentFor(project.id))?.orderId);
    const order = await this.orders.get(String(orderId));
    if (!order || isRefusal(order)) return refuse('OVH.NOT_FOUND', { en: `OVHcloud has no order ${orderId}.`, fr: `OVHcloud n’a aucune commande ${orderId}.` });
    return order;
  }

  /**
   * Balances and consumption since `from`, from the account's credit balances and their movements
   * (`/me/credit/balance/{name}/movement`): those naming the project count.
   */
  async history(project: Service, from: Date): Promise<CreditHistory> {
    const client = await this.session.client();
    const balances = await api(() => client.credit.balances());
    const withMovements = [];
    for (const balance of balances) withMovements.push({ balance, movements: await api(() => client.credit.movements(balance.balanceName)) });
    return historyFromMovements(withMovements, project.id, from, this.session.ctx.account!.currency);
  }
}
