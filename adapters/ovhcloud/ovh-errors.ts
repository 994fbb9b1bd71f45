import type { HttpMethod } from './ovh-operation.js';

/** Stable kinds an OVHcloud API failure maps to; the provider turns each into a clear reply. */
export type OvhErrorKind =
  | 'NOT_GRANTED_CALL' // 403: the consumer key's access rules do not cover the call
  | 'FORBIDDEN' // another 403: the account itself may not do this (e.g. not the service's admin contact)
  | 'INVALID_CREDENTIAL' // the consumer key is unknown, refused, expired, or the application key/secret is wrong
  | 'NOT_FOUND' // 404
  | 'SERVICE_EXPIRED' // 460: the service has expired
  | 'CONFLICT' // 409
  | 'RATE_LIMITED' // 429 after the bounded retries
  | 'BAD_REQUEST' // another 4xx: the API refused the request as written
  | 'SERVER_ERROR' // 5xx after the bounded retries (GET) or at once (other methods)
  | 'UNREACHABLE' // network failure or timeout: no HTTP answer
  | 'INVALID_RESPONSE'; // the answer does not match the client's schema

/**
 * Whether the call may have changed something at the provider: `none` when the API refused it (4xx) or it
 * never left this machine (connection refused); `unknown` when it may have reached the server (timeout,
 * reset, 5xx): a state-changing call must then be reconciled by reading, never re-sent blindly.
 */
export type OvhEffect = 'none' | 'unknown';

/** The access rule a NOT_GRANTED_CALL needs, e.g. `POST /cloud/project/*\/credit`. */
export interface OvhRule {
  readonly method: HttpMethod;
  readonly path: string;
}

/** Fields of an {@link OvhApiError}. */
export interface OvhApiErrorInit {
  readonly kind: OvhErrorKind;
  readonly message: string;
  readonly method: HttpMethod;
  /** The operation's path template, e.g. `/me/order/{orderId}`. */
  readonly operation: string;
  readonly httpStatus?: number;
  readonly errorCode?: string;
  readonly queryId?: string;
  readonly effect: OvhEffect;
  readonly missingRule?: OvhRule;
  readonly retryAfterMs?: number;
}

/** A failed OVHcloud API call, with the `X-Ovh-QueryID` the provider's support asks for. */
export class OvhApiError extends Error {
  readonly kind: OvhErrorKind;
  readonly method: HttpMethod;
  readonly operation: string;
  readonly httpStatus: number | undefined;
  readonly errorCode: string | undefined;
  readonly queryId: string | undefined;
  readonly effect: OvhEffect;
  /** For NOT_GRANTED_CALL: the rule the consumer key lacks. */
  readonly missingRule: OvhRule | undefined;
  /** For RATE_LIMITED: how long the API asked to wait, if it said. */
  readonly retryAfterMs: number | undefined;

  /** Builds the error; `message` must already be free of secrets. */
  constructor(init: OvhApiErrorInit) {
    super(init.message);
    this.name = 'OvhApiError';
    this.kind = init.kind;
    this.method = init.method;
    this.operation = init.operation;
    this.httpStatus = init.httpStatus;
    this.errorCode = init.errorCode;
    this.queryId = init.queryId;
    this.effect = init.effect;
    this.missingRule = init.missingRule;
    this.retryAfterMs = init.retryAfterMs;
  }
}

/** True for an {@link OvhApiError}, optionally of one kind. */
export function isOvhApiError(error: unknown, kind?: OvhErrorKind): error is OvhApiError {
  return error instanceof OvhApiError && (kind === undefined || error.kind === kind);
}

const CREDENTIAL_CODES = new Set(['INVALID_CREDENTIAL', 'INVALID_KEY', 'NOT_CREDENTIAL', 'INVALID_SIGNATURE', 'NOT_AUTHENTICATED']);

/** The stable kind of an HTTP error answer. */
export function kindOfStatus(status: number, errorCode: string | undefined): OvhErrorKind {
  if (errorCode === 'NOT_GRANTED_CALL') return 'NOT_GRANTED_CALL';
  if (status === 401 || (errorCode !== undefined && CREDENTIAL_CODES.has(errorCode))) return 'INVALID_CREDENTIAL';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 409) return 'CONFLICT';
  if (status === 429) return 'RATE_LIMITED';
  if (status === 460) return 'SERVICE_EXPIRED';
  if (status >= 500) return 'SERVER_ERROR';
  return 'BAD_REQUEST';
}

/** Replaces every occurrence of a secret (of 4 characters or more) in a text by `[redacted]`. */
export function scrub(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('[redacted]');
  return out;
}
