import { z } from 'zod';
import { defineOperation, VOID } from '../ovh-operation.js';
import { Ids, IsoDate, Long, Price, PriceWithUcents } from './common.js';

const Project = z.object({ serviceName: z.string().min(1) });

/** `cloud.Credit`: a credit entry of a project (a voucher's or bought credit), with its validity. */
export const Credit = z.object({
  id: Long,
  description: z.string().nullable(),
  voucher: z.string().nullable(),
  bill: z.string().nullable(),
  products: z.array(z.string()).nullable(),
  total_credit: Price,
  available_credit: Price,
  used_credit: Price,
  validity: z.object({ from: IsoDate.nullable(), to: IsoDate.nullable() }).nullable(),
});
/** A credit entry. */
export type Credit = z.output<typeof Credit>;

/** `order.OrderDetail` (in `order.json`: `quantity` is a long). */
export const QuoteDetail = z.object({
  description: z.string(), domain: z.string(), quantity: Long, unitPrice: PriceWithUcents, totalPrice: PriceWithUcents,
  detailType: z.string().nullable(),
});

/** `order.Order`: a quote (GET, `orderId` null) or a placed order (POST). */
export const OrderQuote = z.object({
  orderId: Long.nullable(),
  url: z.string().nullable(),
  details: z.array(QuoteDetail),
  prices: z.object({ withTax: PriceWithUcents, withoutTax: PriceWithUcents, tax: PriceWithUcents }),
  contracts: z.array(z.object({ name: z.string(), url: z.string() })),
});
/** A quote or a new order. */
export type OrderQuote = z.output<typeof OrderQuote>;

/** `POST /cloud/project/{serviceName}/credit {code}`: activates a voucher on the project. */
export const activateVoucherOp = defineOperation({
  method: 'POST', path: '/cloud/project/{serviceName}/credit', params: Project, body: z.object({ code: z.string().min(1) }), response: VOID,
});
/** `GET /cloud/project/{serviceName}/credit`. */
export const creditListOp = defineOperation({ method: 'GET', path: '/cloud/project/{serviceName}/credit', params: Project, response: Ids, item: Credit });
/** `GET /cloud/project/{serviceName}/credit/{id}`. */
export const creditOp = defineOperation({
  method: 'GET', path: '/cloud/project/{serviceName}/credit/{id}', params: Project.extend({ id: Long }), response: Credit,
});
/** `GET /order/cloud/project/{serviceName}/credit?amount=`: a quote for cloud credit (amount in currency units). */
export const creditQuoteOp = defineOperation({
  method: 'GET', path: '/order/cloud/project/{serviceName}/credit', params: Project, query: z.object({ amount: Long.positive() }), response: OrderQuote,
});
/** `POST /order/cloud/project/{serviceName}/credit {amount}`: orders cloud credit (an order to pay). */
export const creditOrderOp = defineOperation({
  method: 'POST', path: '/order/cloud/project/{serviceName}/credit', params: Project, body: z.object({ amount: Long.positive() }), response: OrderQuote,
});
