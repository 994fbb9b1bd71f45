import type { Order } from '../../src/domain/order.js';
import type { WalletEntry } from '../../src/domain/wallet.js';
import { benchAccountId, benchProject, benchUser, inBatches, issueVouchers, putAccount, type BenchStore } from './bench-store.js';
import { runLoop, type Measure } from './measure.js';

/** Latency of one command on a project with few and with many past entries. */
export interface HistoryFigures {
  readonly command: string;
  readonly few: Measure;
  readonly many: Measure;
}

/** Gives account `i` `n` finished wallet entries and `n` delivered orders, through the repositories. */
async function growHistory(store: BenchStore, i: number, n: number): Promise<void> {
  const account = benchAccountId(i);
  const project = benchProject(i);
  const base = store.clock.now().getTime() - 365 * 86_400_000;
  await store.uow.run(async (tx) => {
    await putAccount(tx, i, store.clock.now());
    return { commit: true, result: undefined };
  });
  await inBatches(store, 0, n, 2000, (tx, k) => {
    const at = new Date(base + k * 60_000).toISOString();
    const entry: WalletEntry = { id: `C-OLD-${k}`, kind: 'credit', initialMinor: 1000, balanceMinor: 0, currency: 'EUR', createdAt: at, expiresAt: at, state: 'used-up', orderId: null, voucherCode: null, expiredMinor: 0, finishedAt: at };
    tx.wallets.archive({ projectId: project, seq: k, entry });
    const order: Order = {
      id: `ORD-H${i}X${k}`, account, createdAt: at, currency: 'EUR', taxRateBp: 2000, totalExclMinor: 1000, taxMinor: 200, totalInclMinor: 1200,
      lines: [{ kind: 'cloud-credit', description: `Public Cloud credit — ${project}`, serviceId: project, amountMinor: 1000 }],
      state: 'delivered', steps: [{ state: 'awaiting-payment', at }, { state: 'delivered', at }], paidWith: `pm-${i}`,
    };
    tx.orders.put(order);
  });
  await store.uow.run(async (tx) => {
    const wallet = await tx.wallets.get(project);
    tx.wallets.save({ ...wallet!, historyCount: n });
    return { commit: true, result: undefined };
  });
}

/** Measures /credit list, /voucher activate and /orders on a project with `few` and with `many` past entries. */
export async function historyGrowth(store: BenchStore, firstFree: number, few: number, many: number, runs: number): Promise<HistoryFigures[]> {
  const small = firstFree;
  const big = firstFree + 1;
  await growHistory(store, small, few);
  await growHistory(store, big, many);
  await issueVouchers(store, 'HIST', 2 * runs);
  const ok = async (p: Promise<{ tone?: string; code?: string }>) => {
    const r = await p;
    if (r.tone === 'error') throw new Error(`bench: history command failed: ${r.code}`);
  };
  const side = (i: number) => ({ user: benchUser(i), project: benchProject(i) });
  const cases = [
    { command: '/credit list PROJECT', op: (i: number) => (_: number) => ok(store.run(side(i).user, 'credit', `list ${side(i).project}`)) },
    { command: '/voucher activate CODE PROJECT', op: (i: number) => (k: number) => ok(store.run(side(i).user, 'voucher', `activate HIST-${(i === small ? 0 : runs) + k} ${side(i).project}`)) },
    { command: '/orders', op: (i: number) => (_: number) => ok(store.run(side(i).user, 'orders', '')) },
  ];
  const out: HistoryFigures[] = [];
  for (const c of cases) {
    const fewM = await runLoop(runs, 1, c.op(small));
    const manyM = await runLoop(runs, 1, c.op(big));
    out.push({ command: c.command, few: fewM, many: manyM });
  }
  return out;
}
