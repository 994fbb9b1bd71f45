import type { OvhHttp } from './ovh-http.js';
import {
  projectConfirmTerminationOp, projectServiceInfosOp, projectTerminateOp, TERMINATION_FUTURE_USES, type ServiceInfos, type TerminationReason,
} from './operations/cloud.ops.js';
import {
  renewOffersOp, renewOp, serviceListOp, serviceOp, serviceTerminateConfirmOp, serviceTerminateOp, serviceUpdateOp,
  type RenewOffer, type RenewOrder, type Service, type ServiceUpdate,
} from './operations/services.ops.js';

/** Filters of the service list. */
export interface ServiceFilter {
  readonly resourceName?: string;
  readonly routes?: string;
}

/** What confirming a project's termination sends. */
export interface ProjectTermination {
  readonly token: string;
  readonly reason?: TerminationReason;
  readonly futureUse?: (typeof TERMINATION_FUTURE_USES)[number];
  readonly commentary?: string;
}

/** Services: expiry, renewal mode, renewing one more period, termination. */
export class OvhServicesApi {
  /** Calls through a transport. */
  constructor(private readonly http: OvhHttp) {}

  /** The account's services, in pages. */
  list(filter: ServiceFilter = {}): Promise<Service[]> {
    return this.http.list(serviceListOp, { query: filter });
  }

  /** The IDs of the account's services. */
  ids(filter: ServiceFilter = {}): Promise<number[]> {
    return this.http.call(serviceListOp, { query: filter });
  }

  /** One service. */
  get(serviceId: number): Promise<Service> {
    return this.http.call(serviceOp, { params: { serviceId } });
  }

  /** Changes the renew mode and period, the termination policy or the display name. */
  update(serviceId: number, change: ServiceUpdate): Promise<void> {
    return this.http.call(serviceUpdateOp, { params: { serviceId }, body: change });
  }

  /** The renewal periods offered and their prices. */
  renewOffers(serviceId: number): Promise<RenewOffer[]> {
    return this.http.call(renewOffersOp, { params: { serviceId: String(serviceId) } });
  }

  /** Orders one more period (e.g. `P1M`) of the service: an order to pay. */
  renew(serviceId: number, duration: string, options: { dryRun?: boolean; services?: number[] } = {}): Promise<RenewOrder> {
    const body = { duration, services: options.services ?? [serviceId], ...(options.dryRun === undefined ? {} : { dryRun: options.dryRun }) };
    return this.http.call(renewOp, { params: { serviceId: String(serviceId) }, body });
  }

  /** Asks to terminate a service: the provider e-mails a token to confirm with. */
  terminate(serviceId: number): Promise<{ message: string }> {
    return this.http.call(serviceTerminateOp, { params: { serviceId } });
  }

  /** Confirms a termination with the e-mailed token. */
  confirmTermination(serviceId: number, token: string): Promise<{ message: string }> {
    return this.http.call(serviceTerminateConfirmOp, { params: { serviceId }, body: { token } });
  }

  /** A Public Cloud project's service information (contacts, expiration, renewal). */
  projectServiceInfos(serviceName: string): Promise<ServiceInfos> {
    return this.http.call(projectServiceInfosOp, { params: { serviceName } });
  }

  /** Asks to terminate a Public Cloud project: the provider e-mails a token. */
  terminateProject(serviceName: string): Promise<string> {
    return this.http.call(projectTerminateOp, { params: { serviceName } });
  }

  /** Confirms a project's termination with the e-mailed token and a reason from the provider's list. */
  confirmProjectTermination(serviceName: string, confirmation: ProjectTermination): Promise<string> {
    return this.http.call(projectConfirmTerminationOp, { params: { serviceName }, body: { ...confirmation } });
  }
}
