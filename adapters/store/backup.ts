import { COLLECTIONS, ExportFile } from './collections.js';
import { prefixEnd } from './document-tx.js';
import type { StorageEngine } from './engine.js';
import type { DocumentUnitOfWork } from './unit-of-work.js';

const PAGE = 1000;
const CHUNK = 2000;

/** Reads every primary document into an export (secrets removed). */
export async function exportStore(engine: StorageEngine, now: Date): Promise<ExportFile> {
  const collections: Record<string, unknown[]> = {};
  for (const c of COLLECTIONS) {
    const docs: unknown[] = [];
    let from = c.prefix;
    for (;;) {
      const rows = await engine.range(from, prefixEnd(c.prefix), { limit: PAGE });
      for (const r of rows) docs.push(c.redact ? c.redact(r.value) : r.value);
      if (rows.length < PAGE) break;
      from = `${rows[rows.length - 1]!.key}\u0000`;
    }
    collections[c.name] = docs;
  }
  return { format: 'guichet-export', version: 1, exportedAt: now.toISOString(), collections };
}

/** A validation problem found before anything was written. */
export class ImportError extends Error {}

/** How an import treats sealed secrets (consumer keys). */
export interface ImportOptions {
  /**
   * True when this deployment's `GUICHET_SECRET_KEY` sealed the secret. Documents holding secrets sealed by
   * another key (or any, when no key is configured) are left out and counted under `NAME-left-out`: they could
   * never be opened here, so those accounts connect again.
   */
  readonly sealedHere?: (sealed: string) => boolean;
}

/** Validates a whole export first, then writes it (replacing documents with the same IDs). Returns counts. */
export async function importStore(uow: DocumentUnitOfWork, data: unknown, options: ImportOptions = {}): Promise<Record<string, number>> {
  const file = ExportFile.safeParse(data);
  if (!file.success) throw new ImportError('not a Guichet export (expected {"format":"guichet-export","version":1,…})');
  const problems: string[] = [];
  const known = new Set(COLLECTIONS.map((c) => c.name));
  for (const name of Object.keys(file.data.collections)) if (!known.has(name)) problems.push(`unknown collection "${name}"`);
  const valid: { restore: (typeof COLLECTIONS)[number]['restore']; doc: unknown }[] = [];
  const counts: Record<string, number> = {};
  for (const c of COLLECTIONS) {
    const docs = file.data.collections[c.name] ?? [];
    docs.forEach((doc, i) => {
      const parsed = c.schema.safeParse(doc);
      if (!parsed.success) problems.push(`${c.name}[${i}]: ${parsed.error.issues.map((x) => `${x.path.join('.')} ${x.message}`).join('; ')}`);
      else if (c.sealed && !c.sealed(parsed.data).every((x) => options.sealedHere?.(x) ?? false)) counts[`${c.name}-left-out`] = (counts[`${c.name}-left-out`] ?? 0) + 1;
      else valid.push({ restore: c.restore, doc: parsed.data });
    });
    counts[c.name] = docs.length - (counts[`${c.name}-left-out`] ?? 0);
  }
  if (problems.length) throw new ImportError(`nothing was imported; fix these first:\n  ${problems.slice(0, 20).join('\n  ')}${problems.length > 20 ? `\n  … and ${problems.length - 20} more` : ''}`);
  for (let i = 0; i < valid.length; i += CHUNK) {
    const chunk = valid.slice(i, i + CHUNK);
    await uow.run(async (tx) => {
      for (const { restore, doc } of chunk) await restore(tx, doc);
      return { commit: true, result: undefined };
    });
  }
  return counts;
}
