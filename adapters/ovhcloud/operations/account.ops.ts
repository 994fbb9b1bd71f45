import { z } from 'zod';
import { defineOperation } from '../ovh-operation.js';
import { Ids, IsoDate, Long, PriceWithUcents } from './common.js';

/** `nichandle.Nichandle`: the fields Guichet reads (profile and audit facts). */
export const Nichandle = z.object({
  nichandle: z.string(),
  email: z.string(),
  spareEmail: z.string().nullable(),
  firstname: z.string().nullable(),
  name: z.string().nullable(),
  organisation: z.string().nullable(),
  country: z.string(),
  language: z.string().nullable(),
  currency: z.object({ code: z.string(), symbol: z.string() }),
  ovhSubsidiary: z.string(),
  customerCode: z.string().nullable(),
  state: z.enum(['complete', 'incomplete']),
  kycValidated: z.boolean().nullable(),
});
/** The account (`GET /me`). */
export type Nichandle = z.output<typeof Nichandle>;

const TwoFactorStatus = z.enum(['disabled', 'enabled', 'needCodeValidation', 'needEmailValidation']);
/** `nichandle.accessRestriction.SmsAccount`. */
export const SmsAccount = z.object({
  id: Long, phoneNumber: z.string(), description: z.string(), status: TwoFactorStatus, creationDate: IsoDate, lastUsedDate: IsoDate.nullable(),
});
/** `nichandle.accessRestriction.TOTPAccount`. */
export const TotpAccount = z.object({ id: Long, description: z.string(), status: TwoFactorStatus, creationDate: IsoDate, lastUsedDate: IsoDate.nullable() });
/** `nichandle.accessRestriction.U2FAccount`. */
export const U2fAccount = z.object({
  id: Long, description: z.string(), status: z.enum(['disabled', 'enabled', 'needCodeValidation']), creationDate: IsoDate, lastUsedDate: IsoDate.nullable(),
});
/** `nichandle.accessRestriction.SOTPAccount` (backup codes). */
export const BackupCodeAccount = z.object({ status: TwoFactorStatus, remaining: Long, creationDate: IsoDate, lastUsedDate: IsoDate.nullable() });

/** `me.payment.method.StatusEnum`. */
export const PaymentMethodStatus = z.enum([
  'CANCELED', 'CANCELING', 'CREATED', 'CREATING', 'ERROR', 'EXPIRED', 'FAILED', 'MAINTENANCE', 'PAUSED', 'REJECTED', 'REPLACED', 'VALID', 'VALIDATING',
]);
/** `me.payment.PaymentMethod`: the fields Guichet reads. */
export const PaymentMethod = z.object({
  paymentMethodId: Long,
  paymentType: z.string(),
  paymentSubType: z.string().nullable(),
  status: PaymentMethodStatus,
  default: z.boolean(),
  label: z.string().nullable(),
  description: z.string().nullable(),
  expirationDate: IsoDate.nullable(),
  creationDate: IsoDate,
  lastUpdate: IsoDate,
});
/** A registered payment method. */
export type PaymentMethod = z.output<typeof PaymentMethod>;

/** `debt.Balance`. */
export const DebtBalance = z.object({
  active: z.boolean(), dueAmount: PriceWithUcents, pendingAmount: PriceWithUcents, todoAmount: PriceWithUcents, unmaturedAmount: PriceWithUcents,
});
/** The account's debt (`GET /me/debtAccount`). */
export type DebtBalance = z.output<typeof DebtBalance>;

/** `nichandle.EmailNotification`: a mail the provider sent the account (tokens are found here). */
export const EmailNotification = z.object({ id: Long, date: IsoDate, subject: z.string(), body: z.string() });
/** One mail of the account's history. */
export type EmailNotification = z.output<typeof EmailNotification>;

/** `GET /me`. */
export const meOp = defineOperation({ method: 'GET', path: '/me', response: Nichandle });

const Id = z.object({ id: Long });
/** `GET /me/accessRestriction/sms`. */
export const smsListOp = defineOperation({ method: 'GET', path: '/me/accessRestriction/sms', response: Ids, item: SmsAccount });
/** `GET /me/accessRestriction/sms/{id}`. */
export const smsOp = defineOperation({ method: 'GET', path: '/me/accessRestriction/sms/{id}', params: Id, response: SmsAccount });
/** `GET /me/accessRestriction/totp`. */
export const totpListOp = defineOperation({ method: 'GET', path: '/me/accessRestriction/totp', response: Ids, item: TotpAccount });
/** `GET /me/accessRestriction/totp/{id}`. */
export const totpOp = defineOperation({ method: 'GET', path: '/me/accessRestriction/totp/{id}', params: Id, response: TotpAccount });
/** `GET /me/accessRestriction/u2f`. */
export const u2fListOp = defineOperation({ method: 'GET', path: '/me/accessRestriction/u2f', response: Ids, item: U2fAccount });
/** `GET /me/accessRestriction/u2f/{id}`. */
export const u2fOp = defineOperation({ method: 'GET', path: '/me/accessRestriction/u2f/{id}', params: Id, response: U2fAccount });
/** `GET /me/accessRestriction/backupCode` (404 when none was ever set up). */
export const backupCodeOp = defineOperation({ method: 'GET', path: '/me/accessRestriction/backupCode', response: BackupCodeAccount });

/** `GET /me/payment/method` (filters: default, paymentType, status). */
export const paymentMethodListOp = defineOperation({
  method: 'GET', path: '/me/payment/method', response: Ids, item: PaymentMethod,
  query: z.object({ default: z.boolean().optional(), paymentType: z.string().optional(), status: PaymentMethodStatus.optional() }),
});
/** `GET /me/payment/method/{paymentMethodId}`. */
export const paymentMethodOp = defineOperation({
  method: 'GET', path: '/me/payment/method/{paymentMethodId}', params: z.object({ paymentMethodId: Long }), response: PaymentMethod,
});
/** `GET /me/debtAccount`. */
export const debtAccountOp = defineOperation({ method: 'GET', path: '/me/debtAccount', response: DebtBalance });
/** `GET /me/notification/email/history`. */
export const emailHistoryOp = defineOperation({ method: 'GET', path: '/me/notification/email/history', response: Ids, item: EmailNotification });
/** `GET /me/notification/email/history/{id}`. */
export const emailOp = defineOperation({ method: 'GET', path: '/me/notification/email/history/{id}', params: Id, response: EmailNotification });
