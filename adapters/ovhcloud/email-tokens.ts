import type { EmailNotification } from './operations/account.ops.js';

/** A token found in a mail, and the mail it came from. */
export interface FoundToken {
  readonly token: string;
  readonly emailId: number;
  readonly date: string;
}

function newestMatch(emails: readonly EmailNotification[], pattern: RegExp): FoundToken | undefined {
  const sorted = [...emails].sort((a, b) => Date.parse(b.date) - Date.parse(a.date) || b.id - a.id);
  for (const mail of sorted) {
    const m = pattern.exec(mail.body);
    if (m?.[1]) return { token: m[1], emailId: mail.id, date: mail.date };
  }
  return undefined;
}

function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The termination token of a service in the account's mails: the body holds
 * `/billing/confirmTerminate?id=<id>&token=<token>` (what the provider's Terraform plug-in reads), `id`
 * being the service's ID or its name (give both when unsure: the link's `id` is not documented). The newest wins.
 */
export function findTerminationToken(emails: readonly EmailNotification[], id: string | number | readonly (string | number)[]): FoundToken | undefined {
  const ids = (Array.isArray(id) ? id : [id]).map((x) => escaped(String(x))).join('|');
  return newestMatch(emails, new RegExp(`/billing/confirmTerminate\\?id=(?:${ids})&token=([A-Za-z0-9_-]+)`));
}

/**
 * The token of a contact-change task in the account's mails: the body holds
 * `/contacts/requests?id=<taskId>&token=<token>` (the link of the provider's control panel). The newest wins.
 */
export function findContactChangeToken(emails: readonly EmailNotification[], taskId: number): FoundToken | undefined {
  return newestMatch(emails, new RegExp(`/contacts/requests\\?id=${taskId}&token=([A-Za-z0-9_-]+)`));
}
