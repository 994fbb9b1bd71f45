import Keyv from 'keyv';
import { describe, expect, it } from 'vitest';
import { decodeDocument, encodeDocument, encodeJson } from '../adapters/store/keyv-codec.js';

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
});
