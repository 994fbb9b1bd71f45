import type { FakeState } from './state.js';

/** What opening a validation URL did. */
export interface ValidationOutcome {
  readonly status: number;
  readonly html: string;
}

const page = (title: string, text: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><p>${text}</p></body></html>\n`;
const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/**
 * The fake's login-and-validate page (`/auth/?credentialToken=…`): opening it validates the consumer key for
 * `account` (default: the fake's browser account, as if that holder were logged in); `action=refuse` refuses
 * it; `expiresIn=<seconds>` gives the validated key an expiration.
 */
export function openValidationUrl(state: FakeState, search: URLSearchParams, browserAccount: string, now: Date): ValidationOutcome {
  const token = search.get('credentialToken') ?? '';
  const key = [...state.consumerKeys.values()].find((k) => k.validationToken === token);
  if (!key) return { status: 404, html: page('Unknown request', 'This validation link is unknown.') };
  if (key.state !== 'pendingValidation') return { status: 409, html: page('Already settled', `This request is ${key.state}.`) };
  if (search.get('action') === 'refuse') {
    key.state = 'refused';
    return { status: 200, html: page('Access refused', 'The application will not get access to your account.') };
  }
  const nichandle = search.get('account') ?? browserAccount;
  if (!state.account(nichandle)) return { status: 400, html: page('Unknown account', `No account ${escape(nichandle)}.`) };
  const expiresIn = Number(search.get('expiresIn'));
  key.state = 'validated';
  key.nichandle = nichandle;
  key.expiration = Number.isFinite(expiresIn) && expiresIn > 0 ? new Date(now.getTime() + expiresIn * 1000) : null;
  const back = key.redirection ? ` <a href="${escape(key.redirection)}">Back to the application</a>.` : '';
  return { status: 200, html: page('Access granted', `Logged in as ${escape(nichandle)}; the application may now use ${key.rules.length} API routes.${back}`) };
}
