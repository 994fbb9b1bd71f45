import { z } from 'zod';
import { defineOperation, VOID } from '../ovh-operation.js';
import { Ids, IsoDate, Long } from './common.js';

/** `nichandle.changeContact.TaskStateEnum`. */
export const ContactChangeState = z.enum(['aborted', 'checkValidity', 'doing', 'done', 'error', 'expired', 'refused', 'todo', 'validatingByCustomers']);
/** A contact-change task's state. */
export type ContactChangeState = z.output<typeof ContactChangeState>;

/** `nichandle.contactChange.Task`. */
export const ContactChangeTask = z.object({
  id: Long,
  askingAccount: z.string().nullable(),
  contactTypes: z.array(z.enum(['contactAdmin', 'contactBilling', 'contactTech'])),
  dateDone: IsoDate.nullable(),
  dateRequest: IsoDate,
  fromAccount: z.string(),
  toAccount: z.string(),
  serviceDomain: z.string().nullable(),
  state: ContactChangeState,
});
/** A contact-change task as both accounts see it. */
export type ContactChangeTask = z.output<typeof ContactChangeTask>;

/** The body of `changeContact` on any product: the new contacts (customer IDs), at least one. */
export const ChangeContactBody = z
  .object({ contactAdmin: z.string().min(1).optional(), contactBilling: z.string().min(1).optional(), contactTech: z.string().min(1).optional() })
  .refine((b) => Boolean(b.contactAdmin ?? b.contactBilling ?? b.contactTech), 'give at least one of contactAdmin, contactBilling, contactTech');
/** New contacts of a service. */
export type ChangeContactBody = z.input<typeof ChangeContactBody>;

/** `POST /cloud/project/{serviceName}/changeContact`: the IDs of the tasks created. */
export const projectChangeContactOp = defineOperation({
  method: 'POST', path: '/cloud/project/{serviceName}/changeContact', params: z.object({ serviceName: z.string().min(1) }), body: ChangeContactBody, response: Ids,
});

/**
 * `POST {route}/changeContact` for another product (`/vps/{serviceName}`, `/domain/{serviceName}` …): every
 * product declares the same operation; `route` is the service's `route.path` from `/services/{serviceId}`.
 */
export function productChangeContactOp(routePath: string) {
  if (!/^\/[A-Za-z0-9/]+\/\{serviceName\}$/.test(routePath)) throw new Error(`not a product route with {serviceName}: ${routePath}`);
  return defineOperation({
    method: 'POST', path: `${routePath}/changeContact`, params: z.object({ serviceName: z.string().min(1) }), body: ChangeContactBody, response: Ids,
  });
}

const TaskId = z.object({ id: Long });
const Token = z.object({ token: z.string().min(1) });

/** `GET /me/task/contactChange` (filters: askingAccount, state, toAccount). */
export const contactChangeListOp = defineOperation({
  method: 'GET', path: '/me/task/contactChange', response: Ids, item: ContactChangeTask,
  query: z.object({ askingAccount: z.string().optional(), state: ContactChangeState.optional(), toAccount: z.string().optional() }),
});
/** `GET /me/task/contactChange/{id}`. */
export const contactChangeOp = defineOperation({ method: 'GET', path: '/me/task/contactChange/{id}', params: TaskId, response: ContactChangeTask });
/** `POST /me/task/contactChange/{id}/accept` with the e-mailed token. */
export const contactChangeAcceptOp = defineOperation({
  method: 'POST', path: '/me/task/contactChange/{id}/accept', params: TaskId, body: Token, response: VOID,
});
/** `POST /me/task/contactChange/{id}/refuse` with the e-mailed token. */
export const contactChangeRefuseOp = defineOperation({
  method: 'POST', path: '/me/task/contactChange/{id}/refuse', params: TaskId, body: Token, response: VOID,
});
/** `POST /me/task/contactChange/{id}/resendEmail`. */
export const contactChangeResendOp = defineOperation({ method: 'POST', path: '/me/task/contactChange/{id}/resendEmail', params: TaskId, response: VOID });
