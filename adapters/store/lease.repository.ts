import { Lease } from '../../src/domain/lease.js';
import type { LeaseRepository } from '../../src/ports/store.js';
import type { DocumentTx } from './document-tx.js';
import { getDoc, putDoc } from './repositories.js';

/** Leases under `lease:NAME`, ended ones indexed by end time under `lease-end:UNTIL:NAME` (never exported: they describe running processes, not data). */
export class LeaseDocs implements LeaseRepository {
  /** Binds to a transaction. */
  constructor(private readonly tx: DocumentTx) {}
  /** The lease, if any. */
  get(name: string) {
    return getDoc(this.tx, Lease, `lease:${name}`);
  }
  /** Creates or replaces a lease (an ended one is indexed by its end, for the purge). */
  put(lease: Lease) {
    putDoc(this.tx, Lease, `lease:${lease.name}`, lease);
    if (lease.state !== 'held') this.tx.put(`lease-end:${lease.until}:${lease.name}`, lease.name);
  }
  /** Removes a lease. */
  remove(name: string) {
    this.tx.delete(`lease:${name}`);
  }
  /** Deletes leases that ended (done or released) before `before`, oldest first; index entries of leases taken again since just go. */
  async purgeEnded(before: Date, limit: number) {
    const rows = await this.tx.range('lease-end:', `lease-end:${before.toISOString()}`, { limit });
    let purged = 0;
    for (const row of rows) {
      this.tx.delete(row.key);
      const lease = await this.get(String(row.value));
      if (lease && lease.state !== 'held' && new Date(lease.until) < before) {
        this.tx.delete(`lease:${lease.name}`);
        purged += 1;
      }
    }
    return purged;
  }
}
