import { z } from 'zod';
import { defineOperation, VOID } from '../ovh-operation.js';
import { Ids, IsoDate, Long, Price } from './common.js';

/** `services.expanded.Renew.ModeEnum`. */
export const RenewMode = z.enum(['automatic', 'manual']);
/** `services.expanded.Lifecycle.StateEnum`. */
export const LifecycleState = z.enum(['active', 'error', 'rupture', 'terminated', 'toRenew', 'unpaid', 'unrenewed']);
/** `services.expanded.Lifecycle.ActionEnum`. */
export const LifecycleAction = z.enum(['earlyRenewal', 'terminate', 'terminateAtEngagementDate', 'terminateAtExpirationDate']);
/** `services.expanded.terminationPolicyEnum`. */
export const TerminationPolicy = z.enum(['empty', 'terminateAtEngagementDate', 'terminateAtExpirationDate']);

/** `services.expanded.Service`: the fields Guichet reads (expiry, renew mode, lifecycle, contacts, route). */
export const Service = z.object({
  serviceId: Long,
  parentServiceId: Long.nullable(),
  resource: z.object({
    name: z.string(), displayName: z.string(), state: z.enum(['active', 'deleted', 'suspended', 'toActivate', 'toDelete', 'toSuspend']),
    product: z.object({ name: z.string(), description: z.string() }).nullable(),
  }),
  route: z.object({ path: z.string().nullable(), url: z.string().nullable(), vars: z.array(z.object({ key: z.string(), value: z.string() })) }).nullable(),
  billing: z.object({
    expirationDate: IsoDate.nullable(),
    nextBillingDate: IsoDate.nullable(),
    plan: z.object({ code: z.string(), invoiceName: z.string() }).nullable(),
    renew: z.object({
      current: z.object({ mode: RenewMode.nullable(), nextDate: IsoDate.nullable(), period: z.string().nullable() }),
      capacities: z.object({ mode: z.array(RenewMode) }),
    }).nullable(),
    lifecycle: z.object({
      current: z.object({ state: LifecycleState, pendingActions: z.array(LifecycleAction), terminationDate: IsoDate.nullable(), creationDate: IsoDate.nullable() }),
      capacities: z.object({ actions: z.array(LifecycleAction) }),
    }).nullable(),
  }),
  customer: z.object({ contacts: z.array(z.object({ customerCode: z.string(), type: z.enum(['administrator', 'billing', 'technical']) })) }),
  tags: z.array(z.string()),
});
/** A service of the account (`GET /services/{serviceId}`). */
export type Service = z.output<typeof Service>;

/** `services.update.Service` (the whole body of `PUT /services/{serviceId}`). */
export const ServiceUpdate = z.object({
  displayName: z.string().nullable().optional(),
  renew: z.object({ mode: RenewMode, period: z.string().regex(/^P\d+[YMD]$/) }).nullable().optional(),
  terminationPolicy: TerminationPolicy.nullable().optional(),
});
/** A change of a service's renewal or termination policy. */
export type ServiceUpdate = z.input<typeof ServiceUpdate>;

/** `services.terminate.TerminationAnswer`. */
export const TerminationAnswer = z.object({ message: z.string() });

/** `service.renew.RenewDescription`: a renewal period and what it costs. */
export const RenewOffer = z.object({
  renewPeriod: z.string(),
  strategies: z.array(z.object({
    price: Price, priceInUcents: Long, services: z.array(Long),
    servicesDetails: z.array(z.object({ serviceId: Long, serviceName: z.string(), serviceType: z.string() })),
  })),
});
/** A renewal offer. */
export type RenewOffer = z.output<typeof RenewOffer>;

/** `service.renew.RenewOrder` (its access `password` is left out on purpose). */
export const RenewOrder = z.object({
  orderId: Long, url: z.string(), pdfUrl: z.string(), date: IsoDate.nullable(), expirationDate: IsoDate.nullable(),
  priceWithTax: Price, priceWithoutTax: Price, tax: Price,
});
/** The order a renewal created. */
export type RenewOrder = z.output<typeof RenewOrder>;

const ServiceId = z.object({ serviceId: Long });

/** `GET /services` (filters: orderBy, resourceName, routes, sort). */
export const serviceListOp = defineOperation({
  method: 'GET', path: '/services', response: Ids, item: Service,
  query: z.object({ resourceName: z.string().optional(), routes: z.string().optional(), orderBy: z.string().optional(), sort: z.string().optional() }),
});
/** `GET /services/{serviceId}`. */
export const serviceOp = defineOperation({ method: 'GET', path: '/services/{serviceId}', params: ServiceId, response: Service });
/** `PUT /services/{serviceId}`: renew mode and period, termination policy. */
export const serviceUpdateOp = defineOperation({ method: 'PUT', path: '/services/{serviceId}', params: ServiceId, body: ServiceUpdate, response: VOID });
/** `POST /services/{serviceId}/terminate`: the provider e-mails a token to confirm. */
export const serviceTerminateOp = defineOperation({ method: 'POST', path: '/services/{serviceId}/terminate', params: ServiceId, response: TerminationAnswer });
/** `POST /services/{serviceId}/terminate/confirm {token}`. */
export const serviceTerminateConfirmOp = defineOperation({
  method: 'POST', path: '/services/{serviceId}/terminate/confirm', params: ServiceId, body: z.object({ token: z.string().min(1) }), response: TerminationAnswer,
});
/** `GET /service/{serviceId}/renew` (here `serviceId` is a string). */
export const renewOffersOp = defineOperation({
  method: 'GET', path: '/service/{serviceId}/renew', params: z.object({ serviceId: z.string().regex(/^\d+$/) }),
  query: z.object({ includeOptions: z.boolean().optional() }), response: z.array(RenewOffer),
});
/** `POST /service/{serviceId}/renew {duration, services, dryRun?}`: orders one more period. */
export const renewOp = defineOperation({
  method: 'POST', path: '/service/{serviceId}/renew', params: z.object({ serviceId: z.string().regex(/^\d+$/) }),
  body: z.object({ duration: z.string().regex(/^P\d+[YMD]$/), services: z.array(Long).min(1), dryRun: z.boolean().optional() }), response: RenewOrder,
});
