import { notFound } from '../fake-error.js';
import type { HandlerContext, HandlerTable } from '../handler.js';

function factors(ctx: HandlerContext, kind: 'sms' | 'totp' | 'u2f') {
  return ctx.account.twoFactor[kind];
}
function factor(ctx: HandlerContext, kind: 'sms' | 'totp' | 'u2f') {
  const f = factors(ctx, kind).find((x) => x.id === ctx.path.id);
  if (!f) throw notFound(`The ${kind} restriction ${ctx.path.id} does not exist`);
  return f;
}
function myPaymentMethods(ctx: HandlerContext) {
  return ctx.state.paymentMethods.filter((p) => p.nichandle === ctx.account.nichandle);
}
function myEmails(ctx: HandlerContext) {
  return ctx.state.emails.filter((m) => m.nichandle === ctx.account.nichandle);
}

function myBalance(ctx: HandlerContext) {
  const b = ctx.state.balances.find((x) => x.nichandle === ctx.account.nichandle && x.name === ctx.path.balanceName);
  if (!b) throw notFound(`The balance ${String(ctx.path.balanceName)} does not exist`);
  return b;
}

/** `/me`, second factors, payment methods, debt, e-mail history, credit balances and their movements. */
export const meHandlers: HandlerTable = {
  'GET /me/credit/balance': (ctx) => ctx.state.balances.filter((b) => b.nichandle === ctx.account.nichandle && (!ctx.query.type || b.type === ctx.query.type)).map((b) => b.name),
  'GET /me/credit/balance/{balanceName}': (ctx) => ctx.views.balance(myBalance(ctx), ctx.state.movements),
  'GET /me/credit/balance/{balanceName}/movement': (ctx) => {
    const b = myBalance(ctx);
    return ctx.state.movements.filter((m) => m.nichandle === b.nichandle && m.balanceName === b.name).map((m) => m.id);
  },
  'GET /me/credit/balance/{balanceName}/movement/{movementId}': (ctx) => {
    const b = myBalance(ctx);
    const m = ctx.state.movements.find((x) => x.nichandle === b.nichandle && x.balanceName === b.name && x.id === ctx.path.movementId);
    if (!m) throw notFound(`The movement ${String(ctx.path.movementId)} does not exist`);
    return ctx.views.movement(m, b.currency);
  },
  'GET /me': (ctx) => ctx.views.nichandle(ctx.account),
  'GET /me/accessRestriction/sms': (ctx) => factors(ctx, 'sms').map((f) => f.id),
  'GET /me/accessRestriction/sms/{id}': (ctx) => ctx.views.secondFactor('Sms', factor(ctx, 'sms')),
  'GET /me/accessRestriction/totp': (ctx) => factors(ctx, 'totp').map((f) => f.id),
  'GET /me/accessRestriction/totp/{id}': (ctx) => ctx.views.secondFactor('TOTP', factor(ctx, 'totp')),
  'GET /me/accessRestriction/u2f': (ctx) => factors(ctx, 'u2f').map((f) => f.id),
  'GET /me/accessRestriction/u2f/{id}': (ctx) => ctx.views.secondFactor('U2F', factor(ctx, 'u2f')),
  'GET /me/accessRestriction/backupCode': (ctx) => {
    const b = ctx.account.twoFactor.backupCodes;
    if (!b) throw notFound('No backup code has been set up');
    return ctx.views.backupCodes(b);
  },
  'GET /me/payment/method': (ctx) =>
    myPaymentMethods(ctx)
      .filter((p) => ctx.query.default === undefined || p.isDefault === ctx.query.default)
      .filter((p) => ctx.query.status === undefined || p.status === ctx.query.status)
      .filter((p) => ctx.query.paymentType === undefined || p.paymentType === ctx.query.paymentType)
      .map((p) => p.id),
  'GET /me/payment/method/{paymentMethodId}': (ctx) => {
    const p = myPaymentMethods(ctx).find((x) => x.id === ctx.path.paymentMethodId);
    if (!p) throw notFound(`Payment method ${ctx.path.paymentMethodId} does not exist`);
    return ctx.views.paymentMethod(p);
  },
  'GET /me/debtAccount': (ctx) => ctx.views.debt(ctx.account),
  'GET /me/notification/email/history': (ctx) => myEmails(ctx).map((m) => m.id),
  'GET /me/notification/email/history/{id}': (ctx) => {
    const m = myEmails(ctx).find((x) => x.id === ctx.path.id);
    if (!m) throw notFound(`E-mail ${ctx.path.id} does not exist`);
    return ctx.views.email(m);
  },
};
