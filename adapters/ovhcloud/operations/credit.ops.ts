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

/** `me.credit.balance.TypeEnum`: what a credit balance of the account holds. */
export const BALANCE_TYPES = ['BONUS', 'DEPOSIT', 'PREPAID_ACCOUNT', 'VOUCHER'] as const;

/** `me.credit.balance.movement.SubObject`: what a movement came from or went to. */
const SubObject = z.object({ id: z.string(), name: z.string() });

/** `me.credit.Balance`: one credit balance of the account (the details are not read). */
export const CreditBalance = z.object({
  balanceName: z.string(),
  type: z.enum(BALANCE_TYPES),
  amount: PriceWithUcents,
  creationDate: IsoDate,
  lastUpdate: IsoDate,
});
/** A credit balance. */
export type CreditBalance = z.output<typeof CreditBalance>;

/** `me.credit.balance.Movement`: one change of a balance (an order of credit, a voucher, a use, an expiry …). */
export const BalanceMovement = z.object({
  movementId: Long,
  balanceName: z.string(),
  type: z.enum(['BONUS', 'CANCEL', 'CREDIT_NOTE', 'EXPIRE', 'GIFT', 'MANUAL', 'ORDER', 'REFUND', 'UNPAID', 'USE', 'VOUCHER']),
  amount: PriceWithUcents,
  creationDate: IsoDate,
  lastUpdate: IsoDate,
  expirationDate: IsoDate.nullable(),
  orderId: Long.nullable(),
  sourceObject: SubObject,
  destinationObject: SubObject.nullable(),
});
/** A movement of a credit balance. */
export type BalanceMovement = z.output<typeof BalanceMovement>;

const Balance = z.object({ balanceName: z.string().min(1) });

/** `GET /me/credit/balance`: the names of the account's credit balances. */
export const balanceListOp = defineOperation({
  method: 'GET', path: '/me/credit/balance', query: z.object({ type: z.enum(BALANCE_TYPES).optional() }), response: z.array(z.string()), item: CreditBalance,
});
/** `GET /me/credit/balance/{balanceName}`. */
export const balanceOp = defineOperation({ method: 'GET', path: '/me/credit/balance/{balanceName}', params: Balance, response: CreditBalance });
/** `GET /me/credit/balance/{balanceName}/movement`: the IDs of a balance's movements. */
export const movementListOp = defineOperation({
  method: 'GET', path: '/me/credit/balance/{balanceName}/movement', params: Balance, response: Ids, item: BalanceMovement,
});
/** `GET /me/credit/balance/{balanceName}/movement/{movementId}`. */
export const movementOp = defineOperation({
  method: 'GET', path: '/me/credit/balance/{balanceName}/movement/{movementId}', params: Balance.extend({ movementId: Long }), response: BalanceMovement,
});
