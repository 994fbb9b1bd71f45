import { COLLECTIONS } from './collections.js';
import { DocumentTx, prefixEnd } from './document-tx.js';
import type { StorageEngine } from './engine.js';

const PAGE = 1000;
const CHUNK = 2000;
/** Keys a replace never removes: the store's own mark, the presence leases, and the append-only audit log. */
const KEPT = ['meta:', 'presence:', 'audit:'];

/** Every row of [from, to), page by page. */
export async function* scan(engine: StorageEngine, from: string, to: string): AsyncGenerator<{ key: string; value: unknown }> {
  for (let at = from; ;) {
    const rows = await engine.range(at, to, { limit: PAGE });
    yield* rows;
    if (rows.length < PAGE) return;
    at = `${rows[rows.length - 1]!.key}\u0000`;
  }
}

/** Documents of each collection in the store. */
export async function countStore(engine: StorageEngine): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const c of COLLECTIONS) {
    let n = 0;
    for await (const _ of scan(engine, c.prefix, prefixEnd(c.prefix))) n++;
    out[c.name] = n;
  }
  return out;
}

/** Removes every document but the kept ones, in chunks, in one pass over the key space. */
export async function clearStore(engine: StorageEngine): Promise<void> {
  let doomed: string[] = [];
  const flush = async () => {
    const tx = new DocumentTx(engine);
    for (const key of doomed) tx.delete(key);
    doomed = [];
    if (!(await engine.commit(tx.request(true)))) throw new Error('the store changed during the import');
  };
  for await (const r of scan(engine, '', '\uffff')) {
    if (KEPT.some((k) => r.key.startsWith(k))) continue;
    doomed.push(r.key);
    if (doomed.length >= CHUNK) await flush();
  }
  if (doomed.length) await flush();
}
