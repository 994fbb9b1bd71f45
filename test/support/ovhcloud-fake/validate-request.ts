import type { RouteMatch } from './descriptions.js';
import { checkValue, parseTextParam } from './type-check.js';

/** A request's parameters, typed per the description, or the problems that make it invalid. */
export interface CheckedRequest {
  readonly problems: string[];
  readonly path: Record<string, unknown>;
  readonly query: Record<string, unknown>;
  readonly body: unknown;
}

/**
 * Checks a request against its operation: path parameters' types, query parameters (names, types,
 * required, enums), and the body: named body parameters (no unknown name, required ones present, types),
 * or the one unnamed body parameter whose type is the whole body's model.
 */
export function checkRequest(match: RouteMatch, search: URLSearchParams, body: unknown): CheckedRequest {
  const { op, file } = match;
  const problems: string[] = [];
  const path: Record<string, unknown> = {};
  const query: Record<string, unknown> = {};
  for (const p of op.parameters.filter((x) => x.paramType === 'path')) {
    const raw = match.pathParams[p.name!];
    if (raw === undefined) continue;
    const parsed = parseTextParam(raw, p.fullType ?? p.dataType, file, `[${p.name}]`);
    problems.push(...parsed.problems);
    path[p.name!] = parsed.value;
  }
  const declaredQuery = new Map(op.parameters.filter((x) => x.paramType === 'query').map((p) => [p.name!, p]));
  for (const key of new Set(search.keys())) {
    const p = declaredQuery.get(key);
    if (!p) {
      problems.push(`[${key}] is not a parameter of ${op.httpMethod} ${match.template}`);
      continue;
    }
    const values = search.getAll(key);
    if (values.length > 1) problems.push(`[${key}] given ${values.length} times`);
    const parsed = parseTextParam(values[0]!, p.fullType ?? p.dataType, file, `[${key}]`);
    problems.push(...parsed.problems);
    query[key] = parsed.value;
  }
  for (const p of declaredQuery.values()) if (p.required && !search.has(p.name!)) problems.push(`[${p.name}] is required`);
  problems.push(...checkBody(match, body));
  return { problems, path, query, body };
}

function checkBody(match: RouteMatch, body: unknown): string[] {
  const { op, file } = match;
  const params = op.parameters.filter((x) => x.paramType === 'body');
  if (params.length === 0) {
    const empty = body === undefined || body === null || (typeof body === 'object' && Object.keys(body).length === 0);
    return empty ? [] : [`${op.httpMethod} ${match.template} takes no body`];
  }
  const whole = params.find((p) => p.name === undefined || p.name === '');
  if (whole) {
    if (body === undefined || body === null) return whole.required ? ['the body is required'] : [];
    return checkValue(body, whole.fullType ?? whole.dataType, file, 'body', 'request');
  }
  if (body === undefined || body === null) body = {};
  if (typeof body !== 'object' || Array.isArray(body)) return ['the body must be a JSON object'];
  const given = body as Record<string, unknown>;
  const problems: string[] = [];
  const declared = new Map(params.map((p) => [p.name!, p]));
  for (const key of Object.keys(given)) if (!declared.has(key)) problems.push(`[${key}] is not a parameter of ${op.httpMethod} ${match.template}`);
  for (const p of params) {
    const v = given[p.name!];
    if (v === undefined || v === null) {
      if (p.required) problems.push(`[${p.name}] is required`);
      continue;
    }
    problems.push(...checkValue(v, p.fullType ?? p.dataType, file, `[${p.name}]`, 'request'));
  }
  return problems;
}
