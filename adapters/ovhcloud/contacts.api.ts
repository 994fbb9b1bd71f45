import type { OvhHttp } from './ovh-http.js';
import {
  contactChangeAcceptOp, contactChangeListOp, contactChangeOp, contactChangeRefuseOp, contactChangeResendOp, productChangeContactOp,
  projectChangeContactOp, type ChangeContactBody, type ContactChangeState, type ContactChangeTask,
} from './operations/contacts.ops.js';

/** Filters of the contact-change task list. */
export interface ContactChangeFilter {
  readonly state?: ContactChangeState;
  readonly askingAccount?: string;
  readonly toAccount?: string;
}

/** Contacts of services and contact-change tasks (`/me/task/contactChange`). */
export class OvhContactsApi {
  /** Calls through a transport. */
  constructor(private readonly http: OvhHttp) {}

  /** Asks to change a Public Cloud project's contacts; answers the IDs of the tasks created. */
  changeProjectContact(serviceName: string, contacts: ChangeContactBody): Promise<number[]> {
    return this.http.call(projectChangeContactOp, { params: { serviceName }, body: contacts });
  }

  /**
   * Asks to change the contacts of a service of any product, by its route (`route.path` of
   * `/services/{serviceId}`, e.g. `/vps/{serviceName}`) and name; answers the IDs of the tasks created.
   */
  changeContact(routePath: string, serviceName: string, contacts: ChangeContactBody): Promise<number[]> {
    return this.http.call(productChangeContactOp(routePath), { params: { serviceName }, body: contacts });
  }

  /** The tasks that concern the account (as the asker, the old or the new contact), in pages. */
  tasks(filter: ContactChangeFilter = {}): Promise<ContactChangeTask[]> {
    return this.http.list(contactChangeListOp, { query: filter });
  }

  /** The IDs of the tasks that concern the account. */
  taskIds(filter: ContactChangeFilter = {}): Promise<number[]> {
    return this.http.call(contactChangeListOp, { query: filter });
  }

  /** One task. */
  task(id: number): Promise<ContactChangeTask> {
    return this.http.call(contactChangeOp, { params: { id } });
  }

  /** Accepts the account's side of a task with the token the provider e-mailed it. */
  accept(id: number, token: string): Promise<void> {
    return this.http.call(contactChangeAcceptOp, { params: { id }, body: { token } });
  }

  /** Refuses a task with the token the provider e-mailed the account. */
  refuse(id: number, token: string): Promise<void> {
    return this.http.call(contactChangeRefuseOp, { params: { id }, body: { token } });
  }

  /** Has the provider send the task's e-mails again. */
  resendEmail(id: number): Promise<void> {
    return this.http.call(contactChangeResendOp, { params: { id } });
  }
}
