import { z } from 'zod';

/**
 * A lease kept in the store: who holds a named piece of work (a job schedule slot, a reminder being posted,
 * the Discord gateway) and until when. `done` is kept so the same slot never runs twice; `released` hands it
 * over at once; a `held` lease whose `until` has passed lapsed (its holder died) and may be taken over.
 */
export const Lease = z.object({
  name: z.string(),
  holder: z.string(),
  since: z.string(),
  until: z.string(),
  state: z.enum(['held', 'done', 'released']),
});
/** A lease kept in the store. */
export type Lease = z.infer<typeof Lease>;

/** True when `holder` may take the lease now: absent, released, lapsed, or already its own (never once done). */
export function mayTake(lease: Lease | undefined, holder: string, now: Date): boolean {
  if (!lease) return true;
  if (lease.state === 'done') return false;
  if (lease.state === 'released' || lease.holder === holder) return true;
  return new Date(lease.until) <= now;
}

/** True while `holder` holds the lease (held, its own, not lapsed). */
export function holds(lease: Lease | undefined, holder: string, now: Date): boolean {
  return lease !== undefined && lease.state === 'held' && lease.holder === holder && new Date(lease.until) > now;
}
