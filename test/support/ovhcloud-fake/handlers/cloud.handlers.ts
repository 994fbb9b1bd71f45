import { badRequest, conflict, notFound } from '../fake-error.js';
import { ownService, requireContact, type HandlerContext, type HandlerTable } from '../handler.js';
import { createOrder, priceLines } from './billing.js';

const DAY = 86_400_000;

function project(ctx: HandlerContext, opts: { allowExpired?: boolean } = {}) {
  return ownService(ctx, ctx.path.serviceName, 'cloud', opts);
}

function creditLines(ctx: HandlerContext, amount: number) {
  return [{ id: ctx.state.nextId('line'), description: 'Public Cloud credit', domain: ctx.path.serviceName as string, quantity: 1, unitCents: amount * 100, detailType: 'CREATION' }];
}

/** The termination mail (the body holds `/billing/confirmTerminate?id=…&token=…`, as the Terraform plug-in reads it). */
export function terminationMail(ctx: HandlerContext, s: { serviceId: number; name: string; terminationTokens: { token: string; expiresAt: Date }[] }): void {
  const token = ctx.state.token();
  s.terminationTokens.push({ token, expiresAt: new Date(ctx.now.getTime() + ctx.timings.terminationTokenMs) });
  ctx.state.mail(
    ctx.account.nichandle, ctx.now, `Termination of your service ${s.name}`,
    `You asked to terminate ${s.name}. To confirm, open https://www.ovh.com/manager/#/billing/confirmTerminate?id=${s.serviceId}&token=${token}\nThis link is valid for 72 hours.`,
  );
}

/** Whether a termination token is one of the service's, unexpired. */
export function validTerminationToken(ctx: HandlerContext, s: { terminationTokens: { token: string; expiresAt: Date }[] }, token: string): boolean {
  return s.terminationTokens.some((t) => t.token === token && t.expiresAt.getTime() > ctx.now.getTime());
}

/** Public Cloud projects: service information, credit and vouchers, buying credit, termination. */
export const cloudHandlers: HandlerTable = {
  'GET /cloud/project/{serviceName}/serviceInfos': (ctx) => ctx.views.serviceInfos(project(ctx, { allowExpired: true })),
  'GET /cloud/project/{serviceName}/credit': (ctx) => {
    const p = project(ctx);
    return ctx.state.credits.filter((c) => c.serviceName === p.name).map((c) => c.id);
  },
  'GET /cloud/project/{serviceName}/credit/{id}': (ctx) => {
    const p = project(ctx);
    const c = ctx.state.credits.find((x) => x.serviceName === p.name && x.id === ctx.path.id);
    if (!c) throw notFound(`Credit ${ctx.path.id} does not exist`);
    return ctx.views.credit(c);
  },
  'POST /cloud/project/{serviceName}/credit': (ctx) => {
    const p = project(ctx);
    requireContact(ctx, p, ['contactAdmin', 'contactBilling'], 'activate a voucher');
    const v = ctx.state.vouchers.get(ctx.body.code);
    if (!v) throw notFound('This voucher code does not exist');
    if (v.usedBy) throw conflict('This voucher has already been used');
    if (v.expiresAt && v.expiresAt.getTime() <= ctx.now.getTime()) throw badRequest('This voucher has expired');
    if ((v.subsidiaries.length > 0 && !v.subsidiaries.includes(ctx.account.subsidiary)) || v.currency !== ctx.account.currency) {
      throw badRequest('This voucher cannot be used with this account');
    }
    v.usedBy = p.name;
    ctx.state.credits.push({
      id: ctx.state.nextId('credit'), serviceName: p.name, description: `Voucher ${v.code}`, voucher: v.code, bill: null, currency: v.currency,
      totalCents: v.amountCents, availableCents: v.amountCents, from: ctx.now, to: new Date(ctx.now.getTime() + v.validityDays * DAY),
    });
    ctx.state.move(ctx.account.nichandle, 'VOUCHER', v.currency, {
      type: 'VOUCHER', amountCents: v.amountCents, date: ctx.now, expiration: new Date(ctx.now.getTime() + v.validityDays * DAY), orderId: null,
      source: { id: v.code, name: 'voucher' }, destination: { id: p.name, name: p.name },
    });
    return null;
  },
  'GET /order/cloud/project/{serviceName}/credit': (ctx) => {
    project(ctx);
    return ctx.views.quote(priceLines(ctx, creditLines(ctx, ctx.query.amount)), null, null);
  },
  'POST /order/cloud/project/{serviceName}/credit': (ctx) => {
    const p = project(ctx);
    requireContact(ctx, p, ['contactAdmin', 'contactBilling'], 'buy credit');
    if (ctx.body.amount <= 0) throw badRequest('[amount] must be positive');
    const order = createOrder(ctx, creditLines(ctx, ctx.body.amount), { kind: 'credit', serviceName: p.name, amountCents: ctx.body.amount * 100 });
    return ctx.views.quote(order, order.orderId, `${ctx.origin}/order/${order.orderId}`);
  },
  'POST /cloud/project/{serviceName}/terminate': (ctx) => {
    const p = project(ctx);
    requireContact(ctx, p, ['contactAdmin'], 'terminate it');
    terminationMail(ctx, p);
    return 'The termination request has been sent; confirm it with the token e-mailed to the administrator';
  },
  'POST /cloud/project/{serviceName}/confirmTermination': (ctx) => {
    const p = project(ctx);
    requireContact(ctx, p, ['contactAdmin'], 'terminate it');
    if (!validTerminationToken(ctx, p, ctx.body.token)) throw badRequest('Invalid token');
    p.state = 'terminated';
    p.terminatedAt = ctx.now;
    return `The project ${p.name} is terminated`;
  },
};
