import { z } from 'zod';
import { defineOperation } from '../ovh-operation.js';
import { IsoDate, Long } from './common.js';

/** `service.TerminationReasonEnum` (spelling is the provider's). */
export const TERMINATION_REASONS = [
  'FEATURES_DONT_SUIT_ME', 'LACK_OF_PERFORMANCES', 'MIGRATED_TO_ANOTHER_OVH_PRODUCT', 'MIGRATED_TO_COMPETITOR', 'NOT_ENOUGH_RECOGNITION',
  'NOT_NEEDED_ANYMORE', 'NOT_RELIABLE', 'NO_ANSWER', 'OTHER', 'PRODUCT_DIMENSION_DONT_SUIT_ME', 'PRODUCT_TOOLS_DONT_SUIT_ME', 'TOO_EXPENSIVE',
  'TOO_HARD_TO_USE', 'UNSATIFIED_BY_CUSTOMER_SUPPORT',
] as const;
/** A reason for terminating, from the provider's list. */
export type TerminationReason = (typeof TERMINATION_REASONS)[number];

/** `service.TerminationFutureUseEnum`. */
export const TERMINATION_FUTURE_USES = [
  'NOT_REPLACING_SERVICE', 'OTHER', 'SUBSCRIBE_AN_OTHER_SERVICE', 'SUBSCRIBE_OTHER_KIND_OF_SERVICE_WITH_COMPETITOR', 'SUBSCRIBE_SIMILAR_SERVICE_WITH_COMPETITOR',
] as const;

/** `services.Service` as `serviceInfos` answers it (dates are `date`, contacts are customer IDs). */
export const ServiceInfos = z.object({
  serviceId: Long,
  domain: z.string(),
  status: z.enum(['expired', 'inCreation', 'ok', 'pendingDebt', 'unPaid']),
  creation: IsoDate,
  expiration: IsoDate,
  contactAdmin: z.string(),
  contactBilling: z.string(),
  contactTech: z.string(),
  renewalType: z.string(),
  renew: z.object({
    automatic: z.boolean(), deleteAtExpiration: z.boolean(), forced: z.boolean(), manualPayment: z.boolean().nullable(), period: Long.nullable(),
  }).nullable(),
  canDeleteAtExpiration: z.boolean(),
  engagedUpTo: IsoDate.nullable(),
  possibleRenewPeriod: z.array(Long).nullable(),
});
/** A project's service information: contacts, expiration, renewal. */
export type ServiceInfos = z.output<typeof ServiceInfos>;

const Project = z.object({ serviceName: z.string().min(1) });

/** `GET /cloud/project/{serviceName}/serviceInfos`. */
export const projectServiceInfosOp = defineOperation({
  method: 'GET', path: '/cloud/project/{serviceName}/serviceInfos', params: Project, response: ServiceInfos,
});
/** `POST /cloud/project/{serviceName}/terminate`: the provider e-mails a token to confirm. */
export const projectTerminateOp = defineOperation({ method: 'POST', path: '/cloud/project/{serviceName}/terminate', params: Project, response: z.string() });
/** `POST /cloud/project/{serviceName}/confirmTermination {token, reason?, futureUse?, commentary?}`. */
export const projectConfirmTerminationOp = defineOperation({
  method: 'POST', path: '/cloud/project/{serviceName}/confirmTermination', params: Project, response: z.string(),
  body: z.object({
    token: z.string().min(1),
    reason: z.enum(TERMINATION_REASONS).optional(),
    futureUse: z.enum(TERMINATION_FUTURE_USES).optional(),
    commentary: z.string().max(1000).optional(),
  }),
});
