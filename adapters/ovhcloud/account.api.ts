import { isOvhApiError } from './ovh-errors.js';
import type { OvhHttp } from './ovh-http.js';
import {
  backupCodeOp, debtAccountOp, emailHistoryOp, emailOp, meOp, paymentMethodListOp, paymentMethodOp, smsListOp, totpListOp, u2fListOp,
  type DebtBalance, type EmailNotification, type Nichandle, type PaymentMethod,
} from './operations/account.ops.js';
import type { z } from 'zod';
import type { BackupCodeAccount, SmsAccount, TotpAccount, U2fAccount } from './operations/account.ops.js';

/** The account's second factors, by kind (backup codes: null when never set up). */
export interface TwoFactorMethods {
  readonly sms: z.output<typeof SmsAccount>[];
  readonly totp: z.output<typeof TotpAccount>[];
  readonly u2f: z.output<typeof U2fAccount>[];
  readonly backupCode: z.output<typeof BackupCodeAccount> | null;
}

/** Filters of the payment-method list. */
export interface PaymentMethodFilter {
  readonly default?: boolean;
  readonly paymentType?: string;
  readonly status?: PaymentMethod['status'];
}

/** Profile and audit facts of the account: `/me`, 2FA, payment methods, debt, e-mail history. */
export class OvhAccountApi {
  /** Calls through a transport. */
  constructor(private readonly http: OvhHttp) {}

  /** The account (`nichandle`, `spareEmail`, currency …). */
  me(): Promise<Nichandle> {
    return this.http.call(meOp);
  }

  /** Every second factor of the account (`/me/accessRestriction/{sms,totp,u2f,backupCode}`). */
  async twoFactor(): Promise<TwoFactorMethods> {
    const [sms, totp, u2f, backupCode] = await Promise.all([
      this.http.list(smsListOp),
      this.http.list(totpListOp),
      this.http.list(u2fListOp),
      this.http.call(backupCodeOp).catch((error: unknown) => {
        if (isOvhApiError(error, 'NOT_FOUND')) return null;
        throw error;
      }),
    ]);
    return { sms, totp, u2f, backupCode };
  }

  /** Registered payment methods, optionally filtered. */
  paymentMethods(filter: PaymentMethodFilter = {}): Promise<PaymentMethod[]> {
    return this.http.list(paymentMethodListOp, { query: filter });
  }

  /** One payment method. */
  paymentMethod(paymentMethodId: number): Promise<PaymentMethod> {
    return this.http.call(paymentMethodOp, { params: { paymentMethodId } });
  }

  /** The default payment method (with its state), or null when there is none. */
  async defaultPaymentMethod(): Promise<PaymentMethod | null> {
    const ids = await this.http.call(paymentMethodListOp, { query: { default: true } });
    const first = ids[0];
    return first === undefined ? null : this.paymentMethod(first);
  }

  /** The account's debt balance. */
  debt(): Promise<DebtBalance> {
    return this.http.call(debtAccountOp);
  }

  /** Every mail of the account's history, in pages. */
  emails(): Promise<EmailNotification[]> {
    return this.http.list(emailHistoryOp);
  }

  /** The `limit` most recent mails (highest IDs first): one request for the IDs, one per mail. */
  async recentEmails(limit: number): Promise<EmailNotification[]> {
    const ids = (await this.http.call(emailHistoryOp)).sort((a, b) => b - a).slice(0, limit);
    const mails: EmailNotification[] = [];
    for (const id of ids) mails.push(await this.http.call(emailOp, { params: { id } }));
    return mails;
  }

  /** One mail. */
  email(id: number): Promise<EmailNotification> {
    return this.http.call(emailOp, { params: { id } });
  }
}
