import { PresenceLease } from '../../src/domain/records.js';
import type { PresenceRepository } from '../../src/ports/store.js';
import { type DocumentTx, prefixEnd } from './document-tx.js';
import { decode } from './repositories.js';

const PREFIX = 'presence:';

/** Leases under `presence:ROLE:ID`, one document per process, so a process only ever writes its own. */
export class PresenceDocs implements PresenceRepository {
  /** Binds to a transaction. */
  constructor(private readonly tx: DocumentTx) {}
  /** Every lease; a range scan, which reads the storage itself on every engine. */
  async list() {
    const rows = await this.tx.range(PREFIX, prefixEnd(PREFIX), { limit: 1000 });
    return rows.map((r) => decode(PresenceLease, r.key, r.value));
  }
  /** Creates or renews a lease. */
  put(lease: PresenceLease) {
    this.tx.put(`${PREFIX}${lease.role}:${lease.id}`, PresenceLease.parse(lease));
  }
  /** Removes a lease. */
  remove(lease: Pick<PresenceLease, 'id' | 'role'>) {
    this.tx.delete(`${PREFIX}${lease.role}:${lease.id}`);
  }
}
