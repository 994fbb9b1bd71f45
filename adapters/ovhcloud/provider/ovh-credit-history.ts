import type { EntryKind } from '../../../src/domain/wallet.js';
import { pointsFrom, type BalanceChange } from '../../../src/flows/credit-history.js';
import type { ConsumptionPoint, CreditHistory } from '../../../src/ports/provider.js';
import { toMinorUnits } from '../operations/common.js';
import type { BalanceMovement, CreditBalance } from '../operations/credit.ops.js';

/** Movement types that take from a balance (the API's amounts are read unsigned; these subtract). */
const DEBITS: ReadonlySet<BalanceMovement['type']> = new Set(['USE', 'EXPIRE', 'CANCEL', 'UNPAID']);

/** Whether a movement concerns the project: it names the project (its service name) as what it came from or went to. */
export function concernsProject(m: BalanceMovement, serviceName: string): boolean {
  return [m.sourceObject, m.destinationObject].some((o) => o !== null && (o.id === serviceName || o.name === serviceName));
}

/** Which kind of balance an account balance is, for the chart: voucher balances apart, every other one as credit. */
export function kindOfBalance(b: CreditBalance): EntryKind {
  return b.type === 'VOUCHER' ? 'voucher' : 'credit';
}

/**
 * A project's credit history from the account's credit balance movements: the project's balances are the sum of the
 * movements naming it (so all of them are read, not only those since `from`); `USE` movements are its consumption.
 */
export function historyFromMovements(balances: readonly { balance: CreditBalance; movements: readonly BalanceMovement[] }[], serviceName: string, from: Date, currency: string): CreditHistory {
  const since = from.toISOString();
  const opening: Record<EntryKind, number> = { credit: 0, voucher: 0 };
  const changes: BalanceChange[] = [];
  const consumption: ConsumptionPoint[] = [];
  for (const { balance, movements } of balances) {
    const kind = kindOfBalance(balance);
    for (const m of movements) {
      if (!concernsProject(m, serviceName)) continue;
      const at = new Date(m.creationDate).toISOString();
      const minor = Math.abs(toMinorUnits(m.amount));
      const deltaMinor = DEBITS.has(m.type) ? -minor : minor;
      if (at <= since) {
        opening[kind] += deltaMinor;
        continue;
      }
      changes.push({ at, kind, deltaMinor });
      if (m.type === 'USE') consumption.push({ at, amountMinor: minor });
    }
  }
  const first = balances[0]?.balance.amount.currencyCode;
  return {
    currency: first && first !== 'N/A' && first !== 'points' ? first : currency,
    balances: pointsFrom(since, opening, changes),
    consumption: consumption.sort((a, b) => a.at.localeCompare(b.at)),
  };
}
