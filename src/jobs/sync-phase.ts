import type { CoreConfig } from '../core/config.js';
import type { Logger } from '../ports/logger.js';
import type { DueEntry, UnitOfWork } from '../ports/store.js';
import type { JobRegistry, SyncContext, SyncHandler } from './job-registry.js';
import type { ReportBuilder } from './job-report.js';

/** What the sync phase needs from the runner. */
export interface SyncPhaseDeps {
  readonly registry: JobRegistry;
  readonly store: UnitOfWork;
  readonly config: CoreConfig;
  readonly logger: Logger;
}

/**
 * The first phase of a run: prepares every sync handler, then hands it its due entries (at most `perRun` each,
 * once per ref), outside any unit of work. A handler that fails is logged and counted; its entry stays due for
 * the next run, and the run goes on. `eachDue` reads the due entries of the phase (the runner's paging).
 */
export async function runSyncPhase(deps: SyncPhaseDeps, now: Date, report: ReportBuilder, eachDue: (handle: (e: DueEntry) => Promise<void>) => Promise<void>): Promise<void> {
  const handlers = deps.registry.syncHandlers;
  if (handlers.length === 0) return;
  const ctx: SyncContext = { now, config: deps.config, store: deps.store, logger: deps.logger };
  const ready = new Set<SyncHandler>();
  for (const h of handlers) {
    try {
      await h.prepare?.(ctx);
      ready.add(h);
    } catch (error) {
      report.count('errors');
      deps.logger.error({ err: error instanceof Error ? error.message : String(error) }, 'sync not prepared; retried next run');
    }
  }
  const handled = new Map<SyncHandler, number>();
  const refs = new Set<string>();
  await eachDue(async (entry) => {
    const h = deps.registry.get(entry.kind);
    if (h?.phase !== 'sync' || !ready.has(h.handler)) return;
    const n = handled.get(h.handler) ?? 0;
    // Once per ref and run: an entry moved to a time still due (a failure retried) waits for the next run.
    if (n >= h.handler.perRun || refs.has(`${entry.kind}|${entry.ref}`)) return;
    handled.set(h.handler, n + 1);
    refs.add(`${entry.kind}|${entry.ref}`);
    try {
      const result = await h.handler.run(entry, ctx);
      report.count(result.outcome);
      report.touched(result.accounts);
      for (const [k, v] of Object.entries(result.counts ?? {})) if (v) report.count(k, v);
      if (result.line) report.line(result.line);
    } catch (error) {
      report.count('errors');
      deps.logger.error({ kind: entry.kind, ref: entry.ref, err: error instanceof Error ? error.message : String(error) }, 'sync failed; retried next run');
    }
  });
}
