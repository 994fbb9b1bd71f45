import type { AccessRule } from './operations/auth.ops.js';

/** An access rule with why Guichet needs it (listed in the README). */
export interface ExplainedRule extends AccessRule {
  readonly reason: string;
}

/**
 * Exactly the rules `/account connect` asks for: nothing broader than the calls Guichet makes (`*` stands for
 * one or more path segments). `/auth/currentCredential` and `/auth/logout` need no rule.
 */
export const GUICHET_ACCESS_RULES: readonly ExplainedRule[] = [
  { method: 'GET', path: '/me', reason: 'who the account is (nichandle links the chat user), backup e-mail, currency' },
  { method: 'GET', path: '/me/accessRestriction/*', reason: 'which second factors (SMS, TOTP, U2F, backup codes) protect the account, for /account audit' },
  { method: 'GET', path: '/me/payment/method', reason: "find the default payment method; the account's methods (audit, overview, `/renew auto`)" },
  { method: 'GET', path: '/me/payment/method/*', reason: 'the default payment method and its state' },
  { method: 'GET', path: '/me/debtAccount', reason: 'the debt shown by /account' },
  { method: 'GET', path: '/me/notification/email/history', reason: 'find the mails that carry contact-change and termination tokens' },
  { method: 'GET', path: '/me/notification/email/history/*', reason: 'read those mails, so nobody copies a token by hand' },
  { method: 'GET', path: '/me/task/contactChange', reason: 'the contact-change requests that concern the account' },
  { method: 'GET', path: '/me/task/contactChange/*', reason: 'one contact-change request and its state' },
  { method: 'POST', path: '/me/task/contactChange/*/accept', reason: '/contacts accept' },
  { method: 'POST', path: '/me/task/contactChange/*/refuse', reason: '/contacts refuse' },
  { method: 'POST', path: '/me/task/contactChange/*/resendEmail', reason: 'send the tokens again when they cannot be found' },
  { method: 'POST', path: '/*/changeContact', reason: '/contacts change, on a Public Cloud project or another product' },
  { method: 'GET', path: '/me/order', reason: '/orders list and the unpaid-order reminders' },
  { method: 'GET', path: '/me/order/*', reason: 'an order, its details, status and follow-up' },
  { method: 'POST', path: '/me/order/*/pay', reason: 'pay an order with the default payment method' },
  { method: 'GET', path: '/cloud/project/*/serviceInfos', reason: 'a project\'s contacts (rights) and expiration' },
  { method: 'GET', path: '/cloud/project/*/credit', reason: '/credit list' },
  { method: 'GET', path: '/cloud/project/*/credit/*', reason: 'each credit entry with its validity, for expiry reminders' },
  { method: 'POST', path: '/cloud/project/*/credit', reason: '/voucher activate' },
  { method: 'GET', path: '/me/credit/balance', reason: 'the account\'s credit balances, for /credit chart' },
  { method: 'GET', path: '/me/credit/balance/*', reason: 'each balance and its movements (credit added, used, expired), for /credit chart' },
  { method: 'GET', path: '/order/cloud/project/*/credit', reason: 'the price of credit before buying' },
  { method: 'POST', path: '/order/cloud/project/*/credit', reason: '/credit buy' },
  { method: 'POST', path: '/cloud/project/*/terminate', reason: 'delete a project (the provider e-mails a token)' },
  { method: 'POST', path: '/cloud/project/*/confirmTermination', reason: 'confirm deleting a project with that token and a reason' },
  { method: 'GET', path: '/services', reason: 'the services, for /renew status and the renewal reminders' },
  { method: 'GET', path: '/services/*', reason: 'a service\'s expiry, renew mode and lifecycle' },
  { method: 'PUT', path: '/services/*', reason: '/renew set (renew mode and period, terminate at expiry)' },
  { method: 'POST', path: '/services/*/terminate', reason: 'delete a service now (the provider e-mails a token)' },
  { method: 'POST', path: '/services/*/terminate/confirm', reason: 'confirm that deletion with the token' },
  { method: 'GET', path: '/service/*/renew', reason: 'the price of one more period' },
  { method: 'POST', path: '/service/*/renew', reason: '/renew pay: order one more period' },
];

/** The rules as `POST /auth/credential` takes them (without the reasons). */
export function accessRulesForRequest(rules: readonly ExplainedRule[] = GUICHET_ACCESS_RULES): AccessRule[] {
  return rules.map(({ method, path }) => ({ method, path }));
}

/**
 * Whether an access rule covers a call, as the API matches them: same method, and the path equal to the
 * rule's with each `*` standing for one or more characters (slashes included).
 */
export function ruleCovers(rule: AccessRule, method: string, path: string): boolean {
  if (rule.method !== method) return false;
  const pattern = rule.path.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.+');
  return new RegExp(`^${pattern}$`).test(path);
}
