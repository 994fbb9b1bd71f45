import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { renewalEntries } from '../../src/domain/renewal.js';
import type { Service } from '../../src/domain/service.js';
import { serviceOwner } from '../../src/flows/schedule.js';
import type { Clock } from '../../src/ports/clock.js';
import { silentLogger } from '../../src/ports/logger.js';
import { COLLECTIONS, ExportFile } from './collections.js';
import { prefixEnd } from './document-tx.js';
import type { StorageEngine } from './engine.js';
import { checkExport, formatProblems, type CheckedDoc, type ImportProblem } from './import-check.js';
import { Presence } from './presence.js';
import { clearStore, countStore, scan } from './store-scan.js';
import type { ScheduleDoc } from './reminder.repository.js';
import type { DocumentUnitOfWork } from './unit-of-work.js';

const CHUNK = 2000;

/** Reads every primary document into an export (secrets removed). */
export async function exportStore(engine: StorageEngine, now: Date): Promise<ExportFile> {
  const collections: Record<string, unknown[]> = {};
  for (const c of COLLECTIONS) {
    const docs: unknown[] = [];
    for await (const r of scan(engine, c.prefix, prefixEnd(c.prefix))) docs.push(c.redact ? c.redact(r.value) : r.value);
    collections[c.name] = docs;
  }
  return { format: 'guichet-export', version: 1, exportedAt: now.toISOString(), collections };
}

/** An import that cannot go on; nothing was written. */
export class ImportError extends Error {
  /** The message, and the problems found in the file (document, field, why) when it is about the file. */
  constructor(message: string, readonly problems: readonly ImportProblem[] = []) {
    super(message);
    this.name = 'ImportError';
  }
}

/** What an import will do, worked out before anything is written. */
export interface ImportPlan {
  /** Documents to write, in restore order (audit entries already in the store are left out). */
  readonly docs: readonly CheckedDoc[];
  /** Documents to write, by collection. */
  readonly counts: Readonly<Record<string, number>>;
  /** Documents the store holds now, by collection (they are what `--replace` removes; the audit log is kept). */
  readonly existing: Readonly<Record<string, number>>;
  /** Audit entries of the file already in the store, identical, left as they are. */
  readonly auditKept: number;
  /** Documents left out by collection: secrets sealed with a key this deployment does not hold. */
  readonly leftOut: Readonly<Record<string, number>>;
}

/** How an import treats sealed secrets (consumer keys). */
export interface ImportOptions {
  /**
   * True when this deployment's `GUICHET_SECRET_KEY` sealed the secret. Documents holding secrets sealed by
   * another key (or any, when no key is configured) are left out and counted: they could never be opened here,
   * so those accounts connect again.
   */
  readonly sealedHere?: (sealed: string) => boolean;
}

/** True when the store holds data an import would mix with (anything but the audit log). */
export function holdsData(plan: ImportPlan): boolean {
  return Object.entries(plan.existing).some(([name, n]) => name !== 'audit' && n > 0);
}

/**
 * Checks a whole export against the domain and against the store: every problem of the file, and an audit entry of
 * the file that would rewrite one in the store (the audit log is append-only), refuse it with the full list.
 */
export async function planImport(uow: DocumentUnitOfWork, data: unknown, now: Date, options: ImportOptions = {}): Promise<ImportPlan> {
  const checked = checkExport(data, now);
  const problems = [...checked.problems];
  const docs: CheckedDoc[] = [];
  const leftOut: Record<string, number> = {};
  let auditKept = 0;
  for (const d of checked.docs) {
    const { sealed, name } = d.collection;
    if (sealed && !sealed(d.doc).every((x) => options.sealedHere?.(x) ?? false)) {
      leftOut[name] = (leftOut[name] ?? 0) + 1;
      continue;
    }
    if (d.collection.name !== 'audit') {
      docs.push(d);
      continue;
    }
    const { value } = await uow.engine.read(d.key);
    if (value === undefined) docs.push(d);
    else if (isDeepStrictEqual(value, d.doc)) auditKept++;
    else problems.push({ doc: d.label, field: '(document)', why: `the store already has a different audit entry ${d.key}: the audit log is never rewritten` });
  }
  if (problems.length) throw new ImportError(`Nothing was imported; fix these first:\n  ${formatProblems(problems)}`, problems);
  docs.push(...missingSchedules(docs));
  const counts: Record<string, number> = {};
  for (const c of COLLECTIONS) counts[c.name] = docs.filter((d) => d.collection === c).length;
  return { docs, counts, existing: await countStore(uow.engine), auditKept, leftOut };
}

/**
 * The renewal schedule (date index and owner record) of each service the file gives none for — a file written by
 * hand to load real services — computed from its expiry and mode as the commands do, so its reminders and expiry run.
 */
function missingSchedules(docs: readonly CheckedDoc[]): CheckedDoc[] {
  const scheduled = new Set(docs.filter((d) => d.collection.name === 'schedules').map((d) => (d.doc as ScheduleDoc).owner));
  const schedules = COLLECTIONS.find((c) => c.name === 'schedules')!;
  const due = COLLECTIONS.find((c) => c.name === 'due')!;
  const out: CheckedDoc[] = [];
  for (const d of docs) {
    if (d.collection.name !== 'services') continue;
    const service = d.doc as Service;
    const owner = serviceOwner(service.id);
    const entries = renewalEntries(service);
    if (scheduled.has(owner) || entries.length === 0) continue;
    const doc: ScheduleDoc = { owner, entries };
    out.push({ collection: schedules, label: `${d.label} schedule`, key: schedules.key(doc), doc });
    for (const e of entries) out.push({ collection: due, label: `${d.label} schedule`, key: due.key(e), doc: e });
  }
  return out;
}

/** `4 accounts, 5 services, …` (collections with none left out). */
export function describeCounts(counts: Readonly<Record<string, number>>): string {
  const parts = Object.entries(counts).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`);
  return parts.length ? parts.join(', ') : 'nothing';
}

/** What an import applies with. */
export interface ApplyOptions {
  /** Replace what the store holds (everything but the audit log); without it, a store with data is refused. */
  readonly replace: boolean;
  /** The domain clock (the import's audit entry). */
  readonly now: Date;
  /** Real time, for the presence lease. */
  readonly wallClock: Clock;
  /** Who imports, and from which file, for the lease and the audit log. */
  readonly actor: string;
  readonly source: string;
}

/**
 * Writes a plan. The store is held by an import lease from before the first write to after the last: a running
 * Guichet makes it refuse, and Guichet will not start on a store whose import did not finish (re-run it with
 * `--replace`). The old data is removed first (with `--replace`), then the new written in chunks.
 */
export async function applyImport(uow: DocumentUnitOfWork, plan: ImportPlan, options: ApplyOptions): Promise<void> {
  const presence = await Presence.claim(uow, { role: 'import', detail: options.source, clock: options.wallClock });
  presence.keep(silentLogger);
  try {
    const existing = await countStore(uow.engine);
    if (!options.replace && holdsData({ ...plan, existing })) {
      await presence.release();
      throw new ImportError(`The store holds data (${describeCounts(existing)}); add --replace to replace it.`);
    }
    if (options.replace) await clearStore(uow.engine);
    for (let i = 0; i < plan.docs.length; i += CHUNK) {
      const chunk = plan.docs.slice(i, i + CHUNK);
      await uow.run(async (tx) => {
        for (const { collection, doc } of chunk) await collection.restore(tx, doc);
        return { commit: true, result: undefined };
      });
    }
    await uow.run(async (tx) => {
      tx.audit.append({
        id: randomUUID(), at: options.now.toISOString(), actor: options.actor, account: null, channel: null, action: 'store.import',
        target: options.source, result: 'ok', details: { written: plan.counts, replaced: options.replace ? existing : null, auditKept: plan.auditKept },
      });
      return { commit: true, result: undefined };
    });
  } catch (error) {
    if (!(error instanceof ImportError)) await presence.abandon().catch(() => {});
    throw error;
  }
  await presence.release();
}

/** Validates a whole export, then writes it into a store with no data (tests and tools; the CLI asks first). */
export async function importStore(uow: DocumentUnitOfWork, data: unknown, options: Partial<ApplyOptions> & ImportOptions = {}): Promise<Record<string, number>> {
  const now = options.now ?? new Date();
  const plan = await planImport(uow, data, now, options);
  if (!options.replace && holdsData(plan)) throw new ImportError(`The store holds data (${describeCounts(plan.existing)}); add --replace to replace it.`);
  const { sealedHere: _sealedHere, ...apply } = options;
  await applyImport(uow, plan, { replace: false, wallClock: { now: () => new Date() }, actor: 'import', source: 'import', ...apply, now });
  return { ...plan.counts, ...Object.fromEntries(Object.entries(plan.leftOut).map(([name, n]) => [`${name}-left-out`, n])) };
}
