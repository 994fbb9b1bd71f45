import { refuse } from '../../../src/core/reply.js';
import { paymentBlock, type Account } from '../../../src/domain/account.js';
import { cannotPayMessage } from '../../../src/flows/cannot-pay.js';
import type { Order } from '../../../src/domain/order.js';
import { rolesOf, summaryOf, type RenewalMode, type Service, type ServiceSummary } from '../../../src/domain/service.js';
import type { ConfirmationProof, ConfirmationSent, Outcome, ServiceDesk } from '../../../src/ports/provider.js';
import { findTerminationToken } from '../email-tokens.js';
import { api } from './ovh-refusals.js';
import { serviceOf } from './ovh-mapping.js';
import type { OvhSession } from './ovh-session.js';
import type { OvhOrderDesk } from './ovh-order.desk.js';
import type { OvhAccountDesk } from './ovh-account.desk.js';

/** Services of a connected OVHcloud account: `/services`, renewal, `/service/{id}/renew`, termination. */
export class OvhServiceDesk implements ServiceDesk {
  /** Binds the caller's session. */
  constructor(private readonly session: OvhSession, private readonly orders: OvhOrderDesk, private readonly account: OvhAccountDesk) {}

  /** The service by name. */
  get(id: string): Promise<Service | undefined> {
    return this.session.service(id);
  }

  /** Every service of the connected account the account is a contact of (the API lists the caller's own). */
  async listForContact(accountId: string, limit: number): Promise<Service[]> {
    const client = await this.session.client();
    const all = await api(() => client.services.list());
    this.session.remember(all);
    return all.map(serviceOf).filter((s) => rolesOf(s, accountId).length > 0).slice(0, limit);
  }

  /** The summaries of `listForContact`'s services (the API lists whole services). */
  async summariesForContact(accountId: string, limit: number): Promise<ServiceSummary[]> {
    return (await this.listForContact(accountId, limit)).map(summaryOf);
  }

  /**
   * `PUT /services/{id}`: renew mode, or termination at expiry (`terminationPolicy`). Automatic renewal billed to the
   * connected account is refused when its payment methods cannot pay it (none, none flagged the default, or a default
   * not VALID): OVHcloud would accept the mode and then fail the renewal. Another billing contact's methods are not
   * readable with this account's key, so its services switch as asked.
   */
  async setRenewal(service: Service, mode: RenewalMode, _reason: string | null): Promise<Outcome<Service>> {
    const id = await this.session.serviceId(service);
    const client = await this.session.client();
    const me = this.session.ctx.account!;
    if (mode === 'automatic' && service.contacts.billing === me.id) {
      const payer = await this.account.profile();
      if (paymentBlock(payer)) {
        return refuse('RENEW.NO_PAYMENT_METHOD', cannotPayMessage(payer, me.id, true, {
          en: `the automatic renewal of ${service.id} would fail`,
          fr: `le renouvellement automatique de ${service.id} échouerait`,
        }));
      }
    }
    const period = `P${service.renewal?.periodMonths ?? 1}M`;
    const change = mode === 'cancel'
      ? { terminationPolicy: 'terminateAtExpirationDate' as const }
      : { renew: { mode, period }, terminationPolicy: 'empty' as const };
    await this.session.once(`renew-mode:${service.id}:${mode}`, async () => {
      await client.services.update(id, change);
      return true;
    }, async () => (serviceOf(await client.services.get(id)).renewal?.mode === mode ? true : undefined));
    const after = serviceOf(await api(() => client.services.get(id)));
    return { ...after, renewal: after.renewal && { ...after.renewal, mode } };
  }

  /** `POST /service/{id}/renew` for one period, then pays the order with the default payment method. */
  async renew(service: Service, _payer: Account): Promise<Outcome<{ order: Order; expiresAt: string }>> {
    const id = await this.session.serviceId(service);
    const client = await this.session.client();
    const duration = `P${service.renewal?.periodMonths ?? 1}M`;
    const orderId = await this.session.once(`renew:${service.id}`, async () => (await client.services.renew(id, duration)).orderId,
      async () => (await this.orders.recentFor(service.id))?.orderId);
    const order = await this.orders.get(String(orderId));
    if (!order) return refuse('OVH.NOT_FOUND', { en: `OVHcloud has no order ${orderId}.`, fr: `OVHcloud n’a aucune commande ${orderId}.` });
    const paid = await this.orders.pay(order);
    if ('refused' in paid) return paid;
    const after = serviceOf(await api(() => client.services.get(id)));
    return { order: paid.order, expiresAt: after.renewal?.expiresAt ?? service.renewal!.expiresAt };
  }

  /** `POST /services/{id}/terminate`: OVHcloud e-mails the token to the account. */
  async requestDeletion(service: Service): Promise<Outcome<ConfirmationSent>> {
    const id = await this.session.serviceId(service);
    const client = await this.session.client();
    await this.session.once(`terminate:${service.id}`, async () => {
      if (service.kind === 'public-cloud-project') await client.services.terminateProject(service.id);
      else await client.services.terminate(id);
      return true;
    }, async () => {
      const mails = await client.account.recentEmails(20);
      return findTerminationToken(mails, id) ?? findTerminationToken(mails, service.id) ? true : undefined;
    });
    return { recipients: 0, byProviderEmail: true };
  }

  /** Confirms with the typed token, or with the one found in the account's e-mails when the button was used. */
  async confirmDeletion(service: Service, proof: ConfirmationProof): Promise<Outcome<void>> {
    const id = await this.session.serviceId(service);
    const client = await this.session.client();
    let token = 'token' in proof ? proof.token : undefined;
    if (!token) {
      const mails = await api(() => client.account.recentEmails(20));
      token = (findTerminationToken(mails, id) ?? findTerminationToken(mails, service.id))?.token;
    }
    if (!token) {
      return refuse('RENEW.TOKEN_NOT_FOUND', {
        en: `The termination e-mail of ${service.id} has not arrived yet. Type /renew delete-now ${service.id} TOKEN with the token from that e-mail (see /account emails).`,
        fr: `L’e-mail de résiliation de ${service.id} n’est pas encore arrivé. Tapez /renew delete-now ${service.id} CODE avec le code de cet e-mail (voir /account emails).`,
      });
    }
    const confirmed = token;
    await this.session.once(`terminate-confirm:${service.id}`, async () => {
      if (service.kind === 'public-cloud-project') await client.services.confirmProjectTermination(service.id, { token: confirmed, reason: 'NOT_NEEDED_ANYMORE' });
      else await client.services.confirmTermination(id, confirmed);
      return true;
    }, async () => (serviceOf(await client.services.get(id)).state === 'deleted' ? true : undefined));
  }
}
