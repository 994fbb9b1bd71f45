import type { CommandContext } from '../core/command.js';
import type { Localized } from '../core/i18n.js';
import { isRefusal, refuse, type Refusal } from '../core/reply.js';
import { usableDefaultPaymentMethod, type Account } from '../domain/account.js';
import { deletionSecretRef, hashSecret, secretMatches } from '../domain/confirmation.js';
import { randomCode } from '../domain/ids.js';
import { cannotPayMessage } from '../flows/cannot-pay.js';
import { createOrder, payOrder } from '../flows/order-flow.js';
import type { Order } from '../domain/order.js';
import { renewalLine, renewalQuote } from '../flows/renewal-order.js';
import type { RenewalMode, Service, ServiceSummary } from '../domain/service.js';
import { putService } from '../flows/schedule.js';
import { deleteService } from '../jobs/service-deletion.js';
import type { ConfirmationProof, ConfirmationSent, Outcome, RenewalPrice, ServiceDesk } from '../ports/provider.js';

/** How long a deletion token Guichet makes stays valid (the confirmation and its button too). */
export const LEDGER_DELETE_TOKEN_MINUTES = 15;

const addMinutes = (at: Date, minutes: number) => new Date(at.getTime() + minutes * 60_000);

/** The refusal when `payer` cannot pay `what`; its payment method is named only to the payer itself (`callerId`). */
function cannotPay(payer: Account | undefined, payerId: string, callerId: string | undefined, what: Localized): Refusal {
  return refuse('RENEW.NO_PAYMENT_METHOD', cannotPayMessage(payer, payerId, payerId === callerId, what));
}

/** What cannot be paid when a renewal is refused. */
const renewalOf = (service: Service): Localized => ({ en: `the renewal of ${service.id} cannot be paid`, fr: `le renouvellement de ${service.id} ne peut pas être payé` });

/** Services kept by Guichet's own ledger: renewal modes, renewal orders, immediate deletion. */
export class LedgerServiceDesk implements ServiceDesk {
  /** Binds the desk to a command attempt. */
  constructor(private readonly ctx: CommandContext) {}

  /** The service, if it exists. */
  get(id: string): Promise<Service | undefined> {
    return this.ctx.tx.services.get(id.trim().toLowerCase());
  }

  /** Services the account is a contact of. */
  async listForContact(accountId: string, limit: number): Promise<Service[]> {
    return (await this.ctx.tx.services.listForContact(accountId, undefined, limit)).items;
  }

  /** Summaries of the services the account is a contact of, from the contact index (no service read). */
  summariesForContact(accountId: string, limit: number): Promise<ServiceSummary[]> {
    return this.ctx.tx.services.summariesForContact(accountId, limit);
  }

  /** Changes the renewal mode; automatic renewal needs a billing contact whose default payment method can pay. */
  async setRenewal(service: Service, mode: RenewalMode, reason: string | null): Promise<Outcome<Service>> {
    if (mode === 'automatic') {
      const billing = service.contacts.billing;
      const payer = await this.ctx.tx.accounts.get(billing);
      if (!payer || !usableDefaultPaymentMethod(payer)) {
        return cannotPay(payer, billing, this.ctx.account?.id, {
          en: `the automatic renewal of ${service.id}, paid by its billing contact, would fail`,
          fr: `le renouvellement automatique de ${service.id}, payé par son contact facturation, échouerait`,
        });
      }
    }
    const changed: Service = { ...service, renewal: { ...service.renewal!, mode, cancelReason: reason } };
    await putService(this.ctx.tx, changed);
    return changed;
  }

  /** A renewal order for one period, paid at once with the payer's default payment method. */
  async renew(service: Service, payer: Account): Promise<Outcome<{ order: Order; expiresAt: string }>> {
    const { tx, now, config } = this.ctx;
    if (!usableDefaultPaymentMethod(payer)) return cannotPay(payer, payer.id, this.ctx.account?.id, renewalOf(service));
    const order = await createOrder(tx, { account: payer, lines: [renewalLine(service)], now, taxRateBp: config.taxRates[payer.subsidiary] ?? 0 });
    const paid = await payOrder(tx, order, now, config.timeZone);
    if (isRefusal(paid)) return paid;
    const renewed = (await tx.services.get(service.id))!;
    return { order: paid.order, expiresAt: renewed.renewal!.expiresAt };
  }

  /** The price of one more period for the payer (tax of its subsidiary), refused when it has no way to pay. */
  async quoteRenewal(service: Service, payer: Account): Promise<Outcome<RenewalPrice>> {
    const method = usableDefaultPaymentMethod(payer);
    if (!method) return cannotPay(payer, payer.id, this.ctx.account?.id, renewalOf(service));
    const taxRateBp = this.ctx.config.taxRates[payer.subsidiary] ?? 0;
    const q = renewalQuote(service, payer, this.ctx.now, taxRateBp);
    return { currency: q.currency, exclMinor: q.exclMinor, taxMinor: q.taxMinor, totalMinor: q.totalMinor, taxRateBp, until: q.until, methodLabel: method.label };
  }

  /** Makes a token and sends it privately to the caller's account (chat users and service mails). */
  async requestDeletion(service: Service): Promise<Outcome<ConfirmationSent>> {
    const token = randomCode(10);
    const sent = await this.ctx.notify(this.ctx.account!.id, {
      subject: { en: `Confirm the deletion of ${service.id}`, fr: `Confirmez la suppression de ${service.id}` },
      body: {
        en: `To delete ${service.id} immediately and permanently, type /renew delete-now ${service.id} {secret} within ${LEDGER_DELETE_TOKEN_MINUTES} minutes. If you did not ask for it, ignore this message.`,
        fr: `Pour supprimer ${service.id} immédiatement et définitivement, tapez /renew delete-now ${service.id} {secret} dans les ${LEDGER_DELETE_TOKEN_MINUTES} minutes. Si vous ne l’avez pas demandé, ignorez ce message.`,
      },
      secret: token,
      keep: { ref: deletionSecretRef(service.id), until: addMinutes(this.ctx.now, LEDGER_DELETE_TOKEN_MINUTES).toISOString() },
    });
    return { recipients: sent.recipients, byProviderEmail: false, tokenHash: hashSecret(token) };
  }

  /** Deletes the service at once when the token matches (a click on the button is proof enough). */
  async confirmDeletion(service: Service, proof: ConfirmationProof, tokenHashes: readonly string[]): Promise<Outcome<void>> {
    if ('token' in proof && !secretMatches(proof.token, tokenHashes)) {
      return refuse('RENEW.BAD_TOKEN', {
        en: `That token does not match. Copy it from the private message (or /account emails), or ask again with /renew delete-now ${service.id}.`,
        fr: `Ce code ne correspond pas. Copiez-le depuis le message privé (ou /account emails), ou redemandez avec /renew delete-now ${service.id}.`,
      });
    }
    await deleteService(this.ctx, service, 'requested');
    await this.ctx.tx.secrets.forget(deletionSecretRef(service.id));
  }
}
