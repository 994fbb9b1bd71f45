import { KeptSecret } from '../../src/domain/records.js';
import type { KeptSecretRepository } from '../../src/ports/store.js';
import { type DocumentTx, prefixEnd } from './document-tx.js';
import { decode, getDoc, purgeIndexed } from './repositories.js';
import { ABSENT } from './engine.js';

const keyOf = (ref: string, account: string) => `kept:${ref}|${account}`;
const indexOf = (s: KeptSecret) => `kept-at:${s.expiresAt}|${s.ref}|${s.account}`;

/** Kept secrets under `kept:REF|ACCOUNT`, indexed by expiry under `kept-at:TIME|REF|ACCOUNT` so the job run erases them. */
export class KeptSecretDocs implements KeptSecretRepository {
  /** Binds to a transaction. */
  constructor(private readonly tx: DocumentTx) {}
  /** The account's copy, if kept. */
  get(ref: string, account: string) {
    return getDoc(this.tx, KeptSecret, keyOf(ref, account));
  }
  /** Keeps or replaces a copy, moving its expiry index entry; a fresh one is required absent at commit, not read. */
  async keep(secret: KeptSecret, options?: { readonly fresh?: boolean }) {
    const key = keyOf(secret.ref, secret.account);
    if (options?.fresh && !this.tx.writes.has(key)) this.tx.require(key, ABSENT);
    else {
      const before = await this.get(secret.ref, secret.account);
      if (before) this.tx.delete(indexOf(before));
    }
    this.tx.put(key, KeptSecret.parse(secret));
    this.tx.put(indexOf(secret), keyOf(secret.ref, secret.account));
  }
  /** Erases every copy under a ref. */
  async forget(ref: string) {
    const prefix = `kept:${ref}|`;
    const rows = await this.tx.range(prefix, prefixEnd(prefix), { limit: 100 });
    for (const row of rows) {
      this.tx.delete(row.key);
      this.tx.delete(indexOf(decode(KeptSecret, row.key, row.value)));
    }
    return rows.length;
  }
  /** Erases expired copies, oldest first. */
  purgeBefore(cutoff: Date, limit: number) {
    return purgeIndexed(this.tx, 'kept-at:', (key) => key, cutoff, limit);
  }
}
