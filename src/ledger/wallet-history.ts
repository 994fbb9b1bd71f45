import type { WalletEntry } from '../domain/wallet.js';
import { openingBalances, pointsFrom, type BalanceChange } from '../flows/credit-history.js';
import type { WalletBook } from '../flows/wallet-book.js';
import type { ConsumptionPoint, CreditHistory } from '../ports/provider.js';
import type { Tx } from '../ports/store.js';

const CHUNK = 200;
/** Finished entries read at most (a project's history is small; this bounds a read of a damaged one). */
const MAX_FINISHED = 5_000;

/** The changes an entry made after `from`: its addition and the balance it lost at expiry. */
function entryChanges(e: WalletEntry, from: string): BalanceChange[] {
  const out: BalanceChange[] = [];
  if (e.createdAt > from) out.push({ at: e.createdAt, kind: e.kind, deltaMinor: e.initialMinor });
  if (e.state === 'expired' && e.expiredMinor > 0 && e.finishedAt && e.finishedAt > from) out.push({ at: e.finishedAt, kind: e.kind, deltaMinor: -e.expiredMinor });
  return out;
}

/**
 * A project's balances and consumption since `from`, read back from the ledger: the balances now, less what was added
 * since, plus what was used or lost since, give the balances at `from`; each change then gives the next point.
 */
export async function ledgerHistory(tx: Tx, book: WalletBook, from: Date): Promise<CreditHistory> {
  const w = book.wallet;
  const since = from.toISOString();
  const changes: BalanceChange[] = [];
  const consumption: ConsumptionPoint[] = [];
  for (const e of [...w.entries, ...book.pendingFinished]) changes.push(...entryChanges(e, since));
  // Finished entries are numbered in the order they were filed, not by date: read them all (bounded).
  for (let to = w.historyCount; to > 0 && w.historyCount - to < MAX_FINISHED; to -= CHUNK) {
    for (const r of await tx.wallets.history(w.projectId, Math.max(0, to - CHUNK), to)) changes.push(...entryChanges(r.entry, since));
  }
  // Movements are numbered in time order: read back, newest first, until one is older than `from`.
  let older = false;
  for (let to = w.movementCount; to > 0 && !older; to -= CHUNK) {
    for (const { movement: m } of await tx.wallets.movements(w.projectId, Math.max(0, to - CHUNK), to)) {
      if (m.at <= since) {
        older = true;
        continue;
      }
      consumption.push({ at: m.at, amountMinor: m.amountMinor });
      for (const p of m.paidFrom) changes.push({ at: m.at, kind: p.kind, deltaMinor: -p.amountMinor });
    }
  }
  const now = { credit: 0, voucher: 0 };
  for (const e of w.entries) if (e.state === 'active') now[e.kind] += e.balanceMinor;
  return { currency: w.currency, balances: pointsFrom(since, openingBalances(now, changes), changes), consumption: consumption.sort((a, b) => a.at.localeCompare(b.at)) };
}
