import { KeptSecret } from '../../src/domain/records.js';
import { encodeTime } from '../../src/domain/timed-id.js';
import type { KeptSecretRepository } from '../../src/ports/store.js';
import { type DocumentTx, prefixEnd } from './document-tx.js';
import { decode, getDoc, purgeTimed, schemaCheck } from './repositories.js';
import { ABSENT } from './engine.js';

/** Key prefix of copies keyed by their expiry (`keptx:TIME|REF|ACCOUNT`, TIME from `encodeTime`): they sort by expiry, no index needed. */
export const TIMED_KEPT_PREFIX = 'keptx:';
/** Key prefix of copies found by ref and account alone (`kept:REF|ACCOUNT`): replaceable ones, and all those of earlier versions. */
export const LEGACY_KEPT_PREFIX = 'kept:';
/** The expiry index of `kept:` copies, `kept-at:TIME|REF|ACCOUNT` (ISO time). */
export const LEGACY_KEPT_INDEX = 'kept-at:';
const FORGET_LIMIT = 100;

/** The key of a copy keyed by its expiry. */
export function timedKeptKey(ref: string, account: string, expiresAt: string): string {
  return `${TIMED_KEPT_PREFIX}${timePart(expiresAt)}|${ref}|${account}`;
}

const legacyKey = (ref: string, account: string) => `${LEGACY_KEPT_PREFIX}${ref}|${account}`;
const indexOf = (s: KeptSecret) => `${LEGACY_KEPT_INDEX}${s.expiresAt}|${s.ref}|${s.account}`;

function timePart(expiresAt: string): string {
  const at = new Date(expiresAt);
  if (Number.isNaN(at.getTime())) throw new RangeError(`kept secret expiry ${expiresAt} is not a date`);
  return encodeTime(at);
}

/**
 * Kept secrets. A copy kept `fresh` (its ref is new: it is never replaced) is one document keyed by its expiry,
 * `keptx:TIME|REF|ACCOUNT`; whoever reads or forgets it gives that expiry back, and a range of those keys up to the
 * cutoff's encoding is exactly the copies expired before it. A replaceable copy (and every copy written by earlier
 * versions) stays `kept:REF|ACCOUNT`, indexed by expiry under `kept-at:TIME|REF|ACCOUNT`, read and purged as before.
 */
export class KeptSecretDocs implements KeptSecretRepository {
  /** Binds to a transaction. */
  constructor(private readonly tx: DocumentTx) {}
  /** The account's copy, if kept: under its expiry when `keyedBy` is given, else under `kept:REF|ACCOUNT` (one read either way). */
  get(ref: string, account: string, keyedBy?: string) {
    return getDoc(this.tx, KeptSecret, keyedBy === undefined ? legacyKey(ref, account) : timedKeptKey(ref, account, keyedBy));
  }
  /** Keeps a copy: a fresh one under its expiry, required absent at commit (not read); else replaces the `kept:` copy and its index entry. */
  async keep(secret: KeptSecret, options?: { readonly fresh?: boolean }) {
    const parsed = KeptSecret.parse(secret);
    if (options?.fresh) {
      const key = timedKeptKey(parsed.ref, parsed.account, parsed.expiresAt);
      if (!this.tx.writes.has(key)) this.tx.require(key, ABSENT);
      this.tx.put(key, parsed, schemaCheck(KeptSecret));
      return parsed.expiresAt;
    }
    const before = await this.get(parsed.ref, parsed.account);
    if (before) this.tx.delete(indexOf(before));
    this.tx.put(legacyKey(parsed.ref, parsed.account), parsed, schemaCheck(KeptSecret));
    this.tx.put(indexOf(parsed), legacyKey(parsed.ref, parsed.account));
    return undefined;
  }
  /** Erases every copy under a ref: those keyed by `keyedBy` when given, and `kept:` ones only when there are none of those. */
  async forget(ref: string, keyedBy?: string) {
    if (keyedBy !== undefined) {
      const prefix = `${TIMED_KEPT_PREFIX}${timePart(keyedBy)}|${ref}|`;
      const rows = await this.tx.range(prefix, prefixEnd(prefix), { limit: FORGET_LIMIT });
      for (const row of rows) this.tx.delete(row.key);
      if (rows.length > 0) return rows.length;
    }
    const prefix = `${LEGACY_KEPT_PREFIX}${ref}|`;
    const rows = await this.tx.range(prefix, prefixEnd(prefix), { limit: FORGET_LIMIT });
    for (const row of rows) {
      this.tx.delete(row.key);
      this.tx.delete(indexOf(decode(KeptSecret, row.key, row.value)));
    }
    return rows.length;
  }
  /** Erases up to `limit` copies that expired before the cutoff: `kept:` ones first, then timed ones, oldest first. */
  async purgeBefore(cutoff: Date, limit: number) {
    return purgeTimed(this.tx, { index: LEGACY_KEPT_INDEX, docKey: (key) => key }, TIMED_KEPT_PREFIX, encodeTime(cutoff), cutoff, limit);
  }
}
