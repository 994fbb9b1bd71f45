import type { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { GUICHET_ACCESS_RULES, ruleCovers } from '../adapters/ovhcloud/access-rules.js';
import * as account from '../adapters/ovhcloud/operations/account.ops.js';
import * as auth from '../adapters/ovhcloud/operations/auth.ops.js';
import * as cloud from '../adapters/ovhcloud/operations/cloud.ops.js';
import * as contacts from '../adapters/ovhcloud/operations/contacts.ops.js';
import * as credit from '../adapters/ovhcloud/operations/credit.ops.js';
import * as orders from '../adapters/ovhcloud/operations/orders.ops.js';
import * as services from '../adapters/ovhcloud/operations/services.ops.js';
import type { AnyOperation } from '../adapters/ovhcloud/ovh-operation.js';
import { ApiDescriptions, OTHER_PRODUCT_ROUTES, type DescriptionFile } from './support/ovhcloud-fake/descriptions.js';

const api = new ApiDescriptions();
const isOp = (v: unknown): v is AnyOperation => typeof v === 'object' && v !== null && 'method' in v && 'path' in v && 'response' in v;
const OPERATIONS: AnyOperation[] = [
  ...[account, auth, cloud, contacts, credit, orders, services].flatMap((m) => Object.values(m).filter(isOp)),
  ...OTHER_PRODUCT_ROUTES.map((r) => contacts.productChangeContactOp(r)),
];

interface Unwrapped { readonly schema: z.ZodType; readonly optional: boolean; readonly nullable: boolean }
type Def = { type: string; innerType?: z.ZodType; in?: z.ZodType; element?: z.ZodType; shape?: Record<string, z.ZodType>; entries?: Record<string, string> };
const defOf = (s: z.ZodType) => (s as unknown as { _zod: { def: Def } })._zod.def;

function unwrap(schema: z.ZodType): Unwrapped {
  let s = schema;
  let optional = false;
  let nullable = false;
  for (;;) {
    const d = defOf(s);
    if (d.type === 'optional' || d.type === 'default') optional = true;
    else if (d.type === 'nullable') nullable = true;
    else if (d.type !== 'pipe') return { schema: s, optional, nullable };
    s = (d.type === 'pipe' ? d.in : d.innerType)!;
  }
}

const PRIMITIVE: Record<string, string> = { long: 'number', int: 'number', double: 'number', boolean: 'boolean', string: 'string', password: 'string', text: 'string', date: 'string', datetime: 'string', duration: 'string', uuid: 'string', ipBlock: 'string' };

/**
 * The differences between a zod schema and a description type (resolved in `file`): a field the
 * description does not have, a nullability that differs, an enumeration value it does not allow, a
 * primitive of another kind; in `request` mode also a required field the schema makes optional.
 */
export function compare(schema: z.ZodType, type: string, file: DescriptionFile, where: string, mode: 'request' | 'response'): string[] {
  const t = type.includes(':') ? type.slice(type.lastIndexOf(':') + 1) : type;
  const d = defOf(unwrap(schema).schema);
  if (d.type === 'unknown' || d.type === 'any') return [];
  if (t.endsWith('[]')) return d.type === 'array' ? compare(d.element!, t.slice(0, -2), file, `${where}[]`, mode) : [`${where}: ${t} but the schema is ${d.type}`];
  if (PRIMITIVE[t]) return d.type === PRIMITIVE[t] || (t === 'long' && d.type === 'number') ? [] : [`${where}: ${t} but the schema is ${d.type}`];
  const generic = /^complexType\.SafeKeyValue<(.+)>$/.exec(t);
  if (generic) {
    // Used by the descriptions but never defined: {key, value}.
    if (d.type !== 'object') return [`${where}: {key, value} but the schema is ${d.type}`];
    return Object.entries(d.shape!).flatMap(([k, f]) => (k === 'key' ? compare(f, 'string', file, `${where}.key`, mode) : k === 'value' ? compare(f, generic[1]!, file, `${where}.value`, mode) : [`${where}.${k}: not in SafeKeyValue`]));
  }
  const model = file.models[t];
  if (!model) return [`${where}: no model ${t} in ${file.name}.json`];
  if (model.enum) {
    if (d.type === 'string') return [];
    if (d.type !== 'enum') return [`${where}: enumeration ${t} but the schema is ${d.type}`];
    return Object.values(d.entries!).filter((v) => !model.enum!.includes(v)).map((v) => `${where}: "${v}" is not in ${t}`);
  }
  if (d.type !== 'object') return [`${where}: model ${t} but the schema is ${d.type}`];
  const props = model.properties ?? {};
  const problems: string[] = [];
  for (const [key, field] of Object.entries(d.shape!)) {
    const prop = props[key];
    if (!prop) {
      problems.push(`${where}.${key}: no such field in ${t}`);
      continue;
    }
    const u = unwrap(field);
    if (mode === 'response' && Boolean(prop.canBeNull) !== u.nullable) problems.push(`${where}.${key}: canBeNull is ${Boolean(prop.canBeNull)} in ${t}, the schema says ${u.nullable}`);
    if (mode === 'response' && u.optional) problems.push(`${where}.${key}: the API always sends it; the schema makes it optional`);
    problems.push(...compare(field, prop.fullType ?? prop.type, file, `${where}.${key}`, mode));
  }
  if (mode === 'request') for (const [key, prop] of Object.entries(props)) if (prop.required && (!d.shape![key] || unwrap(d.shape![key]!).optional)) problems.push(`${where}.${key}: required by ${t}`);
  return problems;
}

/** Every difference between a client operation and its description. */
function checkOperation(op: AnyOperation): string[] {
  const found = api.operation(op.method, op.path);
  if (!found) return [`${op.method} ${op.path}: not in the descriptions`];
  const { file, op: desc } = found;
  const problems: string[] = [];
  const where = `${op.method} ${op.path}`;
  const params = (kind: 'path' | 'query' | 'body') => desc.parameters.filter((p) => p.paramType === kind);
  const shape = (s: z.ZodType) => defOf(unwrap(s).schema).shape ?? {};
  const pathShape = shape(op.params);
  if (Object.keys(pathShape).sort().join() !== params('path').map((p) => p.name).sort().join()) problems.push(`${where}: path parameters ${Object.keys(pathShape)} vs ${params('path').map((p) => p.name)}`);
  for (const p of params('path')) if (pathShape[p.name!]) problems.push(...compare(pathShape[p.name!]!, p.fullType ?? p.dataType, file, `${where} [${p.name}]`, 'request'));
  const queryShape = shape(op.query);
  for (const [k, s] of Object.entries(queryShape)) {
    const p = params('query').find((x) => x.name === k);
    if (!p) problems.push(`${where}: query ${k} is not a parameter`);
    else problems.push(...compare(s, p.fullType ?? p.dataType, file, `${where} ?${k}`, 'request'));
  }
  for (const p of params('query')) if (p.required && (!queryShape[p.name!] || unwrap(queryShape[p.name!]!).optional)) problems.push(`${where}: query ${p.name} is required`);
  const body = params('body');
  const whole = body.find((p) => !p.name);
  if (whole) problems.push(...compare(op.body, whole.fullType ?? whole.dataType, file, `${where} body`, 'request'));
  else if (body.length === 0) { if (defOf(op.body).type !== 'undefined') problems.push(`${where}: takes no body`); }
  else {
    const bodyShape = shape(op.body);
    for (const [k, s] of Object.entries(bodyShape)) {
      const p = body.find((x) => x.name === k);
      if (!p) problems.push(`${where}: body ${k} is not a parameter`);
      else problems.push(...compare(s, p.fullType ?? p.dataType, file, `${where} body.${k}`, 'request'));
    }
    for (const p of body) if (p.required && (!bodyShape[p.name!] || unwrap(bodyShape[p.name!]!).optional)) problems.push(`${where}: body ${p.name} is required`);
  }
  if (desc.responseType === 'void') {
    if (defOf(unwrap(op.response).schema).type !== 'null') problems.push(`${where}: void answers null`);
  } else problems.push(...compare(op.response, desc.responseType, file, `${where} answer`, 'response'));
  if (op.item) {
    const item = api.itemOf(op.path);
    if (!item) problems.push(`${where}: no item operation to page`);
    else problems.push(...compare(op.item, item.type, item.file, `${where} item`, 'response'));
  }
  if (Boolean(desc.noAuthentication) !== op.unsigned) problems.push(`${where}: noAuthentication is ${Boolean(desc.noAuthentication)}`);
  return problems;
}

const concrete = (template: string) => template.replace(/\{[^}]+\}/g, 'x1');

describe('OVHcloud client schemas against the vendored descriptions', () => {
  it('GIVEN every operation of the client WHEN compared with its description THEN paths, methods, parameters, bodies and answers agree', () => {
    expect(OPERATIONS.length).toBeGreaterThanOrEqual(40);
    expect(OPERATIONS.flatMap(checkOperation)).toEqual([]);
  });

  it('GIVEN a schema with a misnamed, a non-nullable and a wrongly typed field WHEN compared THEN each is reported (the check can fail)', async () => {
    const { z } = await import('zod');
    const broken = credit.Credit.extend({ validity: z.object({ start: z.string().nullable(), to: z.string() }).nullable(), id: z.string() });
    const problems = compare(broken, 'cloud.Credit', api.files.get('cloud')!, 'Credit', 'response');
    expect(problems).toEqual(expect.arrayContaining([
      'Credit.validity.start: no such field in cloud.common.VoucherValidity',
      'Credit.validity.to: canBeNull is true in cloud.common.VoucherValidity, the schema says false',
      'Credit.id: long but the schema is string',
    ]));
    expect(checkOperation({ ...credit.activateVoucherOp, body: z.object({ voucher: z.string() }) })).toEqual(expect.arrayContaining([
      'POST /cloud/project/{serviceName}/credit: body voucher is not a parameter', 'POST /cloud/project/{serviceName}/credit: body code is required',
    ]));
  });
});

describe('GUICHET_ACCESS_RULES', () => {
  const signed = OPERATIONS.filter((op) => !op.path.startsWith('/auth/'));

  it('GIVEN every signed operation of the client WHEN matched against the rules THEN each is covered', () => {
    expect(signed.filter((op) => !GUICHET_ACCESS_RULES.some((r) => ruleCovers(r, op.method, concrete(op.path)))).map((op) => `${op.method} ${op.path}`)).toEqual([]);
  });

  it('GIVEN every rule WHEN matched against the client\'s operations THEN each one is used (none is broader than needed for nothing)', () => {
    expect(GUICHET_ACCESS_RULES.filter((r) => !signed.some((op) => ruleCovers(r, op.method, concrete(op.path)))).map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });

  it('GIVEN the rules WHEN read THEN each has a one-line reason, and none grants DELETE or the whole API', () => {
    for (const r of GUICHET_ACCESS_RULES) expect(r.reason).toMatch(/^[^\n]{10,}$/);
    expect(GUICHET_ACCESS_RULES.filter((r) => r.method === 'DELETE' || r.path === '/*')).toEqual([]);
  });

  it('GIVEN rule matching WHEN a star stands for path segments THEN it matches them and nothing shorter', () => {
    expect(ruleCovers({ method: 'GET', path: '/me/order/*' }, 'GET', '/me/order/12/details/3')).toBe(true);
    expect(ruleCovers({ method: 'GET', path: '/me/order/*' }, 'GET', '/me/order')).toBe(false);
    expect(ruleCovers({ method: 'GET', path: '/me/order/*' }, 'POST', '/me/order/12/pay')).toBe(false);
    expect(ruleCovers({ method: 'POST', path: '/*/changeContact' }, 'POST', '/cloud/project/pc-demo/changeContact')).toBe(true);
  });
});

describe('README', () => {
  it('GIVEN GUICHET_ACCESS_RULES WHEN the README is read THEN its table lists exactly those rules and reasons', async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync('README.md', 'utf8');
    const rows = [...readme.matchAll(/^\| `(GET|POST|PUT|DELETE)` \| `([^`]+)` \| (.+) \|$/gm)].map((m) => ({ method: m[1], path: m[2], reason: m[3] }));
    expect(rows).toEqual(GUICHET_ACCESS_RULES.map((r) => ({ method: r.method, path: r.path, reason: r.reason })));
  });
});
