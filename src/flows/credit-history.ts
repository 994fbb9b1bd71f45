import type { EntryKind } from '../domain/wallet.js';
import type { BalancePoint } from '../ports/provider.js';

/** A change of one kind of balance (credit or vouchers) at an instant, in minor units. */
export interface BalanceChange {
  readonly at: string;
  readonly kind: EntryKind;
  readonly deltaMinor: number;
}

/** The balances at `since`, then one point per instant where something changed (changes at one instant merged). */
export function pointsFrom(since: string, opening: Readonly<Record<EntryKind, number>>, changes: readonly BalanceChange[]): BalancePoint[] {
  const points: BalancePoint[] = [{ at: since, creditMinor: opening.credit, voucherMinor: opening.voucher }];
  const running = { ...opening };
  for (const c of [...changes].sort((a, b) => a.at.localeCompare(b.at))) {
    running[c.kind] += c.deltaMinor;
    const point = { at: c.at, creditMinor: running.credit, voucherMinor: running.voucher };
    if (points[points.length - 1]!.at === c.at) points[points.length - 1] = point;
    else points.push(point);
  }
  return points;
}

/** The balances at `since` given those now and the changes made after `since`. */
export function openingBalances(now: Readonly<Record<EntryKind, number>>, changes: readonly BalanceChange[]): Record<EntryKind, number> {
  const opening = { ...now };
  for (const c of changes) opening[c.kind] -= c.deltaMinor;
  return opening;
}
