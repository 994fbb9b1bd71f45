import { z } from 'zod';
import { defineOperation, VOID } from '../ovh-operation.js';
import { Ids, IsoDate, Long, PriceWithUcents } from './common.js';

/** `billing.order.OrderStatusEnum`. */
export const OrderStatus = z.enum(['cancelled', 'cancelling', 'checking', 'delivered', 'delivering', 'documentsRequested', 'notPaid', 'unknown']);
/** An order's state. */
export type OrderStatus = z.output<typeof OrderStatus>;

/** `billing.Order` (its access `password` is left out on purpose). */
export const BillingOrder = z.object({
  orderId: Long,
  date: IsoDate.nullable(),
  expirationDate: IsoDate.nullable(),
  retractionDate: IsoDate.nullable(),
  url: z.string(),
  pdfUrl: z.string(),
  priceWithTax: PriceWithUcents,
  priceWithoutTax: PriceWithUcents,
  tax: PriceWithUcents,
});
/** An order of the account. */
export type BillingOrder = z.output<typeof BillingOrder>;

/** `billing.OrderDetail` (here `quantity` is a string). */
export const OrderDetail = z.object({
  orderDetailId: Long, description: z.string(), domain: z.string(), quantity: z.string(), cancelled: z.boolean(),
  detailType: z.string().nullable(), unitPrice: PriceWithUcents, totalPrice: PriceWithUcents,
});
/** One line of an order. */
export type OrderDetail = z.output<typeof OrderDetail>;

/** `billing.order.FollowUp`. */
export const FollowUp = z.object({
  step: z.enum(['AVAILABLE', 'DELIVERING', 'VALIDATED', 'VALIDATING']),
  status: z.enum(['DOING', 'DONE', 'ERROR', 'TODO']),
  history: z.array(z.object({ date: IsoDate, description: z.string(), label: z.string() })),
});
/** One step of an order's delivery. */
export type FollowUp = z.output<typeof FollowUp>;

const OrderId = z.object({ orderId: Long });

/** `GET /me/order` (filters `date.from`, `date.to`). */
export const orderListOp = defineOperation({
  method: 'GET', path: '/me/order', response: Ids, item: BillingOrder,
  query: z.object({ 'date.from': IsoDate.optional(), 'date.to': IsoDate.optional() }),
});
/** `GET /me/order/{orderId}`. */
export const orderOp = defineOperation({ method: 'GET', path: '/me/order/{orderId}', params: OrderId, response: BillingOrder });
/** `GET /me/order/{orderId}/details`. */
export const orderDetailListOp = defineOperation({ method: 'GET', path: '/me/order/{orderId}/details', params: OrderId, response: Ids, item: OrderDetail });
/** `GET /me/order/{orderId}/details/{orderDetailId}`. */
export const orderDetailOp = defineOperation({
  method: 'GET', path: '/me/order/{orderId}/details/{orderDetailId}', params: OrderId.extend({ orderDetailId: Long }), response: OrderDetail,
});
/** `GET /me/order/{orderId}/status`. */
export const orderStatusOp = defineOperation({ method: 'GET', path: '/me/order/{orderId}/status', params: OrderId, response: OrderStatus });
/** `GET /me/order/{orderId}/followUp`. */
export const orderFollowUpOp = defineOperation({ method: 'GET', path: '/me/order/{orderId}/followUp', params: OrderId, response: z.array(FollowUp) });
/** `POST /me/order/{orderId}/pay {paymentMethod: {id}}`. */
export const orderPayOp = defineOperation({
  method: 'POST', path: '/me/order/{orderId}/pay', params: OrderId, body: z.object({ paymentMethod: z.object({ id: Long }) }), response: VOID,
});
