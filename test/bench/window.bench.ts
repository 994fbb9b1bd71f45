import { DEFAULT_CORE_CONFIG } from '../../src/core/config.js';
import { buildJobRunner } from '../../src/jobs/index.js';
import { putService } from '../../src/flows/schedule.js';
import { silentLogger } from '../../src/ports/logger.js';
import { noMetrics } from '../../src/ports/metrics.js';
import { acceptingNotifier, BENCH_START, type BenchStore } from './bench-store.js';
import { quantile } from './measure.js';

/** The window a kill repeats a reminder in: from the platform accepting a post to its mark being committed. */
export interface WindowFigures {
  readonly reminders: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Time per reminder in the run (claim + compose + post + mark). */
  readonly perReminderMs: number;
  /** Share of a sweep's time inside the window: the chance that a kill during a sweep repeats one post. */
  readonly share: number;
}

const DAY = 86_400_000;

/** Posts `n` renewal reminders (one channel each) on the store and measures the window of each. */
export async function markWindow(store: BenchStore, n: number): Promise<WindowFigures> {
  const now = new Date(BENCH_START);
  await store.uow.run(async (tx) => {
    tx.accounts.put({ id: 'window-acct', name: '', subsidiary: 'FR', currency: 'EUR', locale: 'en', email: null, backupEmail: null, twoFactor: false, closedAt: null, paymentMethods: [] });
    tx.reminders.subscribe({ account: 'window-acct', channel: 'slack:T1/C-WINDOW', types: ['renewal'], by: 'bench', at: now.toISOString() });
    for (let k = 0; k < n; k++) {
      await putService(tx, {
        id: `win-${k}`, kind: 'vps', displayName: '', owner: 'window-acct', contacts: { admin: 'window-acct', billing: 'window-acct', tech: 'window-acct' },
        state: 'active', createdAt: now.toISOString(), deletedAt: null,
        renewal: { expiresAt: new Date(now.getTime() + 10 * DAY).toISOString(), periodMonths: 1, mode: 'manual', cancelReason: null, priceMinor: 500 },
      });
    }
    return { commit: true, result: undefined };
  });
  const windows: number[] = [];
  const metrics = { ...noMetrics, reminderMarkWindow: (s: number) => void windows.push(s * 1000) };
  const runner = buildJobRunner({ store: store.uow, notifier: acceptingNotifier, config: DEFAULT_CORE_CONFIG, logger: silentLogger, metrics });
  const t = performance.now();
  await runner.runNow(new Date(now.getTime() + 60_000));
  const ms = performance.now() - t;
  const sorted = windows.sort((a, b) => a - b);
  const sum = sorted.reduce((a, b) => a + b, 0);
  return { reminders: sorted.length, p50Ms: quantile(sorted, 0.5), p99Ms: quantile(sorted, 0.99), perReminderMs: ms / Math.max(1, sorted.length), share: sum / ms };
}
