import { refuse } from '../../../src/core/reply.js';
import type { ChangeableRole } from '../../../src/domain/contact-request.js';
import type { Service } from '../../../src/domain/service.js';
import type { AnswerOutcome, ConfirmationProof, ContactChange, ContactDesk, OpenedChange, Outcome } from '../../../src/ports/provider.js';
import { findContactChangeToken } from '../email-tokens.js';
import { api } from './ovh-refusals.js';
import { changeOf } from './ovh-mapping.js';
import type { OvhSession } from './ovh-session.js';

type OvhClientMails = Awaited<ReturnType<OvhSession['client']>>['account']['recentEmails'];

const TYPE_OF: Record<ChangeableRole, 'contactAdmin' | 'contactBilling'> = { admin: 'contactAdmin', billing: 'contactBilling' };

/** Contact changes of a connected OVHcloud account: `changeContact` and `/me/task/contactChange`. */
export class OvhContactDesk implements ContactDesk {
  /** Binds the caller's session. */
  constructor(private readonly session: OvhSession) {}

  async #tasks() {
    const client = await this.session.client();
    return api(() => client.contacts.tasks());
  }

  /** The open task on the service for the role. */
  async openFor(service: Service, role: ChangeableRole): Promise<ContactChange | undefined> {
    const task = (await this.#tasks()).find((t) => (t.serviceDomain ?? '').toLowerCase() === service.id && t.contactTypes.includes(TYPE_OF[role]) && changeOf(t).state === 'pending');
    return task && changeOf(task);
  }

  /** Tasks concerning the account, newest first. */
  async list(_accountId: string, limit: number): Promise<ContactChange[]> {
    const tasks = (await this.#tasks()).sort((a, b) => Date.parse(b.dateRequest) - Date.parse(a.dateRequest));
    return tasks.slice(0, limit).map(changeOf);
  }

  /** True when the provider's e-mail with the caller's token for this task is in the account's history. */
  async answerableByButton(change: ContactChange): Promise<boolean> {
    if (change.state !== 'pending') return false;
    const client = await this.session.client();
    this.#mails ??= api(() => client.account.recentEmails(30));
    return findContactChangeToken(await this.#mails, Number(change.id)) !== undefined;
  }

  #mails: Promise<Awaited<ReturnType<OvhClientMails>>> | undefined;

  /** Only the account's own ID can be described: OVHcloud does not show other accounts. */
  async describeAccount(id: string): Promise<string> {
    return id;
  }

  /** `POST …/changeContact` once; OVHcloud checks the targets and e-mails each side its token. */
  async request(service: Service, targets: Partial<Record<ChangeableRole, string>>): Promise<Outcome<OpenedChange[]>> {
    if (service.contacts.admin !== this.session.ctx.account?.id) {
      return refuse('CONTACTS.NOT_ADMIN', {
        en: `Only the admin contact of ${service.id} may change its contacts.`,
        fr: `Seul le contact administrateur de ${service.id} peut changer ses contacts.`,
      });
    }
    const client = await this.session.client();
    const raw = await this.session.raw(service.id);
    const body = { ...(targets.admin ? { contactAdmin: targets.admin } : {}), ...(targets.billing ? { contactBilling: targets.billing } : {}) };
    const since = this.session.ctx.now.getTime() - 86_400_000;
    const ids = await this.session.once(`contact-change:${service.id}:${targets.admin ?? ''}:${targets.billing ?? ''}`, async () => {
      if (service.kind === 'public-cloud-project') return client.contacts.changeProjectContact(service.id, body);
      return client.contacts.changeContact(raw?.route?.path ?? '', service.id, body);
    }, async () => {
      const open = (await client.contacts.tasks()).filter((t) => (t.serviceDomain ?? '').toLowerCase() === service.id && Date.parse(t.dateRequest) >= since && t.state === 'validatingByCustomers');
      return open.length ? open.map((t) => t.id) : undefined;
    });
    const opened: OpenedChange[] = [];
    for (const id of ids) {
      const change = changeOf(await api(() => client.contacts.task(id)));
      opened.push({ change, told: [change.from, change.to].map((account) => ({ account, recipients: 0, byProviderEmail: true })) });
    }
    return opened;
  }

  /** Accepts or refuses with the typed token, or the one found in the account's e-mails. */
  async answer(id: string, proof: ConfirmationProof, mode: 'accept' | 'refuse'): Promise<Outcome<AnswerOutcome>> {
    const taskId = Number(id.replace(/^CR-/i, ''));
    const client = await this.session.client();
    const task = Number.isSafeInteger(taskId) ? await client.contacts.task(taskId).catch(() => undefined) : undefined;
    if (!task) {
      return refuse('CONTACTS.UNKNOWN_REQUEST', { en: `No contact-change request ${id} concerns your account. Type /contacts requests to see yours.`, fr: `Aucune demande de changement de contact ${id} ne concerne votre compte. Tapez /contacts requests pour voir les vôtres.` });
    }
    const change = changeOf(task);
    if (change.state === 'applied') return { kind: 'already-applied', change };
    if (change.state !== 'pending') {
      return refuse('CONTACTS.SETTLED', { en: `${id} is ${change.state}; it can no longer be answered.`, fr: `${id} est terminée (${change.state}) ; on ne peut plus y répondre.` });
    }
    let token = 'token' in proof ? proof.token : undefined;
    token ??= findContactChangeToken(await api(() => client.account.recentEmails(30)), taskId)?.token;
    if (!token) {
      return refuse('CONTACTS.TOKEN_NOT_FOUND', { en: `The e-mail with the token for ${id} has not arrived yet. Type /contacts ${mode} ${id} TOKEN with the token from that e-mail.`, fr: `L’e-mail contenant le code de ${id} n’est pas encore arrivé. Tapez /contacts ${mode} ${id} CODE avec le code de cet e-mail.` });
    }
    const typed = token;
    await this.session.once(`contact-${mode}:${taskId}`, async () => {
      if (mode === 'accept') await client.contacts.accept(taskId, typed);
      else await client.contacts.refuse(taskId, typed);
      return true;
    }, async () => ((await client.contacts.task(taskId)).state !== 'validatingByCustomers' ? true : undefined));
    const after = changeOf(await api(() => client.contacts.task(taskId)));
    if (mode === 'refuse') return { kind: 'refused', change: after };
    if (after.state === 'applied') return { kind: 'applied', change: after };
    return { kind: 'waiting', change: after, waitingFor: after.from === this.session.ctx.account?.id ? after.to : after.from };
  }
}
