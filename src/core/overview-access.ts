import { randomCode } from '../domain/ids.js';
import type { Account } from '../domain/account.js';
import type { CloudAccount } from '../ports/provider.js';
import type { Tx } from '../ports/store.js';
import { InvocationContext } from './context.js';
import type { GuichetDeps } from './guichet.js';
import { pick, type Locale } from './i18n.js';
import { chatUserKey, matchesChatUser, type ChatUser, type Invocation } from './identity.js';
import { errorReply, failureReply } from './outcomes.js';
import { RefusalError, type Reply } from './reply.js';
import type { OverviewView, OverviewViewer } from './views.js';

/** What reading an overview needs of the core's dependencies (a job may pass the process's own). */
export type OverviewDeps = Pick<GuichetDeps, 'registry' | 'store' | 'clock' | 'config' | 'provider' | 'logger'> & Partial<Pick<GuichetDeps, 'connector' | 'secretBox'>>;

/** The chat user a job's overview is read as (it never clicks: its buttons are bound to the account only). */
export const JOB_VIEWER: ChatUser = { platform: 'console', workspace: 'jobs', user: 'overview' };

/** What the context of an overview is built from. */
interface Seat {
  readonly user: ChatUser;
  readonly account: Account | undefined;
  readonly locale: Locale;
  readonly operator: boolean;
}

/** The seat a job reads an account from: no chat user of its own, no operator rights. */
function jobSeat(deps: OverviewDeps, account: Account, locale?: Locale): Seat {
  return { user: JOB_VIEWER, account, operator: false, locale: locale ?? account.locale ?? deps.config.locale };
}

/** A context for reading outside a typed command (no rate limit), its invocation ID prefixed with `purpose`. */
function contextFor(deps: OverviewDeps, tx: Tx, seat: Seat, purpose: string): InvocationContext {
  const inv: Invocation = { id: `${purpose}:${randomCode(16)}`, user: seat.user, command: '', input: { kind: 'text', text: '' } };
  return new InvocationContext(inv, tx, deps.clock.now(), seat.locale, deps.config, chatUserKey(seat.user), seat.account, seat.operator, undefined, deps.provider, deps.connector, deps.secretBox);
}

/** Runs the registry's overview view in a unit of work (its buttons are stored with it); a refusal becomes an error reply. */
async function view(deps: OverviewDeps, tx: Tx, seat: Seat, who: OverviewViewer): Promise<OverviewView> {
  const ctx = contextFor(deps, tx, seat, 'overview');
  try {
    const out = await deps.registry.views.overview(ctx, who);
    return { ...out, reply: { ...out.reply, locale: seat.locale } };
  } catch (error) {
    if (!(error instanceof RefusalError)) throw error;
    return { reply: { ...errorReply(error.refusal.code, pick(error.refusal.message, seat.locale)), locale: seat.locale }, needsAnyone: false };
  }
}

/** The overview of a chat user's linked account (or how to get linked), private; never throws. No audit, no rate limit. */
export async function overviewForUser(deps: OverviewDeps, user: ChatUser, locale?: Locale): Promise<Reply> {
  try {
    return await deps.store.run(async (tx) => {
      const link = await tx.links.get(chatUserKey(user));
      const account = link ? await tx.accounts.get(link.account) : undefined;
      const operator = deps.config.operators.some((p) => matchesChatUser(p, user));
      const seat = { user, account, operator, locale: locale ?? account?.locale ?? deps.config.locale };
      const out = await view(deps, tx, seat, { viewer: true, buttonTtlMinutes: 24 * 60 });
      return { commit: true, result: out.reply };
    });
  } catch (error) {
    return failureReply(error, deps.logger.child({ user: chatUserKey(user), view: 'overview' }), locale ?? deps.config.locale);
  }
}

/** The overview of an account for a job (no chat user: no token buttons; its buttons last 7 days); undefined if unknown. */
export async function overviewOfAccount(deps: OverviewDeps, accountId: string, locale?: Locale): Promise<OverviewView | undefined> {
  return deps.store.run(async (tx) => {
    const account = await tx.accounts.get(accountId);
    if (!account) return { commit: false, result: undefined };
    return { commit: true, result: await view(deps, tx, jobSeat(deps, account, locale), { viewer: false, buttonTtlMinutes: 7 * 24 * 60 }) };
  });
}

/** Reads an account through the provider as a job (see `AccountReader`), committing nothing; undefined if unknown. */
export async function readAccountAsJob<T>(deps: OverviewDeps, accountId: string, read: (cloud: CloudAccount, now: Date) => Promise<T>): Promise<T | undefined> {
  return deps.store.run(async (tx) => {
    const account = await tx.accounts.get(accountId);
    if (!account) return { commit: false, result: undefined };
    const ctx = contextFor(deps, tx, jobSeat(deps, account), 'job-read');
    return { commit: false, result: await read(ctx.provider, ctx.now) };
  });
}
