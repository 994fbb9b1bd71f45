import Keyv from 'keyv';
import { describe, expect, it } from 'vitest';
import { decodeDocument, decodeDocumentJson, encodeDocument, encodeJson } from '../adapters/store/keyv-codec.js';

// Keyv's own serializer pair (@keyv/serialize), as the engines' Keyv instances have it.
const own = new Keyv();
const defaultSerialize = (d: unknown) => own.serialize!(d as never) as string;
const defaultDeserialize = <T>(r: string) => own.deserialize!(r) as T | undefined;
const keyv = { serialize: defaultSerialize, deserialize: (r: string) => defaultDeserialize<unknown>(r) };

const documents: unknown[] = [
  { id: 'ORD-1', lines: [{ sku: 'cloud-credit', amountMinor: 10000 }], at: '2026-11-23T09:00:00.000Z', note: null, flags: [true, false] },
  { text: ':starts with a colon', list: [':a', 'b', ':c'], nested: { deep: [[':x']] } },
  ':a string document',
  { 'key:': 'a key ending with a colon', 'x': '":"' },
  { quote: 'a "quoted": word', backslash: 'ends with \\', unicode: 'é ✓ 𝄞', control: 'tab\there\nnew line\u0000nul' },
  ['array', 1, null, { a: ':' }],
  { empty: {}, none: [], zero: 0, negative: -1.5, big: 1e21 },
  { withUndefined: undefined, kept: 1 },
  42,
  'plain',
];

describe('Keyv row codec', () => {
  it.each(documents.map((d) => [JSON.stringify(d), d]))('GIVEN the document %s WHEN encoded THEN the row is byte for byte what Keyv writes, and decodes back to the document', (_name, doc) => {
    const { raw, json } = encodeDocument(doc, keyv);
    expect(raw).toBe(defaultSerialize({ value: doc, expires: undefined }));
    expect(json).toBe(JSON.stringify(doc));
    expect(decodeDocument(raw, keyv)).toEqual(defaultDeserialize<{ value: unknown }>(raw)?.value);
    expect(decodeDocument(raw, keyv)).toEqual(JSON.parse(JSON.stringify(doc)));
  });

  it.each(documents.map((d) => [JSON.stringify(d), d]))('GIVEN the document %s already serialised WHEN its JSON is encoded THEN the row is the same as encoding the document', (_name, doc) => {
    expect(encodeJson(JSON.stringify(doc), keyv)).toEqual(encodeDocument(doc, keyv));
  });

  it('GIVEN a row Keyv wrote with an expiry field WHEN decoded THEN the value is read', () => {
    expect(decodeDocument('{"value":{"a":1},"expires":null}', keyv)).toEqual({ a: 1 });
    expect(decodeDocument('{"value":"::escaped"}', keyv)).toBe(':escaped');
  });

  it.each(documents.map((d) => [JSON.stringify(d), d]))('GIVEN the row of the document %s WHEN decoded with its JSON THEN the value is the decoded one and the JSON is its JSON', (_name, doc) => {
    const { raw } = encodeDocument(doc, keyv);
    const { value, json } = decodeDocumentJson(raw, keyv);
    expect(value).toEqual(decodeDocument(raw, keyv));
    expect(json).toBe(JSON.stringify(value));
  });

  it('GIVEN rows that are not exactly {"value":…} WHEN decoded with their JSON THEN the JSON is still that of the value alone', () => {
    expect(decodeDocumentJson('{"value":{"a":1},"expires":null}', keyv)).toEqual({ value: { a: 1 }, json: '{"a":1}' });
    expect(decodeDocumentJson('{"value":{"a":{"b":2}},"expires":{"c":3}}', keyv)).toEqual({ value: { a: { b: 2 } }, json: '{"a":{"b":2}}' });
    expect(decodeDocumentJson('{"value":{"a":1} }', keyv)).toEqual({ value: { a: 1 }, json: '{"a":1} ' });
    expect(decodeDocumentJson('{"expires":null}', keyv)).toEqual({ value: undefined, json: undefined });
    expect(decodeDocumentJson('{"value":"::escaped"}', keyv)).toEqual({ value: ':escaped', json: '":escaped"' });
  });
});
