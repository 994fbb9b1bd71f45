import { badRequest, serviceExpired } from '../fake-error.js';
import { ownServiceById, requireContact, type HandlerContext, type HandlerTable } from '../handler.js';
import { PRODUCT_ROUTES, type FakeService } from '../state.js';
import { monthsOf } from '../views.js';
import { createOrder } from './billing.js';
import { terminationMail, validTerminationToken } from './cloud.handlers.js';

const PERIODS = ['P1M', 'P3M', 'P6M', 'P1Y'];

/** The fake writes an account's nichandle as its customer code in `customer.contacts`. */
const customerCode = (nichandle: string) => nichandle;

function renewable(ctx: HandlerContext): FakeService {
  const s = ownServiceById(ctx, Number(ctx.path.serviceId));
  if (s.state === 'terminated') throw badRequest(`The service ${s.name} is terminated`);
  if (s.product === 'cloud') throw badRequest('A Public Cloud project is billed on consumption and cannot be renewed');
  return s;
}

function active(ctx: HandlerContext): FakeService {
  const s = ownServiceById(ctx, ctx.path.serviceId);
  if (s.state === 'expired') throw serviceExpired(s.name);
  if (s.state === 'terminated') throw badRequest(`The service ${s.name} is terminated`);
  return s;
}

/** `/services` (renew mode, termination policy, termination) and `/service/{serviceId}/renew`. */
export const serviceHandlers: HandlerTable = {
  'GET /services': (ctx) =>
    ctx.state.services
      .filter((s) => ctx.state.isContact(s, ctx.account.nichandle))
      .filter((s) => ctx.query.resourceName === undefined || s.name === ctx.query.resourceName)
      .filter((s) => ctx.query.routes === undefined || String(ctx.query.routes).split(',').includes(PRODUCT_ROUTES[s.product]))
      .map((s) => s.serviceId),
  'GET /services/{serviceId}': (ctx) => ctx.views.service(ownServiceById(ctx, ctx.path.serviceId), customerCode),
  'PUT /services/{serviceId}': (ctx) => {
    const s = active(ctx);
    requireContact(ctx, s, ['contactAdmin'], 'change its renewal');
    const body = ctx.body as { displayName?: string | null; renew?: { mode?: 'automatic' | 'manual'; period?: string } | null; terminationPolicy?: FakeService['terminationPolicy'] | 'terminateAtEngagementDate' | null };
    if (body.renew) {
      if (s.product === 'cloud' && body.renew.mode === 'manual') throw badRequest('A Public Cloud project renews automatically');
      if (body.renew.period && !PERIODS.includes(body.renew.period)) throw badRequest(`[renew.period] ${body.renew.period} is not offered (${PERIODS.join(', ')})`);
      if (body.renew.mode) s.renewMode = body.renew.mode;
      if (body.renew.period) s.renewPeriod = body.renew.period;
    }
    if (body.terminationPolicy === 'terminateAtEngagementDate') throw badRequest('This service has no engagement');
    if (body.terminationPolicy) s.terminationPolicy = body.terminationPolicy;
    if (body.displayName) s.displayName = body.displayName;
    return null;
  },
  'POST /services/{serviceId}/terminate': (ctx) => {
    const s = active(ctx);
    requireContact(ctx, s, ['contactAdmin'], 'terminate it');
    terminationMail(ctx, s);
    return { message: 'An e-mail has been sent to the administrator contact to confirm the termination' };
  },
  'POST /services/{serviceId}/terminate/confirm': (ctx) => {
    const s = active(ctx);
    requireContact(ctx, s, ['contactAdmin'], 'terminate it');
    if (!validTerminationToken(ctx, s, ctx.body.token)) throw badRequest('Invalid token');
    s.state = 'terminated';
    s.terminatedAt = ctx.now;
    return { message: `The service ${s.name} is terminated` };
  },
  'GET /service/{serviceId}/renew': (ctx) => {
    const s = renewable(ctx);
    return PERIODS.map((renewPeriod) => {
      const cents = s.monthlyPriceCents * monthsOf(renewPeriod);
      return {
        renewPeriod,
        strategies: [{
          price: ctx.views.price('service', cents, ctx.account.currency), priceInUcents: cents * 1_000_000, services: [s.serviceId],
          servicesDetails: [{ serviceId: s.serviceId, serviceName: s.name, serviceType: s.product }],
        }],
      };
    });
  },
  'POST /service/{serviceId}/renew': (ctx) => {
    const s = renewable(ctx);
    const duration = ctx.body.duration as string;
    if (!PERIODS.includes(duration)) throw badRequest(`[duration] ${duration} is not offered (${PERIODS.join(', ')})`);
    const ids = ctx.body.services as number[];
    if (ids.length !== 1 || ids[0] !== s.serviceId) throw badRequest('[services] must be the service being renewed');
    const months = monthsOf(duration);
    const lines = [{ id: ctx.state.nextId('line'), description: `Renewal of ${s.name} for ${duration}`, domain: s.name, quantity: months, unitCents: s.monthlyPriceCents, detailType: 'RENEW' }];
    if (ctx.body.dryRun) {
      const preview = { ...createOrderPreview(ctx, lines), orderId: 0 };
      return ctx.views.order(preview, ctx.origin, 'service');
    }
    const order = createOrder(ctx, lines, { kind: 'renew', serviceIds: [s.serviceId], months });
    return ctx.views.order(order, ctx.origin, 'service');
  },
};

function createOrderPreview(ctx: HandlerContext, lines: Parameters<typeof createOrder>[1]) {
  const order = createOrder(ctx, lines, { kind: 'renew', serviceIds: [], months: 0 });
  ctx.state.orders.splice(ctx.state.orders.indexOf(order), 1);
  return order;
}
