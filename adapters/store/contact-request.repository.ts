import { ContactRequest, isOpen, normaliseRequestId, type ChangeableRole } from '../../src/domain/contact-request.js';
import type { ContactRequestRepository, Page } from '../../src/ports/store.js';
import { type DocumentTx, prefixEnd } from './document-tx.js';
import { ABSENT } from './engine.js';
import { getDoc, presentDocs, putDoc } from './repositories.js';

/**
 * Requests under `creq:ID`; indexed under `creq-by-acct:ACCOUNT:CREATED:ID` for each concerned account,
 * and `creq-open:SERVICE:ROLE` → ID while a request is open (at most one per service and role).
 * `creq-target:ACCOUNT` counts the openings that claimed the account as target (`claimTarget`); absent in older stores.
 */
export class ContactRequestDocs implements ContactRequestRepository {
  /** The account index keys of the requests this transaction read as existing: those entries exist (the commit checks the requests did not change). */
  readonly #indexed = new Set<string>();
  /** Binds to a transaction. */
  constructor(private readonly tx: DocumentTx) {}

  /** The request, if any. */
  async get(id: string) {
    const request = await getDoc(this.tx, ContactRequest, `creq:${normaliseRequestId(id)}`);
    if (request) for (const key of byAccountKeys(request)) this.#indexed.add(key);
    return request;
  }

  /** Creates or replaces a request; its accounts, service, role and creation time never change, so neither do its account index entries (written with its first version). */
  async put(request: ContactRequest) {
    // The ID is not normalised by the schema: the key is the ID validated.
    const doc = putDoc(this.tx, ContactRequest, `creq:${request.id}`, request);
    for (const key of byAccountKeys(doc)) if (!this.#indexed.has(key)) this.tx.put(key, doc.id);
    const openKey = `creq-open:${doc.serviceId}:${doc.role}`;
    if (isOpen(doc)) this.tx.put(openKey, doc.id);
    else if ((await this.tx.get(openKey)) === doc.id) this.tx.delete(openKey);
  }

  /** Creates a request whose ID must be new: the commit requires that no request has it. */
  async create(request: ContactRequest) {
    this.tx.require(`creq:${request.id}`, ABSENT);
    await this.put(request);
  }

  /** The open request on a service and role, if any. */
  async openFor(serviceId: string, role: ChangeableRole) {
    const id = await this.tx.get(`creq-open:${serviceId}:${role}`);
    if (typeof id !== 'string') return undefined;
    const found = await this.get(id);
    return found && isOpen(found) ? found : undefined;
  }

  /** The account's requests, newest first; `after` is the index key suffix returned as `next`. */
  async listForAccount(accountId: string, after?: string, limit = 20): Promise<Page<ContactRequest>> {
    const prefix = `creq-by-acct:${accountId}:`;
    const to = after === undefined ? prefixEnd(prefix) : `${prefix}${after}`;
    const rows = await this.tx.range(prefix, to, { limit: limit + 1, reverse: true });
    const page = rows.slice(0, limit);
    const items = await presentDocs(this.tx, ContactRequest, page.map((r) => `creq:${normaliseRequestId(String(r.value))}`));
    const last = page[page.length - 1];
    return rows.length > limit && last ? { items, next: last.key.slice(prefix.length) } : { items };
  }

  /**
   * Reads the account's target guard by key (its version, or its absence, is checked at commit) and writes it back
   * counted once more: of two units of work claiming it, the second to commit fails and re-runs. A scan's result is
   * not checked at commit, so the guard stands for the index of requests naming the account; it must be read before
   * that index is scanned (a guard read after the scan could already see a rival's commit the scan missed).
   */
  async claimTarget(accountId: string) {
    const key = `creq-target:${accountId}`;
    const claims = await this.tx.get(key);
    this.tx.put(key, (typeof claims === 'number' ? claims : 0) + 1);
  }
}

/** The keys of a request's entries in the index of each account it concerns. */
function byAccountKeys(request: ContactRequest): string[] {
  return [...new Set([request.from, request.to, request.requestedBy])].map((account) => `creq-by-acct:${account}:${request.createdAt}:${request.id}`);
}
