import { holds, mayTake, type Lease } from '../domain/lease.js';
import type { UnitOfWork } from '../ports/store.js';

/**
 * Leases through the unit of work: each operation reads the lease and writes it in one validated commit, so
 * when two processes race for the same name exactly one commit wins (the other is re-run and sees the winner).
 */
export class Leases {
  /** Works on the given store, as `holder` (one per process). */
  constructor(private readonly store: UnitOfWork, readonly holder: string) {}

  /** Takes the lease for `ttlMs` if it is free, released, lapsed or already ours; false when another holds it or it is done. */
  acquire(name: string, now: Date, ttlMs: number): Promise<boolean> {
    return this.store.run(async (tx) => {
      const current = await tx.leases.get(name);
      if (!mayTake(current, this.holder, now)) return { commit: false, result: false };
      const since = current?.holder === this.holder && current.state === 'held' ? current.since : now.toISOString();
      tx.leases.put({ name, holder: this.holder, since, until: new Date(now.getTime() + ttlMs).toISOString(), state: 'held' });
      return { commit: true, result: true };
    });
  }

  /** Extends our lease by `ttlMs` from now; false when it is no longer ours (it lapsed and was taken over). */
  renew(name: string, now: Date, ttlMs: number): Promise<boolean> {
    return this.store.run(async (tx) => {
      const current = await tx.leases.get(name);
      if (!current || current.holder !== this.holder || current.state !== 'held') return { commit: false, result: false };
      tx.leases.put({ ...current, until: new Date(now.getTime() + ttlMs).toISOString() });
      return { commit: true, result: true };
    });
  }

  /** Ends our lease: `done` keeps it (the work never runs again), `released` hands it over at once. No-op when not ours. */
  settle(name: string, now: Date, state: 'done' | 'released'): Promise<boolean> {
    return this.store.run(async (tx) => {
      const current = await tx.leases.get(name);
      if (!current || current.holder !== this.holder || current.state !== 'held') return { commit: false, result: false };
      tx.leases.put({ ...current, state, until: now.toISOString() });
      return { commit: true, result: true };
    });
  }

  /** The lease as it is in the store. */
  read(name: string): Promise<Lease | undefined> {
    return this.store.run(async (tx) => ({ commit: false, result: await tx.leases.get(name) }));
  }

  /** True while we hold the lease. */
  async held(name: string, now: Date): Promise<boolean> {
    return holds(await this.read(name), this.holder, now);
  }
}
