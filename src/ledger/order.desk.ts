import type { CommandContext } from '../core/command.js';
import { isRefusal } from '../core/reply.js';
import { normaliseId } from '../domain/ids.js';
import { cancelOrderOf, payOrder, type CancelOutcome } from '../flows/order-flow.js';
import type { Order } from '../domain/order.js';
import type { Page } from '../ports/store.js';
import type { OrderDesk, Outcome, PaidOrder } from '../ports/provider.js';

/** Orders kept by Guichet's own ledger. */
export class LedgerOrderDesk implements OrderDesk {
  /** Binds the desk to a command attempt. */
  constructor(private readonly ctx: CommandContext) {}

  /** The order, if it exists. */
  get(id: string): Promise<Order | undefined> {
    return this.ctx.tx.orders.get(normaliseId(id));
  }

  /** The account's orders, newest first; the cursor is the last order ID shown (one not the account's gives nothing). */
  async list(accountId: string, before: string | undefined, limit: number): Promise<Page<Order>> {
    const from = before === undefined ? undefined : await this.get(before);
    if (before !== undefined && from?.account !== accountId) return { items: [] };
    const page = await this.ctx.tx.orders.listForAccount(accountId, from ? `${from.createdAt}:${from.id}` : undefined, limit);
    const last = page.items.at(-1);
    return page.next && last ? { items: page.items, next: last.id } : { items: page.items };
  }

  /** Pays with the order account's default payment method and delivers every line, once. */
  async pay(order: Order): Promise<Outcome<PaidOrder>> {
    const outcome = await payOrder(this.ctx.tx, order.id, this.ctx.now, this.ctx.config.timeZone);
    if (isRefusal(outcome) || outcome.status === 'already-paid') return outcome;
    return { status: 'paid', order: outcome.order, methodId: outcome.method.id, methodLabel: outcome.method.label };
  }

  /** Cancels an order of the caller's account still awaiting payment (idempotent). */
  cancel(order: Order): Promise<Outcome<CancelOutcome>> {
    return cancelOrderOf(this.ctx.tx, order.id, this.ctx.account!.id, this.ctx.now);
  }

  /** The label of the method the order was paid with. */
  async paidWithLabel(order: Order): Promise<string | undefined> {
    if (!order.paidWith) return undefined;
    const account = await this.ctx.tx.accounts.get(order.account);
    return account?.paymentMethods.find((m) => m.id === order.paidWith)?.label ?? order.paidWith;
  }
}
