import type { OvhHttp } from './ovh-http.js';
import type { PaymentMethod } from './operations/account.ops.js';
import {
  orderDetailListOp, orderFollowUpOp, orderListOp, orderOp, orderPayOp, orderStatusOp,
  type BillingOrder, type FollowUp, type OrderDetail, type OrderStatus,
} from './operations/orders.ops.js';

/** A date range of orders (ISO 8601). */
export interface OrderRange {
  readonly from?: string;
  readonly to?: string;
}

/** What paying with the default payment method did. */
export type PayOutcome = { readonly paid: true; readonly paymentMethodId: number } | { readonly paid: false; readonly reason: 'NO_DEFAULT_PAYMENT_METHOD' | 'PAYMENT_METHOD_NOT_VALID' };

/** The account's orders: list, details, status, follow-up, payment. */
export class OvhOrdersApi {
  /** Calls through a transport; `defaultPaymentMethod` reads the account's. */
  constructor(
    private readonly http: OvhHttp,
    private readonly defaultPaymentMethod: () => Promise<PaymentMethod | null>,
  ) {}

  /** The orders (optionally in a date range), in pages. */
  list(range: OrderRange = {}): Promise<BillingOrder[]> {
    return this.http.list(orderListOp, { query: { 'date.from': range.from, 'date.to': range.to } });
  }

  /** The IDs of the orders (optionally in a date range). */
  ids(range: OrderRange = {}): Promise<number[]> {
    return this.http.call(orderListOp, { query: { 'date.from': range.from, 'date.to': range.to } });
  }

  /** One order. */
  get(orderId: number): Promise<BillingOrder> {
    return this.http.call(orderOp, { params: { orderId } });
  }

  /** The lines of an order, in pages. */
  details(orderId: number): Promise<OrderDetail[]> {
    return this.http.list(orderDetailListOp, { params: { orderId } });
  }

  /** The order's state (`notPaid`, `checking`, `delivered` …). */
  status(orderId: number): Promise<OrderStatus> {
    return this.http.call(orderStatusOp, { params: { orderId } });
  }

  /** The order's delivery steps. */
  followUp(orderId: number): Promise<FollowUp[]> {
    return this.http.call(orderFollowUpOp, { params: { orderId } });
  }

  /** Pays an order with a registered payment method. */
  pay(orderId: number, paymentMethodId: number): Promise<void> {
    return this.http.call(orderPayOp, { params: { orderId }, body: { paymentMethod: { id: paymentMethodId } } });
  }

  /** Pays an order with the account's default payment method, if it has a valid one. */
  async payWithDefault(orderId: number): Promise<PayOutcome> {
    const method = await this.defaultPaymentMethod();
    if (!method) return { paid: false, reason: 'NO_DEFAULT_PAYMENT_METHOD' };
    if (method.status !== 'VALID') return { paid: false, reason: 'PAYMENT_METHOD_NOT_VALID' };
    await this.pay(orderId, method.paymentMethodId);
    return { paid: true, paymentMethodId: method.paymentMethodId };
  }
}
