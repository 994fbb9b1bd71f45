import type { Clock } from '../../src/ports/clock.js';
import type { Metrics } from '../../src/ports/metrics.js';
import { seedDemo, type DemoSeeder } from '../../src/demo/demo-data.js';
import { KeyvPostgresEngine } from './keyv-postgres.engine.js';
import { KeyvSqliteEngine } from './keyv-sqlite.engine.js';
import type { SqlEngine } from './sql-engine.js';
import { DocumentUnitOfWork } from './unit-of-work.js';
import type { UnitOfWork } from '../../src/ports/store.js';

/** An opened store: the unit of work the core uses, and the engine beneath it. */
export interface OpenedStore {
  readonly uow: DocumentUnitOfWork;
  readonly engine: SqlEngine;
  /** True when the demo data was loaded into an empty store at this start. */
  seeded: boolean;
}

/** Opens the engine a `GUICHET_STORE` URI names: `postgres://…` (or `postgresql://…`) or `sqlite://FILE`. */
export function openEngine(uri: string): Promise<SqlEngine> {
  return /^postgres(ql)?:\/\//.test(uri) ? KeyvPostgresEngine.open({ uri }) : KeyvSqliteEngine.open({ uri });
}

/** Opens the store and, when asked and the store is empty, loads the demo data. */
export async function openStore(uri: string, clock: Clock, options: { demo: boolean; metrics?: Metrics }): Promise<OpenedStore> {
  const engine = await openEngine(uri);
  const uow = new DocumentUnitOfWork(engine, options.metrics);
  const seeded = options.demo ? await seedDemoIfEmpty(uow, clock) : false;
  return { uow, engine, seeded };
}

/** Loads the demo data (and `extras`) when the store has no account; true when it did. */
export function seedDemoIfEmpty(uow: UnitOfWork, clock: Clock, extras: readonly DemoSeeder[] = []): Promise<boolean> {
  return uow.run(async (tx) => {
    const any = await tx.accounts.list(undefined, 1);
    if (any.items.length > 0) return { commit: false, result: false };
    await seedDemo(tx, clock.now(), extras);
    return { commit: true, result: true };
  });
}
