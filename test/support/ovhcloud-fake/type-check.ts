import type { DescriptionFile, PropertyDescription } from './descriptions.js';

/** How strictly a value is checked: a request body (unknown fields refused, required ones needed) or an answer (every field present). */
export type CheckMode = 'request' | 'response';

const DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The base type of a `fullType` such as `coreTypes.AccountId:string` (the part after the colon). */
function baseType(type: string): string {
  const colon = type.lastIndexOf(':');
  return colon >= 0 ? type.slice(colon + 1) : type;
}

/**
 * Checks a JSON value against a description type (`long`, `string[]`, `order.Price`, `map[string]string` …),
 * resolving models in the file of the operation. Returns the problems found, each with where.
 */
export function checkValue(value: unknown, type: string, file: DescriptionFile, where: string, mode: CheckMode): string[] {
  const t = baseType(type);
  if (t.endsWith('[]')) {
    if (!Array.isArray(value)) return [`${where}: expected an array of ${t.slice(0, -2)}`];
    return value.flatMap((v, i) => checkValue(v, t.slice(0, -2), file, `${where}[${i}]`, mode));
  }
  const map = /^map\[string\](.+)$/.exec(t);
  if (map) {
    if (!isObject(value)) return [`${where}: expected an object`];
    return Object.entries(value).flatMap(([k, v]) => checkValue(v, map[1]!, file, `${where}.${k}`, mode));
  }
  const primitive = checkPrimitive(value, t, where);
  if (primitive !== undefined) return primitive;
  const generic = /^complexType\.SafeKeyValue<(.+)>$/.exec(t);
  if (generic) {
    // Used by the descriptions but never defined: {key, value}.
    if (!isObject(value)) return [`${where}: expected {key, value}`];
    return [...checkValue(value.key, 'string', file, `${where}.key`, mode), ...checkValue(value.value, generic[1]!, file, `${where}.value`, mode)];
  }
  const model = file.models[t];
  if (!model) return [`${where}: type ${t} is not described in ${file.name}.json`];
  if (model.enum) return typeof value === 'string' && model.enum.includes(value) ? [] : [`${where}: ${JSON.stringify(value)} is not one of ${t} (${model.enum.join(', ')})`];
  if (!isObject(value)) return [`${where}: expected an object ${t}`];
  return checkObject(value, model.properties ?? {}, t, file, where, mode);
}

function checkObject(value: Record<string, unknown>, props: Record<string, PropertyDescription>, t: string, file: DescriptionFile, where: string, mode: CheckMode): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(value)) if (!Object.hasOwn(props, key)) problems.push(`${where}.${key}: no such field in ${t}`);
  for (const [key, prop] of Object.entries(props)) {
    const v = value[key];
    if (v === undefined) {
      if (mode === 'response' || prop.required) problems.push(`${where}.${key}: missing (${t})`);
      continue;
    }
    if (v === null) {
      if (!prop.canBeNull) problems.push(`${where}.${key}: null but ${t}.${key} cannot be null`);
      continue;
    }
    problems.push(...checkValue(v, prop.fullType ?? prop.type, file, `${where}.${key}`, mode));
  }
  return problems;
}

function checkPrimitive(value: unknown, t: string, where: string): string[] | undefined {
  const fail = (what: string) => [`${where}: ${JSON.stringify(value)} is not a ${what}`];
  switch (t) {
    case 'string': case 'password': case 'text': case 'ipBlock': case 'ip': case 'phoneNumber':
      return typeof value === 'string' ? [] : fail(t);
    case 'long': case 'int':
      return typeof value === 'number' && Number.isSafeInteger(value) ? [] : fail(t);
    case 'double': case 'float':
      return typeof value === 'number' && Number.isFinite(value) ? [] : fail(t);
    case 'boolean':
      return typeof value === 'boolean' ? [] : fail(t);
    case 'date':
      return typeof value === 'string' && DATE.test(value) ? [] : fail('date (YYYY-MM-DD)');
    case 'datetime':
      return typeof value === 'string' && DATETIME.test(value) && !Number.isNaN(Date.parse(value)) ? [] : fail('datetime (ISO 8601 with offset)');
    case 'duration':
      return typeof value === 'string' && DURATION.test(value) ? [] : fail('duration (ISO 8601, e.g. P1M)');
    case 'uuid':
      return typeof value === 'string' && UUID.test(value) ? [] : fail('uuid');
    default:
      return undefined;
  }
}

/** Converts a path or query parameter (text on the wire) to its typed value, or says why it cannot. */
export function parseTextParam(text: string, type: string, file: DescriptionFile, where: string): { value?: unknown; problems: string[] } {
  const t = baseType(type);
  if (t === 'long' || t === 'int') return /^-?\d+$/.test(text) ? { value: Number(text), problems: [] } : { problems: [`${where}: "${text}" is not a ${t}`] };
  if (t === 'double') return Number.isFinite(Number(text)) && text.trim() !== '' ? { value: Number(text), problems: [] } : { problems: [`${where}: "${text}" is not a double`] };
  if (t === 'boolean') return text === 'true' || text === 'false' ? { value: text === 'true', problems: [] } : { problems: [`${where}: "${text}" is not a boolean (true or false)`] };
  if (t === 'datetime') return Number.isNaN(Date.parse(text)) ? { problems: [`${where}: "${text}" is not a datetime`] } : { value: text, problems: [] };
  return { value: text, problems: checkValue(text, t, file, where, 'request') };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
