import { z } from 'zod';
import type { ConnectionRepository, EffectJournal, EffectRecord } from '../../src/ports/store.js';
import type { PendingConnection, StoredConnection } from '../../src/ports/connections.js';
import type { DocumentTx } from './document-tx.js';
import { decode, getDoc, pageOf, purgeIndexed, putDoc } from './repositories.js';

/** A sealed secret as a `SecretBox` writes it (`v1.KEYID.…`): never a secret in clear. */
const Sealed = z.string().regex(/^v\d+\.[0-9a-f]{8,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+$/, 'must be a sealed secret (v1.KEYID.IV.DATA.TAG)');

/** A validated connection as stored and exported (the consumer key sealed). */
export const StoredConnectionDoc = z.object({
  account: z.string().min(1).transform((s) => s.toLowerCase()),
  endpoint: z.string().min(1),
  sealedKey: Sealed,
  state: z.enum(['pending', 'validated']),
  createdAt: z.string(),
  chatUser: z.string().min(1),
});

/** A pending connection as stored (never exported: it lasts minutes). */
export const PendingConnectionDoc = z.object({
  chatUser: z.string().min(1),
  endpoint: z.string().min(1),
  sealedKey: Sealed,
  sealedValidationUrl: Sealed,
  createdAt: z.string(),
  expiresAt: z.string(),
});

/** Validated connections under `conn:ACCOUNT`, pending ones under `conn-pending:CHATUSER`. */
export class ConnectionDocs implements ConnectionRepository {
  /** Binds to a transaction. */
  constructor(private readonly tx: DocumentTx) {}
  /** The account's validated connection. */
  get(account: string): Promise<StoredConnection | undefined> {
    return getDoc(this.tx, StoredConnectionDoc, `conn:${account.toLowerCase()}`);
  }
  /** Creates or replaces a validated connection. */
  put(connection: StoredConnection) {
    putDoc(this.tx, StoredConnectionDoc, `conn:${connection.account.toLowerCase()}`, connection);
  }
  /** Forgets an account's connection. */
  remove(account: string) {
    this.tx.delete(`conn:${account.toLowerCase()}`);
  }
  /** Validated connections, paged. */
  list(after?: string, limit?: number) {
    return pageOf(this.tx, 'conn:', StoredConnectionDoc, after, limit);
  }
  /** The chat user's pending connection. */
  pending(chatUser: string): Promise<PendingConnection | undefined> {
    return getDoc(this.tx, PendingConnectionDoc, `conn-pending:${chatUser}`);
  }
  /** Creates or replaces a pending connection. */
  putPending(connection: PendingConnection) {
    putDoc(this.tx, PendingConnectionDoc, `conn-pending:${connection.chatUser}`, connection);
  }
  /** Forgets a pending connection. */
  removePending(chatUser: string) {
    this.tx.delete(`conn-pending:${chatUser}`);
  }
  /** Pending connections, paged. */
  listPending(after?: string, limit?: number) {
    return pageOf(this.tx, 'conn-pending:', PendingConnectionDoc, after, limit);
  }
}

/** A remote effect's journal entry as stored. */
export const EffectDoc = z.object({
  key: z.string().min(1),
  state: z.enum(['intent', 'done']),
  at: z.string(),
  claim: z.string(),
  leaseUntil: z.string(),
  outcome: z.unknown().optional(),
  doneAt: z.string().optional(),
});

/** Effects under `effect:KEY`, indexed by intent time under `effect-at:AT:KEY` so old ones can be purged. */
export class EffectDocs implements EffectJournal {
  /** Binds to a transaction. */
  constructor(private readonly tx: DocumentTx) {}
  /** The record of a key. */
  async get(key: string): Promise<EffectRecord | undefined> {
    const v = await this.tx.get(`effect:${key}`);
    return v === undefined ? undefined : (decode(EffectDoc, `effect:${key}`, v) as EffectRecord);
  }
  /** Creates or replaces a record; `at` never changes for a key, so its index entry is written once. */
  put(record: EffectRecord) {
    this.tx.put(`effect:${record.key}`, EffectDoc.parse(record));
    this.tx.put(`effect-at:${record.at}:${record.key}`, record.key);
  }
  /** Forgets a record and its index entry. */
  async remove(key: string) {
    const before = await this.get(key);
    if (!before) return;
    this.tx.delete(`effect:${key}`);
    this.tx.delete(`effect-at:${before.at}:${key}`);
  }
  /** Deletes records whose intent is older than the cutoff, oldest first. */
  purgeBefore(cutoff: Date, limit: number) {
    return purgeIndexed(this.tx, 'effect-at:', (key) => `effect:${key}`, cutoff, limit);
  }
}
