import { refuse } from '../../../src/core/reply.js';
import type { Order } from '../../../src/domain/order.js';
import type { OrderDesk, Outcome, PaidOrder } from '../../../src/ports/provider.js';
import type { Page } from '../../../src/ports/store.js';
import type { BillingOrder } from '../operations/orders.ops.js';
import { api } from './ovh-refusals.js';
import { orderOf, paymentMethodOf } from './ovh-mapping.js';
import type { OvhSession } from './ovh-session.js';

/** How far back a reconciliation looks for an order a crashed attempt placed. */
const RECENT_MS = 24 * 3_600_000;

/** Orders of a connected OVHcloud account: `/me/order`, details, status, follow-up, payment. */
export class OvhOrderDesk implements OrderDesk {
  /** Binds the caller's session. */
  constructor(private readonly session: OvhSession) {}

  /** The order with its lines, state and follow-up (IDs are numbers; `ORD-` prefixes are ignored). */
  async get(id: string): Promise<Order | undefined> {
    const orderId = Number(id.replace(/^ORD-/i, ''));
    if (!Number.isSafeInteger(orderId) || orderId <= 0) return undefined;
    const client = await this.session.client();
    try {
      const order = await client.orders.get(orderId);
      const [status, details, followUp] = await Promise.all([client.orders.status(orderId), client.orders.details(orderId), client.orders.followUp(orderId)]);
      return orderOf(order, this.session.ctx.account!.id, status, details, followUp);
    } catch (error) {
      if (error instanceof Error && 'kind' in error && error.kind === 'NOT_FOUND') return undefined;
      return api(() => Promise.reject(error));
    }
  }

  /** Newest first, `limit` at a time; the cursor is the last order ID shown. */
  async list(_accountId: string, before: string | undefined, limit: number): Promise<Page<Order>> {
    const client = await this.session.client();
    const ids = (await api(() => client.orders.ids())).sort((a, b) => b - a);
    const from = before ? ids.findIndex((i) => i < Number(before)) : 0;
    const slice = from < 0 ? [] : ids.slice(from, from + limit);
    const items: Order[] = [];
    for (const orderId of slice) {
      const [order, status] = await api(() => Promise.all([client.orders.get(orderId), client.orders.status(orderId)]));
      items.push(orderOf(order, this.session.ctx.account!.id, status, [], []));
    }
    const more = from >= 0 && ids.length > from + limit;
    return { items, ...(more ? { next: String(slice.at(-1)) } : {}) };
  }

  /** Pays with the default payment method, once per invocation; an order already paid is not paid again. */
  async pay(order: Order): Promise<Outcome<PaidOrder>> {
    if (order.state !== 'awaiting-payment') return { status: 'already-paid', order };
    const client = await this.session.client();
    const orderId = Number(order.id);
    const method = await api(() => client.account.defaultPaymentMethod());
    if (!method || method.status !== 'VALID') {
      return refuse('ORDER.NO_PAYMENT_METHOD', {
        en: `Your OVHcloud account has no valid default payment method, so order ${order.id} cannot be paid. Add one in the control panel (Billing › Payment methods) and make it the default, then try again.`,
        fr: `Votre compte OVHcloud n’a aucun moyen de paiement par défaut valide : la commande ${order.id} ne peut pas être payée. Ajoutez-en un dans l’espace client (Facturation › Moyens de paiement) et définissez-le par défaut, puis réessayez.`,
      });
    }
    await this.session.once(`pay:${order.id}`, async () => {
      await client.orders.pay(orderId, method.paymentMethodId);
      return true;
    }, async () => ((await client.orders.status(orderId)) !== 'notPaid' ? true : undefined));
    const after = (await this.get(order.id)) ?? order;
    const label = paymentMethodOf(method).label;
    return { status: 'paid', order: after, methodId: String(method.paymentMethodId), methodLabel: label };
  }

  /** OVHcloud does not say which method paid an order. */
  async paidWithLabel(): Promise<string | undefined> {
    return undefined;
  }

  /** The newest order of the last day with a line for `domain` (to reconcile an order placed before a crash). */
  async recentFor(domain: string): Promise<BillingOrder | undefined> {
    const client = await this.session.client();
    const from = new Date(this.session.ctx.now.getTime() - RECENT_MS).toISOString();
    const ids = (await client.orders.ids({ from })).sort((a, b) => b - a);
    for (const orderId of ids.slice(0, 10)) {
      const details = await client.orders.details(orderId);
      if (details.some((d) => d.domain.toLowerCase() === domain.toLowerCase())) return client.orders.get(orderId);
    }
    return undefined;
  }
}
