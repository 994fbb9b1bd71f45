// STAND-IN for the overview helper's work (branch `overview`): deleted once "Overview interface:" is merged.
import type { Locale } from '../core/i18n.js';
import { reply, text, type Action, type Reply } from '../core/reply.js';
import type { Tx } from '../ports/store.js';
import type { JobContext } from './job-registry.js';

/** Stand-in: an account's overview (what needs someone). */
export interface AccountOverview {
  readonly account: string;
  readonly items: readonly string[];
  readonly actions: readonly Action[];
}

/** Stand-in: the overview of an account without a chat user (jobs): its orders awaiting payment. */
export async function overviewOfAccount(tx: Tx, account: string, _ctx: JobContext): Promise<AccountOverview | undefined> {
  if (!(await tx.accounts.get(account))) return undefined;
  const orders = (await tx.orders.listForAccount(account, undefined, 100)).items.filter((o) => o.state === 'awaiting-payment');
  const soon = (await tx.services.listForContact(account, undefined, 100)).items.filter((s) => s.state === 'active' && s.renewal && Date.parse(s.renewal.expiresAt) - _ctx.now.getTime() < 30 * 86_400_000);
  return { account, items: [...soon.map((s) => `${s.id} expires ${s.renewal!.expiresAt}`), ...orders.map((o) => `order ${o.id} awaits payment`)], actions: orders.map((o) => ({ id: `stand-in-pay-${o.id}`, label: 'Pay', style: 'primary' as const, typed: `orders pay ${o.id}` })) };
}

/** Stand-in: true when something in the overview needs someone. */
export function needsAnyone(o: AccountOverview): boolean {
  return o.items.length > 0;
}

/** Stand-in: the overview as a reply. */
export function overviewReply(o: AccountOverview, locale: Locale): Reply {
  return reply(o.items.length ? o.items.map((i) => text(i)) : [text(locale === 'fr' ? 'Rien à faire.' : 'Nothing needs you.')], { title: `Overview of ${o.account}`, actions: o.actions });
}
