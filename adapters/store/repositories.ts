import type { z } from 'zod';
import { Account } from '../../src/domain/account.js';
import { AuditEntry, ServiceMail } from '../../src/domain/records.js';
import type {
  AccountRepository,
  AuditLog,
  Page,
  ServiceMailLog,
} from '../../src/ports/store.js';
import { type DocumentTx, prefixEnd } from './document-tx.js';
import type { Check } from './engine.js';

const PAGE = 100;

/** Validates a document read back from the store; a bad one is a bug, reported with its key. */
export function decode<S extends z.ZodType>(schema: S, key: string, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new Error(`corrupt document ${key}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

/** One `decode` function per schema (the engine remembers which documents passed it). */
const checks = new WeakMap<z.ZodType, Check>();

/** The `decode` of a schema, as a check the transaction and the engine know again. */
export function schemaCheck(schema: z.ZodType): Check {
  let check = checks.get(schema);
  if (!check) {
    check = (key, value) => decode(schema, key, value);
    checks.set(schema, check);
  }
  return check;
}

/** Reads one document and validates it (see `decode`; once per version the engine keeps); undefined when the key is absent. */
export async function getDoc<S extends z.ZodType>(tx: DocumentTx, schema: S, key: string): Promise<z.output<S> | undefined> {
  return (await tx.get(key, schemaCheck(schema))) as z.output<S> | undefined;
}

/** Validates a document and writes it (a read through `getDoc` with the same schema need not validate it again); returns what was written. */
export function putDoc<S extends z.ZodType>(tx: DocumentTx, schema: S, key: string, doc: z.input<S>): z.output<S> {
  const parsed = schema.parse(doc);
  tx.put(key, parsed, schemaCheck(schema));
  return parsed;
}

/** Reads documents by key in one round trip at most and validates them (as `getDoc`); `undefined` where a key is absent. */
export async function getDocs<S extends z.ZodType>(tx: DocumentTx, schema: S, keys: readonly string[]): Promise<(z.output<S> | undefined)[]> {
  return (await tx.getMany(keys, schemaCheck(schema))) as (z.output<S> | undefined)[];
}

/** The documents of `keys` that exist, in the order of `keys`, read in one round trip at most (see `getDocs`). */
export async function presentDocs<S extends z.ZodType>(tx: DocumentTx, schema: S, keys: readonly string[]): Promise<z.output<S>[]> {
  return (await getDocs(tx, schema, keys)).filter((doc): doc is z.output<S> => doc !== undefined);
}

/**
 * Deletes, oldest first, the entries of a time index (`INDEX` + time + …) older than the cutoff and the documents
 * they point at (`docKey` of the entry's value); returns how many entries.
 */
export async function purgeIndexed(tx: DocumentTx, index: string, docKey: (value: string) => string, cutoff: Date, limit: number): Promise<number> {
  const rows = await tx.range(index, `${index}${cutoff.toISOString()}`, { limit });
  for (const row of rows) {
    tx.delete(row.key);
    tx.delete(docKey(String(row.value)));
  }
  return rows.length;
}

/**
 * Deletes up to `limit` documents made before the cutoff where a collection changed shape: those of earlier versions
 * through their time index (`purgeIndexed`) first, then the documents whose key carries their time, keys of `prefix`
 * below `prefix + bound` (`bound` encodes the cutoff as those keys do). Returns how many documents went.
 */
export async function purgeTimed(
  tx: DocumentTx,
  legacy: { readonly index: string; readonly docKey: (value: string) => string },
  prefix: string,
  bound: string,
  cutoff: Date,
  limit: number,
): Promise<number> {
  const old = await purgeIndexed(tx, legacy.index, legacy.docKey, cutoff, limit);
  if (old >= limit) return old;
  const rows = await tx.range(prefix, `${prefix}${bound}`, { limit: limit - old });
  for (const row of rows) tx.delete(row.key);
  return old + rows.length;
}

/** Reads a page of documents under a prefix, after a cursor (the last ID of the previous page). */
export async function pageOf<S extends z.ZodType>(
  tx: DocumentTx,
  prefix: string,
  schema: S,
  after: string | undefined,
  limit = PAGE,
): Promise<Page<z.output<S>>> {
  const from = after === undefined ? prefix : `${prefix}${after}\u0000`;
  const rows = await tx.range(from, prefixEnd(prefix), { limit: limit + 1 });
  const items = rows.slice(0, limit).map((r) => decode(schema, r.key, r.value));
  const last = rows[limit - 1];
  return rows.length > limit && last ? { items, next: last.key.slice(prefix.length) } : { items };
}

/** Accounts under `acct:ID`. */
export class AccountDocs implements AccountRepository {
  /** Binds to a transaction. */
  constructor(private readonly tx: DocumentTx) {}
  /** The account, if it exists. */
  get(id: string) {
    return getDoc(this.tx, Account, `acct:${id.toLowerCase()}`);
  }
  /** Creates or replaces an account. */
  put(account: Account) {
    putDoc(this.tx, Account, `acct:${account.id}`, account);
  }
  /** Accounts in ID order, paged. */
  list(after?: string, limit?: number) {
    return pageOf(this.tx, 'acct:', Account, after, limit);
  }
}

/** Audit entries under `audit:TIME:ID`, never rewritten. */
export class AuditDocs implements AuditLog {
  /** Binds to a transaction. */
  constructor(private readonly tx: DocumentTx) {}
  /** Appends an entry. */
  append(entry: AuditEntry) {
    this.tx.put(`audit:${entry.at}:${entry.id}`, AuditEntry.parse(entry));
  }
  /** Latest entries, newest first. */
  async latest(limit: number) {
    const rows = await this.tx.range('audit:', prefixEnd('audit:'), { limit, reverse: true });
    return rows.map((r) => decode(AuditEntry, r.key, r.value));
  }
}

/** Service mails under `mail:ACCOUNT:TIME:ID`. */
export class ServiceMailDocs implements ServiceMailLog {
  /** Binds to a transaction. */
  constructor(private readonly tx: DocumentTx) {}
  /** Keeps a notice. */
  append(mail: ServiceMail) {
    this.tx.put(`mail:${mail.account}:${mail.at}:${mail.id}`, ServiceMail.parse(mail));
  }
  /** Latest notices of an account, newest first. */
  async latest(accountId: string, limit: number) {
    const prefix = `mail:${accountId}:`;
    const rows = await this.tx.range(prefix, prefixEnd(prefix), { limit, reverse: true });
    return rows.map((r) => decode(ServiceMail, r.key, r.value));
  }
}

export { ActionDocs } from './action.repository.js';
export { ChatLinkDocs } from './chat-link.repository.js';
export { ServiceDocs } from './service.repository.js';
export { InvocationDocs, LimitDocs } from './invocation.repository.js';
