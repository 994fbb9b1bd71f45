import { z } from 'zod';

/** The HTTP methods of the API (`auth.HTTPMethodEnum`). */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** No parameters. */
export const NO_PARAMS = z.object({});
/** No body. */
export const NO_BODY = z.undefined();
/** A `void` answer: the API sends JSON `null`. */
export const VOID = z.null().transform((): void => undefined);

/** One API operation: method, path template, and zod schemas of what is sent and received. */
export interface OvhOperation<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
  I extends z.ZodType = z.ZodType,
> {
  readonly method: HttpMethod;
  /** Path template relative to the base URL, e.g. `/cloud/project/{serviceName}/credit/{id}`. */
  readonly path: string;
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  readonly response: R;
  /** For a list of IDs: the schema of one item, as answered in `CachedObjectList-Pages` mode. */
  readonly item: I | undefined;
  /** True for the two operations the API serves without authentication (`/auth/time`, `/auth/credential`). */
  readonly unsigned: boolean;
}

/** Any operation. */
export type AnyOperation = OvhOperation<z.ZodType, z.ZodType, z.ZodType, z.ZodType, z.ZodType>;

/** What a call of an operation takes. */
export interface OperationInput<O extends AnyOperation> {
  readonly params?: z.input<O['params']>;
  readonly query?: z.input<O['query']>;
  readonly body?: z.input<O['body']>;
}

/** Declares an operation; missing schemas mean "none". */
export function defineOperation<
  R extends z.ZodType,
  P extends z.ZodType = typeof NO_PARAMS,
  Q extends z.ZodType = typeof NO_PARAMS,
  B extends z.ZodType = typeof NO_BODY,
  I extends z.ZodType = z.ZodNever,
>(def: { method: HttpMethod; path: string; response: R; params?: P; query?: Q; body?: B; item?: I; unsigned?: boolean }): OvhOperation<P, Q, B, R, I> {
  return {
    method: def.method,
    path: def.path,
    response: def.response,
    params: (def.params ?? NO_PARAMS) as P,
    query: (def.query ?? NO_PARAMS) as Q,
    body: (def.body ?? NO_BODY) as B,
    item: def.item,
    unsigned: def.unsigned ?? false,
  };
}

/** The path with each `{name}` replaced by its URL-encoded value. */
export function renderPath(template: string, params: Record<string, unknown>): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined || value === null || value === '') throw new Error(`missing path parameter ${name} for ${template}`);
    return encodeURIComponent(String(value));
  });
}

/** The access-rule path that covers a template: each `{name}` becomes `*`. */
export function rulePath(template: string): string {
  return template.replace(/\{[^}]+\}/g, '*');
}

/** The query string of parsed query parameters (undefined ones left out), with a leading `?` when not empty. */
export function renderQuery(query: Record<string, unknown>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null) continue;
    search.append(k, v instanceof Date ? v.toISOString() : String(v));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
