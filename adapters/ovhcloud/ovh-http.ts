import { z } from 'zod';
import type { Clock } from '../../src/ports/clock.js';
import type { Logger } from '../../src/ports/logger.js';
import { attempt, type Answer, type PreparedRequest } from './ovh-attempt.js';
import { OvhApiError } from './ovh-errors.js';
import { defineOperation, renderPath, renderQuery, type AnyOperation, type OperationInput } from './ovh-operation.js';
import { backoffMs, mayRetry, type RetryPolicy } from './ovh-retry.js';
import type { ServerTime } from './ovh-server-time.js';
import type { ThrottleRegistry } from './ovh-throttle.js';
import type { OvhTimers } from './ovh-timers.js';
import { authTimeOp } from './operations/auth.ops.js';

/** Everything the transport needs; built by `createOvhClient`. */
export interface OvhHttpConfig {
  readonly baseUrl: URL;
  readonly applicationKey: string;
  readonly applicationSecret: string;
  readonly consumerKey: string | undefined;
  readonly clock: Clock;
  readonly timers: OvhTimers;
  readonly random: () => number;
  readonly logger: Logger;
  readonly throttles: ThrottleRegistry;
  readonly retry: RetryPolicy;
  readonly timeoutMs: number;
  readonly serverTime: ServerTime;
  readonly fetch: typeof fetch;
}

/** Field names whose values in a request body are secrets (never logged, scrubbed from messages). */
const SECRET_FIELDS = new Set(['token', 'code', 'password', 'consumerKey', 'secret']);
/** The largest number of pages read for one list (a guard against a server that never ends). */
const MAX_PAGES = 1000;

/**
 * The signed, throttled, retrying transport: one instance per consumer key (or none, for the
 * consumer-key request). Every request and answer goes through the operation's zod schemas.
 */
export class OvhHttp {
  readonly #log: Logger;

  /** A transport with a configuration. */
  constructor(readonly config: OvhHttpConfig) {
    this.#log = config.logger.child({ component: 'ovhcloud' });
  }

  /** Calls an operation and returns its parsed answer. */
  async call<O extends AnyOperation>(op: O, input: OperationInput<O> = {}): Promise<z.output<O['response']>> {
    const req = this.#prepare(op, input);
    const answer = await this.#send(req, {});
    return this.#parse(req, op.response, answer) as z.output<O['response']>;
  }

  /**
   * Reads a whole list in pages (`X-Pagination-Mode: CachedObjectList-Pages`): the API answers the items
   * themselves instead of their IDs, `pageSize` at a time.
   */
  async list<O extends AnyOperation>(op: O, input: OperationInput<O> = {}, pageSize = 50): Promise<z.output<NonNullable<O['item']>>[]> {
    if (!op.item) throw new Error(`${op.method} ${op.path} is not a paged list`);
    const req = this.#prepare(op, input);
    const items: z.output<NonNullable<O['item']>>[] = [];
    for (let page = 1; page <= MAX_PAGES; page++) {
      const answer = await this.#send(req, {
        'X-Pagination-Mode': 'CachedObjectList-Pages', 'X-Pagination-Size': String(pageSize), 'X-Pagination-Number': String(page),
      });
      if (Array.isArray(answer.json) && answer.json.length > 0 && typeof answer.json[0] !== 'object') {
        // The API ignored the pagination headers and answered every ID: read each item (one request each).
        return this.#itemsOneByOne(op, input, this.#parse(req, z.array(z.union([z.number(), z.string()])), answer) as (number | string)[]);
      }
      const batch = this.#parse(req, op.item.array(), answer) as z.output<NonNullable<O['item']>>[];
      items.push(...batch);
      const total = Number(answer.headers.get('x-pagination-elements'));
      if (batch.length < pageSize || (Number.isFinite(total) && items.length >= total)) break;
    }
    return items;
  }

  async #itemsOneByOne<O extends AnyOperation>(op: O, input: OperationInput<O>, ids: (number | string)[]): Promise<z.output<NonNullable<O['item']>>[]> {
    const itemOp = defineOperation({ method: 'GET', path: `${op.path}/{itemId}`, params: z.record(z.string(), z.union([z.string(), z.number()])), response: op.item! });
    const items: z.output<NonNullable<O['item']>>[] = [];
    for (const itemId of ids) items.push((await this.call(itemOp, { params: { ...(input.params as object), itemId } })) as z.output<NonNullable<O['item']>>);
    return items;
  }

  /** The server's time in seconds (`GET /auth/time`, unsigned). */
  serverTime(): Promise<number> {
    return this.call(authTimeOp);
  }

  #prepare(op: AnyOperation, input: OperationInput<AnyOperation>): PreparedRequest {
    const params = this.#request(op, 'path parameters', op.params, input.params ?? {}) as Record<string, unknown>;
    const query = this.#request(op, 'query', op.query, input.query ?? {}) as Record<string, unknown>;
    const body = this.#request(op, 'body', op.body, input.body);
    const path = renderPath(op.path, params);
    const url = new URL(this.config.baseUrl.href.replace(/\/$/, '') + path + renderQuery(query));
    const secrets = [this.config.consumerKey ?? '', this.config.applicationSecret, ...secretValues(body)];
    return {
      method: op.method, operation: op.path, url: url.href, path: url.pathname, body: body === undefined ? '' : JSON.stringify(body),
      signed: !op.unsigned, secrets,
    };
  }

  #request(op: AnyOperation, what: string, schema: z.ZodType, value: unknown): unknown {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    const where = parsed.error.issues.map((i) => `${i.path.join('.') || what}: ${i.message}`).join('; ');
    throw new OvhApiError({ kind: 'BAD_REQUEST', message: `${op.method} ${op.path}: invalid ${what} (${where})`, method: op.method, operation: op.path, effect: 'none' });
  }

  async #send(req: PreparedRequest, headers: Record<string, string>): Promise<Answer> {
    const { retry: policy, timers } = this.config;
    const bucket = this.config.throttles.forKey(req.signed ? this.config.consumerKey : undefined);
    for (let retry = 0; ; retry++) {
      // Know the server time before taking a token, so a granted request is sent at once (no burst after a slow /auth/time).
      if (req.signed) await this.config.serverTime.delta(() => this.serverTime());
      await bucket.take();
      try {
        const answer = await attempt(req, this.#attemptContext(), headers);
        this.#log.debug({ method: req.method, path: req.path, httpStatus: answer.status, queryId: answer.queryId }, 'ovhcloud call');
        return answer;
      } catch (error) {
        if (!(error instanceof OvhApiError)) throw error;
        if (error.errorCode === 'QUERY_TIME_OUT') this.config.serverTime.invalidate();
        const again = retry < policy.maxRetries && mayRetry(req.method, error);
        const waitMs = !again ? undefined : error.errorCode === 'QUERY_TIME_OUT' ? 0 : backoffMs(policy, retry, this.config.random, error.retryAfterMs);
        this.#logFailure(req, error, retry + 1, waitMs);
        if (!again) throw error;
        if (waitMs) await timers.sleep(waitMs);
      }
    }
  }

  #attemptContext() {
    const { fetch, applicationKey, applicationSecret, consumerKey, timers, timeoutMs, serverTime } = this.config;
    return {
      fetch, applicationKey, applicationSecret, consumerKey, timeoutMs,
      timestamp: () => serverTime.timestamp(() => this.serverTime()),
      timeoutSignal: () => timers.timeout(timeoutMs),
    };
  }

  #parse(req: PreparedRequest, schema: z.ZodType, answer: Answer): unknown {
    const parsed = schema.safeParse(answer.json);
    if (parsed.success) return parsed.data;
    const where = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'} ${i.code}`).join('; ');
    const error = new OvhApiError({
      kind: 'INVALID_RESPONSE', message: `${req.method} ${req.path}: the answer does not match the client's schema (${where})`,
      method: req.method, operation: req.operation, httpStatus: answer.status, queryId: answer.queryId, effect: req.method === 'GET' ? 'none' : 'unknown',
    });
    this.#logFailure(req, error, 1, undefined);
    throw error;
  }

  #logFailure(req: PreparedRequest, error: OvhApiError, attemptNo: number, retryInMs: number | undefined): void {
    const fields = {
      method: req.method, operation: req.operation, path: req.path, kind: error.kind, httpStatus: error.httpStatus,
      errorCode: error.errorCode, queryId: error.queryId, attempt: attemptNo, error: error.message,
      ...(retryInMs === undefined ? {} : { retryInMs }),
    };
    // A retry and a GET of something absent are expected answers (kept with their QueryID at info); the rest is a failure.
    if (retryInMs !== undefined) this.#log.info(fields, 'ovhcloud call failed; retrying');
    else if (error.kind === 'NOT_FOUND' && req.method === 'GET') this.#log.info(fields, 'ovhcloud call found nothing');
    else this.#log.warn(fields, 'ovhcloud call failed');
  }
}

/** The string values of secret-named fields anywhere in a request body. */
function secretValues(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) secretValues(v, found);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (SECRET_FIELDS.has(k) && typeof v === 'string') found.push(v);
      else secretValues(v, found);
    }
  }
  return found;
}
