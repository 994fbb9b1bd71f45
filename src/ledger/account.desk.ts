import type { CommandContext } from '../core/command.js';
import type { Service } from '../domain/service.js';
import type { AccountDesk, AccountFacts, AccountMail } from '../ports/provider.js';

/** How many services an audit looks at, at most (pages of 200). */
const MAX_BILLED = 4_000;

/** The account as Guichet's own ledger keeps it. */
export class LedgerAccountDesk implements AccountDesk {
  /** Binds the desk to a command attempt. */
  constructor(private readonly ctx: CommandContext) {}

  /** The caller's account document. */
  async profile() {
    return (await this.ctx.tx.accounts.get(this.ctx.account!.id)) ?? this.ctx.account!;
  }

  /** Services billed to the account, their wallets and its open orders, each read once. */
  async facts(): Promise<AccountFacts> {
    const { tx } = this.ctx;
    const account = await this.profile();
    const billed: Service[] = [];
    let after: string | undefined;
    while (billed.length < MAX_BILLED) {
      const page = await tx.services.listForContact(account.id, after, 200);
      billed.push(...page.items.filter((s) => s.state !== 'deleted' && (s.owner === account.id || s.contacts.billing === account.id)));
      if (!page.next) break;
      after = page.next;
    }
    const projects = billed.filter((s) => s.kind === 'public-cloud-project');
    const wallets = await tx.wallets.getMany(projects.map((p) => p.id));
    const credits = projects.map((project, i) => ({ project, entries: wallets[i]?.entries ?? [] }));
    // Unpaid consumption is the bill of the account it was billed to (the billing contact then), whatever its role now.
    const debts = (account.unpaidBills ?? []).map((b) => ({ currency: b.currency, amountMinor: b.amountMinor, where: b.projectId }));
    return { account, billed, credits, openOrders: await tx.orders.listOpen(account.id), debts };
  }

  /**
   * Notices Guichet kept for the account, with their tokens put back in while they are kept (shown privately only);
   * a token erased with its settled or expired request reads as no longer valid.
   */
  async mails(limit: number): Promise<AccountMail[]> {
    const mails = await this.ctx.tx.mails.latest(this.ctx.account!.id, limit);
    const gone = this.ctx.t({ en: '(no longer valid: expired or used)', fr: '(plus valable : expiré ou utilisé)' });
    return Promise.all(mails.map(async (m) => {
      const secret = m.body.includes('{secret}') && m.secretRef ? await this.ctx.keptSecret(m.secretRef, m.secretUntil) : undefined;
      return { id: m.id, at: m.at, subject: m.subject, body: m.body.replaceAll('{secret}', secret ?? gone) };
    }));
  }
}
