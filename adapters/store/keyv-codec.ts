/**
 * Keyv's row format (`{"value":…}`, written by @keyv/serialize, which prefixes strings that start with ":" with
 * one more ":" and writes Buffers as ":base64:…"), produced and read with the native JSON functions when the
 * document has no string starting with ":" — the usual case — and by Keyv's own functions otherwise. Same
 * bytes as Keyv's, several times faster (@keyv/serialize walks every value in JavaScript).
 */

/** Keyv's own (slow) serializer pair, used when a string starts with ":". */
export interface KeyvSerializer {
  serialize(data: unknown): string;
  deserialize(raw: string): unknown;
}

/** An unescaped quote opening a string that starts with ":" follows ":" (object value), "[" or "," (array element); a key ending with ":" only costs the slow path. */
const COLON_STRING = /[:[,]":/;

/** Serialises a JSON document as Keyv stores it; also returns its plain JSON (the engine's cache holds that). */
export function encodeDocument(value: unknown, keyv: KeyvSerializer): { raw: string; json: string } {
  const json = JSON.stringify(value);
  if (json === undefined) throw new Error('the store cannot hold an undefined document');
  return encodeJson(json, keyv);
}

/** Serialises a document already written as JSON (`encodeDocument` without stringifying it again). */
export function encodeJson(json: string, keyv: KeyvSerializer): { raw: string; json: string } {
  if (!COLON_STRING.test(json) && !json.startsWith('":')) return { raw: `{"value":${json}}`, json };
  return { raw: keyv.serialize({ value: JSON.parse(json), expires: undefined }), json };
}

/** Reads Keyv's serialized row back into the document. */
export function decodeDocument(raw: string, keyv: KeyvSerializer): unknown {
  if (!COLON_STRING.test(raw)) return (JSON.parse(raw) as { value?: unknown } | null)?.value;
  return (keyv.deserialize(raw) as { value?: unknown } | undefined)?.value;
}

/**
 * `decodeDocument` with the document's JSON as well (what the engine's cache keeps): the text between `{"value":` and
 * the closing brace when the row is exactly `{"value":…}` (what Guichet writes), so a fetched document is not
 * stringified again; `JSON.stringify` of the value otherwise.
 */
export function decodeDocumentJson(raw: string, keyv: KeyvSerializer): { value: unknown; json: string | undefined } {
  if (COLON_STRING.test(raw)) {
    const value = (keyv.deserialize(raw) as { value?: unknown } | undefined)?.value;
    return { value, json: value === undefined ? undefined : JSON.stringify(value) };
  }
  const row = JSON.parse(raw) as { value?: unknown } | null;
  const value = row?.value;
  if (value === undefined) return { value, json: undefined };
  return { value, json: raw.startsWith(VALUE_OPEN) && raw.endsWith('}') && onlyKey(row!, 'value') ? raw.slice(VALUE_OPEN.length, -1) : JSON.stringify(value) };
}

const VALUE_OPEN = '{"value":';

/** True when `key` is the object's only key. */
function onlyKey(row: object, key: string): boolean {
  for (const k in row) if (k !== key) return false;
  return true;
}
