import type { Localized } from '../core/i18n.js';
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
