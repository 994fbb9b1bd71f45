import { z } from 'zod';
import { Instant } from '../../src/domain/instant.js';
import { contactAccounts, RenewalMode, Service, summaryOf, type ServiceSummary } from '../../src/domain/service.js';
import type { Page, ServiceRepository } from '../../src/ports/store.js';
import { type DocumentTx, prefixEnd } from './document-tx.js';
import { decode, getDoc, pageOf, presentDocs, putDoc } from './repositories.js';

const PAGE = 100;

/**
 * The value of a contact index entry `svc-by-contact:ACCOUNT:ID`: the service's summary (what `/renew status` shows),
 * written with the service in the same transaction whenever it changes. Stores written before it hold `1` there.
 */
const ContactEntry = z.object({
  state: Service.shape.state,
  renewal: z.object({ expiresAt: Instant, mode: RenewalMode }).nullable(),
});
type ContactEntry = z.infer<typeof ContactEntry>;

/** The index entry of a service (its summary without the ID, which is in the key). */
function entryOf(service: Service): ContactEntry {
  const { state, renewal } = summaryOf(service);
  return { state, renewal };
}

const sameEntry = (a: ContactEntry, b: ContactEntry) =>
  a.state === b.state && a.renewal?.expiresAt === b.renewal?.expiresAt && a.renewal?.mode === b.renewal?.mode;

/**
 * Services under `svc:ID`, indexed by contact under `svc-by-contact:ACCOUNT:ID`; each index entry holds the service's
 * summary, so a list of summaries is one scan and reads no service. An entry written before summaries existed (`1`)
 * is answered from its service, and gets the summary at the service's next change of state, mode or expiry.
 */
export class ServiceDocs implements ServiceRepository {
  /** Binds to a transaction. */
  constructor(private readonly tx: DocumentTx) {}
  /** The service, if it exists. */
  get(id: string) {
    return getDoc(this.tx, Service, `svc:${id}`);
  }
  /** Creates or replaces a service and keeps its contact index entries (and their summaries) in step. */
  async put(service: Service) {
    const before = await this.get(service.id);
    const was = before ? contactAccounts(before) : [];
    const now = contactAccounts(service);
    const entry = entryOf(service);
    const moved = !before || !sameEntry(entryOf(before), entry);
    for (const a of was) if (!now.includes(a)) this.tx.delete(`svc-by-contact:${a}:${service.id}`);
    for (const a of now) if (moved || !was.includes(a)) this.tx.put(`svc-by-contact:${a}:${service.id}`, entry);
    putDoc(this.tx, Service, `svc:${service.id}`, service);
  }
  /** Services the account is a contact of, paged. */
  async listForContact(accountId: string, after?: string, limit = PAGE): Promise<Page<Service>> {
    const prefix = `svc-by-contact:${accountId}:`;
    const from = after === undefined ? prefix : `${prefix}${after}\u0000`;
    const rows = await this.tx.range(from, prefixEnd(prefix), { limit: limit + 1 });
    const ids = rows.slice(0, limit).map((r) => r.key.slice(prefix.length));
    const items = await presentDocs(this.tx, Service, ids.map((id) => `svc:${id}`));
    return rows.length > limit ? { items, next: ids[ids.length - 1] } : { items };
  }
  /** Summaries of the first `limit` services the account is a contact of: one scan of its index (entries without a summary: their services, in one read). */
  async summariesForContact(accountId: string, limit: number): Promise<ServiceSummary[]> {
    const prefix = `svc-by-contact:${accountId}:`;
    const rows = await this.tx.range(prefix, prefixEnd(prefix), { limit });
    const ids = rows.map((row) => row.key.slice(prefix.length));
    // An entry written before summaries existed holds `1`: its service answers.
    const out = rows.map((row, i): ServiceSummary | undefined =>
      typeof row.value === 'object' && row.value !== null ? { id: ids[i]!, ...decode(ContactEntry, row.key, row.value) } : undefined);
    const older = ids.filter((_, i) => out[i] === undefined);
    if (older.length === 0) return out as ServiceSummary[];
    const services = await presentDocs(this.tx, Service, older.map((id) => `svc:${id}`));
    const byId = new Map(services.map((s) => [s.id, summaryOf(s)]));
    return out.map((s, i) => s ?? byId.get(ids[i]!)).filter((s): s is ServiceSummary => s !== undefined);
  }
  /** All services, paged. */
  list(after?: string, limit?: number) {
    return pageOf(this.tx, 'svc:', Service, after, limit);
  }
}
