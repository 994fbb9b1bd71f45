import { OvhApiError, kindOfStatus, scrub, type OvhEffect } from './ovh-errors.js';
import type { HttpMethod } from './ovh-operation.js';
import { rulePath } from './ovh-operation.js';
import { signRequest } from './ovh-signature.js';

/** A request ready to send (path and query rendered, body serialised). */
export interface PreparedRequest {
  readonly method: HttpMethod;
  /** The operation's path template (for logs and missing rules). */
  readonly operation: string;
  /** The full URL, exactly as signed and sent. */
  readonly url: string;
  /** The concrete path without query (for logs). */
  readonly path: string;
  readonly body: string;
  readonly signed: boolean;
  /** Values that must never appear in an error message or a log line. */
  readonly secrets: readonly string[];
}

/** A successful answer. */
export interface Answer {
  readonly status: number;
  readonly json: unknown;
  readonly queryId: string | undefined;
  readonly headers: Headers;
}

/** What one attempt needs. */
export interface AttemptContext {
  readonly fetch: typeof fetch;
  readonly applicationKey: string;
  readonly applicationSecret: string;
  readonly consumerKey: string | undefined;
  readonly timestamp: () => Promise<number>;
  readonly timeoutSignal: () => AbortSignal;
  readonly timeoutMs: number;
}

/** Certificate and name-resolution failures happen before anything is sent. */
const NOTHING_SENT = new Set([
  'ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID',
]);

/** Sends one request (signed when the operation needs it) and returns the answer, or throws an {@link OvhApiError}. */
export async function attempt(req: PreparedRequest, ctx: AttemptContext, extraHeaders: Record<string, string> = {}): Promise<Answer> {
  const headers: Record<string, string> = { Accept: 'application/json', 'X-Ovh-Application': ctx.applicationKey, ...extraHeaders };
  if (req.body) headers['Content-Type'] = 'application/json;charset=utf-8';
  if (req.signed) {
    if (!ctx.consumerKey) throw fail(req, { kind: 'INVALID_CREDENTIAL', message: 'no consumer key: connect the account first', effect: 'none' });
    const timestamp = await ctx.timestamp();
    headers['X-Ovh-Consumer'] = ctx.consumerKey;
    headers['X-Ovh-Timestamp'] = String(timestamp);
    headers['X-Ovh-Signature'] = signRequest({
      applicationSecret: ctx.applicationSecret, consumerKey: ctx.consumerKey, method: req.method, url: req.url, body: req.body, timestamp,
    });
  }
  let res: Response;
  let text: string;
  try {
    res = await ctx.fetch(req.url, { method: req.method, headers, body: req.body || undefined, signal: ctx.timeoutSignal() });
    text = await res.text();
  } catch (error) {
    throw unreachable(req, error, ctx.timeoutMs);
  }
  const queryId = res.headers.get('x-ovh-queryid') ?? undefined;
  if (res.ok) return { status: res.status, json: parseJson(text), queryId, headers: res.headers };
  throw httpError(req, res, text, queryId);
}

function parseJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function fail(req: PreparedRequest, init: { kind: OvhApiError['kind']; message: string; effect: OvhEffect; httpStatus?: number; errorCode?: string; queryId?: string; retryAfterMs?: number }): OvhApiError {
  return new OvhApiError({
    ...init,
    message: scrub(init.message, req.secrets),
    method: req.method,
    operation: req.operation,
    missingRule: init.kind === 'NOT_GRANTED_CALL' ? { method: req.method, path: rulePath(req.operation) } : undefined,
  });
}

function unreachable(req: PreparedRequest, error: unknown, timeoutMs: number): OvhApiError {
  const e = error as { name?: string; cause?: { code?: string; name?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError' || e.cause?.name === 'TimeoutError') {
    return fail(req, { kind: 'UNREACHABLE', message: `OVHcloud API: no answer to ${req.method} ${req.path} within ${timeoutMs} ms`, effect: 'unknown' });
  }
  const code = e.cause?.code ?? (error as { code?: string }).code ?? 'network error';
  const effect: OvhEffect = NOTHING_SENT.has(code) ? 'none' : 'unknown';
  return fail(req, { kind: 'UNREACHABLE', message: `OVHcloud API unreachable for ${req.method} ${req.path} (${code})`, effect });
}

function httpError(req: PreparedRequest, res: Response, text: string, queryId: string | undefined): OvhApiError {
  const body = parseJson(text);
  const details = typeof body === 'object' && body !== null ? (body as { message?: unknown; errorCode?: unknown }) : {};
  const errorCode = typeof details.errorCode === 'string' ? details.errorCode : undefined;
  const apiMessage = typeof details.message === 'string' ? details.message : res.statusText;
  const kind = kindOfStatus(res.status, errorCode);
  const retryAfter = Number(res.headers.get('retry-after'));
  const needs = kind === 'NOT_GRANTED_CALL' ? ` (the consumer key lacks ${req.method} ${rulePath(req.operation)})` : '';
  return fail(req, {
    kind,
    message: `${req.method} ${req.path}: ${res.status} ${errorCode ?? ''} ${apiMessage}${needs}`.replace(/\s+/g, ' '),
    httpStatus: res.status,
    errorCode,
    queryId,
    effect: res.status >= 500 ? 'unknown' : 'none',
    retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined,
  });
}
