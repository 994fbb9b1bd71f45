import type { Localized } from '../core/i18n.js';
import type { SettleContext } from '../flows/contact-settlement.js';
import { parseChatUser, type ChatUser } from '../core/identity.js';
import { reply, text, type Reply } from '../core/reply.js';
import { randomCode } from '../domain/ids.js';
import type { Tx } from '../ports/store.js';
import type { JobContext } from './job-registry.js';

/** The actor recorded in the audit log for scheduled jobs. */
export const JOBS_ACTOR = 'guichet:jobs';

/** Keeps a notice in an account's service-mail log, in the account's language (jobs never post in a unit of work). */
export async function jobMail(tx: Tx, accountId: string, notice: { subject: Localized; body: Localized }, ctx: JobContext): Promise<void> {
  const account = await tx.accounts.get(accountId);
  const locale = account?.locale ?? ctx.config.locale;
  tx.mails.append({ id: randomCode(10), at: ctx.now.toISOString(), account: accountId, subject: notice.subject[locale], body: notice.body[locale] });
}

/** Appends an audit entry for a change a job made. */
export function jobAudit(tx: Tx, ctx: JobContext, action: string, target: string, account: string | null, result: string, details: Record<string, unknown> = {}): void {
  tx.audit.append({ id: randomCode(10), at: ctx.now.toISOString(), actor: JOBS_ACTOR, account, channel: null, action, target, result, details });
}

/** A private message a job queues for after its unit of work commits. */
export interface JobDirect {
  readonly to: ChatUser;
  readonly message: Reply;
}

/**
 * Tells an account from a job, like `ctx.notify` in a command: the notice goes to its service-mail log and a
 * private copy is queued in `outbox` for each linked chat user (posted by the runner after commit). No secrets here.
 */
export async function jobNotify(tx: Tx, accountId: string, notice: { subject: Localized; body: Localized }, ctx: JobContext, outbox: JobDirect[]): Promise<void> {
  await jobMail(tx, accountId, notice, ctx);
  const account = await tx.accounts.get(accountId);
  const locale = account?.locale ?? ctx.config.locale;
  for (const link of await tx.links.listForAccount(accountId)) {
    const to = parseChatUser(link.chatUser);
    if (to) outbox.push({ to, message: reply([text(notice.body[locale])], { title: notice.subject[locale] }) });
  }
}

/** What domain functions that tell and audit (settling requests, deleting services) need, from a job: notices go to service mails and `outbox`. */
export function jobSettleContext(tx: Tx, ctx: JobContext, account: string | null, outbox: JobDirect[]): SettleContext {
  return {
    tx,
    now: ctx.now,
    notify: (to, notice) => jobNotify(tx, to, notice, ctx, outbox),
    audit: (action, target, details) => jobAudit(tx, ctx, action, target ?? '', account, 'ok', details),
  };
}
