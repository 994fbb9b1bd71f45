import type { ContactRequest } from './contact-request.js';
import { addDays } from './time.js';

/**
 * How many contact-change requests may name an account as the new contact, so nobody can flood it with token notices:
 * at most `open` open at once (from anyone), and at most `refused` from one requesting account that ended without
 * being applied (refused by either side, locked, or left to expire) within the last `days` days.
 */
export interface ContactRequestLimits {
  readonly open: number;
  readonly refused: number;
  readonly days: number;
}

/** The limits used when none are configured (`GUICHET_CONTACT_REQUEST_LIMITS`). */
export const DEFAULT_CONTACT_REQUEST_LIMITS: ContactRequestLimits = { open: 3, refused: 3, days: 30 };

/** Which limit a new request would break: too many open, or too many recently refused (until when). */
export type RequestLimit = { readonly kind: 'open' } | { readonly kind: 'refused'; readonly until: Date };

const NOT_APPLIED: readonly ContactRequest['state'][] = ['refused', 'locked', 'expired'];

/** True while a request naming the target is open. */
const isOpenState = (r: ContactRequest) => r.state === 'pending' || r.state === 'accepted';

/**
 * The limit a new request from `requester` naming `target` would break, given the requests concerning the target
 * created within the window (any order); undefined when it may be made.
 */
export function requestLimitReached(
  recent: readonly ContactRequest[],
  target: string,
  requester: string,
  now: Date,
  limits: ContactRequestLimits,
): RequestLimit | undefined {
  const naming = recent.filter((r) => r.to === target);
  if (naming.filter(isOpenState).length >= limits.open) return { kind: 'open' };
  const since = addDays(now, -limits.days);
  const ended = naming
    .filter((r) => r.requestedBy === requester && NOT_APPLIED.includes(r.state) && r.settledAt && new Date(r.settledAt) > since)
    .map((r) => new Date(r.settledAt!).getTime())
    .sort((a, b) => a - b);
  if (ended.length < limits.refused) return undefined;
  return { kind: 'refused', until: addDays(new Date(ended[ended.length - limits.refused]!), limits.days) };
}
