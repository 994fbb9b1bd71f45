import { describe, expect } from 'vitest';
import { z } from 'zod';
import { DocumentTx } from '../adapters/store/document-tx.js';
import { type Check, EncodedDocument, type StorageEngine } from '../adapters/store/engine.js';
import { getDoc, putDoc, schemaCheck } from '../adapters/store/repositories.js';
import { itOn, testEngines } from './support/engines.js';

const Doc = z.object({ id: z.string(), n: z.number().int(), tag: z.string().default('none') });

/** A check that counts its calls (the repositories' `decode` of `Doc`). */
function counting(): { check: Check; calls: () => number } {
  let calls = 0;
  const decode = schemaCheck(Doc);
  return { check: (key, value) => (calls++, decode(key, value)), calls: () => calls };
}

async function write(engine: StorageEngine, key: string, value: unknown, check?: Check): Promise<void> {
  const tx = new DocumentTx(engine);
  tx.put(key, value, check);
  expect(await engine.commit(tx.request(true))).toBe(true);
}

/** Reads through a fresh transaction, as each unit of work does. */
async function read(engine: StorageEngine, key: string, check: Check): Promise<unknown> {
  return new DocumentTx(engine).get(key, check);
}

describe.each(testEngines('checks').filter(([name]) => name !== 'memory'))('validation of cached documents on %s', (name, open) => {
  itOn(name)('GIVEN a document the check leaves as it is WHEN read three times THEN it is checked on the first read only, and every read gets the same document', async () => {
    const e = await open();
    await write(e, 'doc:a', { id: 'a', n: 1, tag: 'x' });
    const { check, calls } = counting();
    expect(await read(e, 'doc:a', check)).toEqual({ id: 'a', n: 1, tag: 'x' });
    expect(await read(e, 'doc:a', check)).toEqual({ id: 'a', n: 1, tag: 'x' });
    expect(await read(e, 'doc:a', check)).toEqual({ id: 'a', n: 1, tag: 'x' });
    expect(calls()).toBe(1);
    await e.close();
  });

  itOn(name)('GIVEN a stored document the check completes (a default) WHEN read twice THEN each read is checked and gets the completed document', async () => {
    const e = await open();
    await write(e, 'doc:b', { id: 'b', n: 2 });
    const { check, calls } = counting();
    expect(await read(e, 'doc:b', check)).toEqual({ id: 'b', n: 2, tag: 'none' });
    expect(await read(e, 'doc:b', check)).toEqual({ id: 'b', n: 2, tag: 'none' });
    expect(calls()).toBe(2);
    await e.close();
  });

  itOn(name)('GIVEN a corrupt stored document WHEN read twice through getDoc THEN both reads refuse it', async () => {
    const e = await open();
    await write(e, 'doc:c', { id: 'c', n: 'three' });
    await expect(getDoc(new DocumentTx(e), Doc, 'doc:c')).rejects.toThrow(/corrupt document doc:c/);
    await expect(getDoc(new DocumentTx(e), Doc, 'doc:c')).rejects.toThrow(/corrupt document doc:c/);
    await e.close();
  });

  itOn(name)('GIVEN a checked cached document WHEN it is rewritten without a check THEN the next read checks the new version (and a corrupt one is refused)', async () => {
    const e = await open();
    await write(e, 'doc:d', { id: 'd', n: 1 , tag: 'x' });
    const { check, calls } = counting();
    await read(e, 'doc:d', check);
    await write(e, 'doc:d', { id: 'd', n: 2, tag: 'x' });
    expect(await read(e, 'doc:d', check)).toEqual({ id: 'd', n: 2, tag: 'x' });
    expect(calls()).toBe(2);
    await write(e, 'doc:d', { id: 'd', n: 2.5 });
    await expect(read(e, 'doc:d', check)).rejects.toThrow(/corrupt document doc:d/);
    await e.close();
  });

  itOn(name)('GIVEN a cached document WHEN a unit rewrites it with the output of a check THEN the next read through that check needs none and gets what was written', async () => {
    const e = await open();
    await write(e, 'doc:e', { id: 'e', n: 1, tag: 'x' });
    const { check, calls } = counting();
    await read(e, 'doc:e', check);
    await write(e, 'doc:e', check('doc:e', { id: 'e', n: 5 }), check);
    expect(calls()).toBe(2);
    expect(await read(e, 'doc:e', check)).toEqual({ id: 'e', n: 5, tag: 'none' });
    expect(calls()).toBe(2);
    await e.close();
  });

  itOn(name)('GIVEN a cached document WHEN a unit rewrites it through putDoc THEN a read through getDoc gets what putDoc wrote', async () => {
    const e = await open();
    await write(e, 'doc:h', { id: 'h', n: 1, tag: 'x' });
    await getDoc(new DocumentTx(e), Doc, 'doc:h');
    const tx = new DocumentTx(e);
    putDoc(tx, Doc, 'doc:h', { id: 'h', n: 5 });
    expect(await e.commit(tx.request(true))).toBe(true);
    expect(await getDoc(new DocumentTx(e), Doc, 'doc:h')).toEqual({ id: 'h', n: 5, tag: 'none' });
    await e.close();
  });
});

describe('a transaction\'s own writes', () => {
  const open = testEngines('own-writes')[0]![1];
  itOn('memory')('GIVEN a document put in a transaction WHEN the caller then changes its object THEN the transaction reads and commits what was put', async () => {
    const e = await open();
    const tx = new DocumentTx(e);
    const doc = { id: 'f', n: 1, list: [1] };
    tx.put('doc:f', doc);
    doc.n = 2;
    doc.list.push(2);
    const mine = (await tx.get('doc:f')) as typeof doc;
    expect(mine).toEqual({ id: 'f', n: 1, list: [1] });
    mine.n = 3;
    expect(await tx.get('doc:f')).toEqual({ id: 'f', n: 1, list: [1] });
    expect(tx.request(true).writes.get('doc:f')).toBeInstanceOf(EncodedDocument);
    expect(await e.commit(tx.request(true))).toBe(true);
    expect((await e.read('doc:f')).value).toEqual({ id: 'f', n: 1, list: [1] });
  });

  itOn('memory')('GIVEN a document put through putDoc WHEN read back in the same transaction THEN it is not validated again; a read through another check is', async () => {
    const tx = new DocumentTx(await open());
    putDoc(tx, Doc, 'doc:g', { id: 'g', n: 1 });
    const { check, calls } = counting();
    expect(await tx.get('doc:g', schemaCheck(Doc))).toEqual({ id: 'g', n: 1, tag: 'none' });
    expect(await tx.get('doc:g', check)).toEqual({ id: 'g', n: 1, tag: 'none' });
    expect(calls()).toBe(1);
  });
});
