import type { OvhApiError } from './ovh-errors.js';
import type { HttpMethod } from './ovh-operation.js';

/** Bounded exponential backoff with jitter. */
export interface RetryPolicy {
  /** Retries after the first attempt (so at most `maxRetries + 1` requests). */
  readonly maxRetries: number;
  readonly baseMs: number;
  readonly maxMs: number;
}

/** 3 retries, 500 ms doubling, at most 20 s between two attempts. */
export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 3, baseMs: 500, maxMs: 20_000 };

/**
 * Whether a failed attempt may be sent again. Explicitly:
 * - 429 (RATE_LIMITED): yes, for every method: the API refused before acting;
 * - QUERY_TIME_OUT (stale timestamp): yes, after re-reading the server time: refused before acting;
 * - 5xx: only for GET; a POST/PUT/DELETE may have acted, so it is never re-sent blindly;
 * - no answer (UNREACHABLE): GET yes; another method only if nothing left this machine (`effect: none`,
 *   e.g. connection refused);
 * - anything else (4xx, schema mismatch): no.
 */
export function mayRetry(method: HttpMethod, error: OvhApiError): boolean {
  if (error.kind === 'RATE_LIMITED') return true;
  if (error.errorCode === 'QUERY_TIME_OUT') return true;
  if (error.kind === 'SERVER_ERROR') return method === 'GET';
  if (error.kind === 'UNREACHABLE') return method === 'GET' || error.effect === 'none';
  return false;
}

/**
 * The wait before retry number `retry` (0-based): half of min(maxMs, base·2^retry) plus a random half
 * ("equal jitter"), and never less than what the API asked in `Retry-After` (capped at maxMs).
 */
export function backoffMs(policy: RetryPolicy, retry: number, random: () => number, retryAfterMs?: number): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** retry);
  const jittered = Math.round(ceiling / 2 + random() * (ceiling / 2));
  return Math.min(policy.maxMs, Math.max(jittered, retryAfterMs ?? 0));
}
