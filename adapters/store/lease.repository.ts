import { Lease } from '../../src/domain/lease.js';
import type { LeaseRepository } from '../../src/ports/store.js';
import type { DocumentTx } from './document-tx.js';
import { decode } from './repositories.js';

/** Leases under `lease:NAME` (never exported: they describe running processes, not data). */
export class LeaseDocs implements LeaseRepository {
  /** Binds to a transaction. */
  constructor(private readonly tx: DocumentTx) {}
  /** The lease, if any. */
  async get(name: string) {
    const key = `lease:${name}`;
    const v = await this.tx.get(key);
    return v === undefined ? undefined : decode(Lease, key, v);
  }
  /** Creates or replaces a lease. */
  put(lease: Lease) {
    this.tx.put(`lease:${lease.name}`, Lease.parse(lease));
  }
  /** Removes a lease. */
  remove(name: string) {
    this.tx.delete(`lease:${name}`);
  }
  /** Deletes leases in [prefix, prefix + before), oldest names first. */
  async purge(prefix: string, before: string, limit: number) {
    const rows = await this.tx.range(`lease:${prefix}`, `lease:${prefix}${before}`, { limit });
    for (const row of rows) this.tx.delete(row.key);
    return rows.length;
  }
}
