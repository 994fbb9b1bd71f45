import type { IncomingMessage } from 'node:http';
import { authenticate } from './auth-check.js';
import type { ApiDescriptions, RouteMatch } from './descriptions.js';
import { FakeApiError } from './fake-error.js';
import type { Handler, HandlerContext, HandlerTable } from './handler.js';
import { checkValue } from './type-check.js';
import { checkRequest } from './validate-request.js';

/** An answer to send. */
export interface Reply {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Record<string, string>;
  readonly errorCode?: string;
  readonly nichandle?: string;
}

/** A response that did not match the descriptions. */
export interface Mismatch {
  readonly method: string;
  readonly operation: string;
  readonly problems: readonly string[];
}

/** The parts of the fake the pipeline uses. */
export interface PipelineHost {
  readonly api: ApiDescriptions;
  readonly handlers: HandlerTable;
  readonly mismatches: Mismatch[];
  readonly unimplemented: string[];
  readonly applications: ReadonlyMap<string, string>;
  context(base: Omit<HandlerContext, 'state' | 'views' | 'now' | 'clock' | 'timings' | 'applicationKey' | 'origin'>, appKey: string): HandlerContext;
  now(): Date;
  rateLimit(key: string): FakeApiError | undefined;
  readonly state: HandlerContext['state'];
  readonly options: { readonly paging?: boolean };
}

/** Answers a request to `/1.0/…`: 404 or 405 for an unknown route, 400 for a body that is not JSON, else runs the operation. */
export function answer(host: PipelineHost, req: IncomingMessage, match: RouteMatch | 'unknownPath' | 'unknownMethod', search: URLSearchParams, rawBody: string, fullUrl: string): Reply {
  try {
    if (typeof match === 'string') {
      throw match === 'unknownPath'
        ? new FakeApiError(404, 'Got an invalid (or empty) URL', 'Client::NotFound')
        : new FakeApiError(405, `Method ${req.method} not allowed on this path`, 'Client::MethodNotAllowed');
    }
    let body: unknown;
    try {
      body = rawBody ? JSON.parse(rawBody) : undefined;
    } catch {
      throw new FakeApiError(400, 'The body is not valid JSON', 'Client::BadRequest');
    }
    return runOperation(host, req, match, search, rawBody, body, fullUrl);
  } catch (error) {
    if (!(error instanceof FakeApiError)) throw error;
    return { status: error.status, body: error.body(), headers: error.headers, errorCode: error.errorCode };
  }
}

/** Authenticates, validates, runs the handler (expanding pages), and validates the answer. */
export function runOperation(host: PipelineHost, req: IncomingMessage, match: RouteMatch, search: URLSearchParams, rawBody: string, body: unknown, fullUrl: string): Reply {
  const method = req.method!;
  const caller = authenticate({ state: host.state, applications: host.applications, headers: req.headers, match, method, fullUrl, rawBody, now: host.now() });
  const limited = host.rateLimit(caller.credential?.key ?? String(req.headers['x-ovh-application'] ?? ''));
  if (limited) throw limited;
  const checked = checkRequest(match, search, body);
  if (checked.problems.length > 0) throw new FakeApiError(400, `Invalid parameters: ${checked.problems.join('; ')}`, 'Client::BadRequest');
  const handler = host.handlers[`${method} ${match.template}`];
  if (!handler) {
    host.unimplemented.push(`${method} ${match.template}`);
    throw new FakeApiError(501, `The fake does not implement ${method} ${match.template}`, 'Server::NotImplemented');
  }
  const appKey = String(req.headers['x-ovh-application'] ?? '');
  const ctx = host.context({ account: caller.account!, credential: caller.credential, path: checked.path, query: checked.query, body: checked.body }, appKey);
  const result = handler(ctx);
  const paged = host.options.paging !== false && req.headers['x-pagination-mode'] === 'CachedObjectList-Pages' && method === 'GET' && match.op.responseType.endsWith('[]');
  if (paged) return pageOf(host, req, match, ctx, result as unknown[], caller.account?.nichandle);
  const problems = match.op.responseType === 'void'
    ? (result === null ? [] : ['answer: a void operation must answer null'])
    : checkValue(result, match.op.responseType, match.file, 'answer', 'response');
  if (problems.length > 0) return mismatch(host, method, match.template, problems);
  return { status: 200, body: result, headers: {}, nichandle: caller.account?.nichandle };
}

function pageOf(host: PipelineHost, req: IncomingMessage, match: RouteMatch, ctx: HandlerContext, ids: unknown[], nichandle: string | undefined): Reply {
  const item = host.api.itemOf(match.template);
  const handler: Handler | undefined = item && host.handlers[`GET ${item.template}`];
  if (!item || !handler) throw new FakeApiError(400, `${match.template} cannot be paged`, 'Client::BadRequest');
  const size = Math.max(1, Math.min(5000, Number(req.headers['x-pagination-size']) || 1000));
  const number = Math.max(1, Number(req.headers['x-pagination-number']) || 1);
  const slice = ids.slice((number - 1) * size, number * size);
  const items = slice.map((id) => handler({ ...ctx, path: { ...ctx.path, [item.param]: id } }));
  const problems = items.flatMap((it, i) => checkValue(it, item.type, item.file, `answer[${i}]`, 'response'));
  if (problems.length > 0) return mismatch(host, 'GET', match.template, problems);
  return {
    status: 200, body: items, nichandle,
    headers: { 'X-Pagination-Elements': String(ids.length), 'X-Pagination-Number': String(number), 'X-Pagination-Size': String(size) },
  };
}

function mismatch(host: PipelineHost, method: string, operation: string, problems: string[]): Reply {
  host.mismatches.push({ method, operation, problems });
  return {
    status: 500, headers: {}, errorCode: 'FAKE_RESPONSE_MISMATCH',
    body: { class: 'Server::InternalServerError', message: `fake: the answer of ${method} ${operation} does not match the description: ${problems.slice(0, 3).join('; ')}`, httpCode: '500 Internal Server Error', errorCode: 'FAKE_RESPONSE_MISMATCH' },
  };
}
