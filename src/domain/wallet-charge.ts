import { byUsage, type Movement, type PaidPart, type Wallet, type WalletChange, type WalletEntry } from './wallet.js';

/** How the rest of a charge, after the entries, is paid. */
export interface ChargeMethod {
  readonly id: string;
}

/**
 * Charges consumption to the wallet (call `expireEntries` first): vouchers first, then credit, each
 * soonest expiring first, then the payment method for the rest (the billing contact's, `meta.billedTo`), else the rest
 * stays unpaid.
 */
export function chargeConsumption(
  wallet: Wallet,
  amountMinor: number,
  now: Date,
  method: ChargeMethod | undefined,
  meta: { id: string; by: string; billedTo?: string },
): WalletChange & { movement: Movement } {
  let left = amountMinor;
  const paidFrom: PaidPart[] = [];
  const finished: WalletEntry[] = [];
  const keep: WalletEntry[] = [];
  for (const e of [...wallet.entries].sort(byUsage)) {
    const take = Math.min(left, e.balanceMinor);
    if (take <= 0) {
      keep.push(e);
      continue;
    }
    left -= take;
    paidFrom.push({ entryId: e.id, kind: e.kind, amountMinor: take });
    const after = { ...e, balanceMinor: e.balanceMinor - take };
    if (after.balanceMinor === 0) finished.push({ ...after, state: 'used-up', finishedAt: now.toISOString() });
    else keep.push(after);
  }
  const byMethod = method ? left : 0;
  const unpaid = left - byMethod;
  const used = amountMinor - left;
  const movement: Movement = {
    id: meta.id,
    at: now.toISOString(),
    amountMinor,
    paidFrom,
    paidByMethodMinor: byMethod,
    paymentMethod: byMethod > 0 && method ? method.id : null,
    unpaidMinor: unpaid,
    by: meta.by,
    billedTo: meta.billedTo ?? null,
  };
  const t = wallet.totals;
  const totals = {
    ...t,
    usedMinor: t.usedMinor + used,
    consumedMinor: t.consumedMinor + amountMinor,
    paidByMethodMinor: t.paidByMethodMinor + byMethod,
    unpaidMinor: t.unpaidMinor + unpaid,
  };
  return { wallet: { ...wallet, entries: keep, totals }, finished, movement };
}
