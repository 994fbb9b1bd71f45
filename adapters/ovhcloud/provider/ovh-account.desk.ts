import type { Account } from '../../../src/domain/account.js';
import type { Order } from '../../../src/domain/order.js';
import { rolesOf } from '../../../src/domain/service.js';
import type { AccountDesk, AccountFacts, AccountMail } from '../../../src/ports/provider.js';
import { toMinorUnits } from '../operations/common.js';
import { api } from './ovh-refusals.js';
import { accountOf, orderOf, serviceOf, walletEntryOf } from './ovh-mapping.js';
import type { OvhSession } from './ovh-session.js';

/** Orders older than this are not looked at by the audit (the API lists every order ever placed). */
const OPEN_ORDER_WINDOW_DAYS = 60;

/** The connected OVHcloud account: `/me`, 2FA, payment methods, debt, e-mail history. */
export class OvhAccountDesk implements AccountDesk {
  #profile: Promise<Account> | undefined;
  /** Binds the caller's session. */
  constructor(private readonly session: OvhSession) {}

  /** `/me`, its second factors and payment methods, read once per attempt. */
  profile(): Promise<Account> {
    this.#profile ??= this.session.client().then((client) => api(async () => {
      const [me, twoFactor, methods] = await Promise.all([client.account.me(), client.account.twoFactor(), client.account.paymentMethods()]);
      const enabled = [...twoFactor.sms, ...twoFactor.totp, ...twoFactor.u2f].some((m) => m.status === 'enabled') || twoFactor.backupCode?.status === 'enabled';
      return accountOf(me, methods, enabled);
    }));
    return this.#profile;
  }

  /** Services, project credits, recent open orders and the debt account, read once. */
  async facts(): Promise<AccountFacts> {
    const client = await this.session.client();
    const account = await this.profile();
    const now = this.session.ctx.now;
    const services = await api(() => client.services.list());
    this.session.remember(services);
    const billed = services.map(serviceOf).filter((s) => s.state !== 'deleted' && rolesOf(s, account.id).some((r) => r !== 'tech'));
    const credits = [];
    for (const project of billed.filter((s) => s.kind === 'public-cloud-project')) {
      const entries = (await api(() => client.credit.credits(project.id))).map((c) => walletEntryOf(c, now)).filter((e) => e.state === 'active');
      credits.push({ project, entries });
    }
    const from = new Date(now.getTime() - OPEN_ORDER_WINDOW_DAYS * 86_400_000).toISOString();
    const openOrders: Order[] = [];
    for (const orderId of (await api(() => client.orders.ids({ from }))).sort((a, b) => a - b)) {
      const status = await api(() => client.orders.status(orderId));
      if (status === 'delivered' || status === 'cancelled' || status === 'cancelling') continue;
      openOrders.push(orderOf(await api(() => client.orders.get(orderId)), account.id, status, [], []));
    }
    const debt = await api(() => client.account.debt());
    const due = toMinorUnits(debt.dueAmount);
    const debts = due > 0 ? [{ currency: debt.dueAmount.currencyCode, amountMinor: due, where: account.id }] : [];
    return { account, billed, credits, openOrders, debts };
  }

  /** The account's latest e-mails from OVHcloud (tokens included: shown privately only). */
  async mails(limit: number): Promise<AccountMail[]> {
    const client = await this.session.client();
    const mails = await api(() => client.account.recentEmails(limit));
    return mails.map((m) => ({ id: String(m.id), at: new Date(m.date).toISOString(), subject: m.subject, body: m.body }));
  }
}
