import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { RouteMatch } from './descriptions.js';
import { FakeApiError } from './fake-error.js';
import type { FakeAccount, FakeConsumerKey, FakeState } from './state.js';

/** Seconds a request's timestamp may be away from the fake's clock. */
export const TIMESTAMP_TOLERANCE_S = 300;

/** Who called: the consumer key and its account (absent for unauthenticated operations). */
export interface Caller {
  readonly credential?: FakeConsumerKey;
  readonly account?: FakeAccount;
}

/** What the fake needs to check a request. */
export interface AuthInput {
  readonly state: FakeState;
  readonly applications: ReadonlyMap<string, string>;
  readonly headers: IncomingHttpHeaders;
  readonly match: RouteMatch;
  readonly method: string;
  /** `https://` + Host header + request target, as the client signed it. */
  readonly fullUrl: string;
  readonly rawBody: string;
  readonly now: Date;
}

/**
 * The fake's own signature check, written from the README of the descriptions (not the client's code):
 * "$1$" + hex(SHA1(secret + "+" + ck + "+" + METHOD + "+" + url + "+" + body + "+" + timestamp)).
 */
function expectedSignature(secret: string, ck: string, method: string, url: string, body: string, timestamp: string): string {
  return '$1$' + createHash('sha1').update([secret, ck, method, url, body, timestamp].join('+')).digest('hex');
}

/** Whether one of the rules covers the call: same method, `*` standing for one or more characters. */
export function granted(rules: readonly { method: string; path: string }[], method: string, path: string): boolean {
  return rules.some((r) => r.method === method && new RegExp(`^${r.path.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.+')}$`).test(path));
}

const header = (h: IncomingHttpHeaders, name: string) => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

/**
 * Checks the application key, then (for operations that need authentication) the timestamp, the signature,
 * the consumer key's state and its access rules, in the order the API answers them.
 */
export function authenticate(input: AuthInput): Caller {
  const { match, headers, state } = input;
  const appKey = header(headers, 'x-ovh-application');
  const isTime = match.template === '/auth/time';
  if (isTime) return {};
  const secret = appKey === undefined ? undefined : input.applications.get(appKey);
  if (secret === undefined) throw new FakeApiError(403, 'This application key is invalid', 'Client::Forbidden', 'INVALID_KEY');
  if (match.op.noAuthentication) return {};
  const ck = header(headers, 'x-ovh-consumer');
  if (!ck) throw new FakeApiError(401, 'You must login first', 'Client::Unauthorized', 'NOT_CREDENTIAL');
  const ts = header(headers, 'x-ovh-timestamp') ?? '';
  if (!/^\d+$/.test(ts) || Math.abs(Number(ts) - Math.floor(input.now.getTime() / 1000)) > TIMESTAMP_TOLERANCE_S) {
    throw new FakeApiError(400, 'Query out of time', 'Client::BadRequest', 'QUERY_TIME_OUT');
  }
  const signature = header(headers, 'x-ovh-signature');
  if (signature !== expectedSignature(secret, ck, input.method, input.fullUrl, input.rawBody, ts)) {
    throw new FakeApiError(400, 'Invalid signature', 'Client::BadRequest', 'INVALID_SIGNATURE');
  }
  const credential = state.consumerKeys.get(ck);
  if (!credential || credential.applicationKey !== appKey) throw new FakeApiError(403, 'This credential does not exist', 'Client::Forbidden', 'INVALID_CREDENTIAL');
  if (match.template === '/auth/currentCredential') return { credential };
  if (credential.state !== 'validated' || !credential.nichandle) throw new FakeApiError(403, 'This credential is not valid', 'Client::Forbidden', 'INVALID_CREDENTIAL');
  const path = new URL(input.fullUrl).pathname.replace(/^\/1\.0/, '');
  if (!path.startsWith('/auth/') && !granted(credential.rules, input.method, path)) {
    throw new FakeApiError(403, 'This call has not been granted', 'Client::Forbidden', 'NOT_GRANTED_CALL');
  }
  credential.lastUse = input.now;
  return { credential, account: state.account(credential.nichandle) };
}
