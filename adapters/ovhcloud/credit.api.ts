import { isOvhApiError, type OvhApiError } from './ovh-errors.js';
import type { OvhHttp } from './ovh-http.js';
import {
  activateVoucherOp, balanceListOp, creditListOp, creditOp, creditOrderOp, creditQuoteOp, movementListOp,
  type BalanceMovement, type Credit, type CreditBalance, type OrderQuote,
} from './operations/credit.ops.js';

/** Why the API refused a voucher code, when it says so recognisably. */
export type VoucherRefusal = 'unknown' | 'alreadyUsed' | 'expired' | 'notApplicable';

/**
 * Reads a refusal of `POST /cloud/project/{serviceName}/credit`: 404 → unknown code, 409 → already used,
 * otherwise from the API's message (best effort: the API gives no error code for these).
 */
export function voucherRefusal(error: unknown): VoucherRefusal | undefined {
  if (!isOvhApiError(error) || error.operation !== activateVoucherOp.path) return undefined;
  const e: OvhApiError = error;
  if (e.kind === 'NOT_FOUND') return 'unknown';
  if (e.kind === 'CONFLICT' || /already (been )?used/i.test(e.message)) return 'alreadyUsed';
  if (/expired/i.test(e.message)) return 'expired';
  if (e.kind === 'BAD_REQUEST') return 'notApplicable';
  return undefined;
}

/** A placed order of credit (its `orderId` is set). */
export type CreditOrder = OrderQuote & { readonly orderId: number };

/** Public Cloud credit: vouchers, credit entries with validity, buying credit. */
export class OvhCreditApi {
  /** Calls through a transport. */
  constructor(private readonly http: OvhHttp) {}

  /** Activates a voucher code on a project (`POST /cloud/project/{serviceName}/credit {code}`). */
  activateVoucher(serviceName: string, code: string): Promise<void> {
    return this.http.call(activateVoucherOp, { params: { serviceName }, body: { code } });
  }

  /** The project's credit entries, in pages. */
  credits(serviceName: string): Promise<Credit[]> {
    return this.http.list(creditListOp, { params: { serviceName } });
  }

  /** The IDs of the project's credit entries. */
  creditIds(serviceName: string): Promise<number[]> {
    return this.http.call(creditListOp, { params: { serviceName } });
  }

  /** One credit entry (amounts and `validity`). */
  credit(serviceName: string, id: number): Promise<Credit> {
    return this.http.call(creditOp, { params: { serviceName, id } });
  }

  /** What buying `amount` (currency units) of credit costs, without ordering. */
  quote(serviceName: string, amount: number): Promise<OrderQuote> {
    return this.http.call(creditQuoteOp, { params: { serviceName }, query: { amount } });
  }

  /** Orders `amount` (currency units) of credit: an order to pay (`/me/order/{orderId}`). */
  async order(serviceName: string, amount: number): Promise<CreditOrder> {
    const order = await this.http.call(creditOrderOp, { params: { serviceName }, body: { amount } });
    if (order.orderId === null) throw new Error('the API answered an order of credit without orderId');
    return { ...order, orderId: order.orderId };
  }

  /** The account's credit balances (`/me/credit/balance`), in pages. */
  balances(): Promise<CreditBalance[]> {
    return this.http.list(balanceListOp);
  }

  /** Every movement of one balance (`/me/credit/balance/{balanceName}/movement`), in pages. */
  movements(balanceName: string): Promise<BalanceMovement[]> {
    return this.http.list(movementListOp, { params: { balanceName } });
  }
}
