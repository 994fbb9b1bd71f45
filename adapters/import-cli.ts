import { readFileSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { basename } from 'node:path';
import type { Clock } from '../src/ports/clock.js';
import { applyImport, describeCounts, holdsData, ImportError, planImport } from './store/backup.js';
import { Presence, StoreBusyError } from './store/presence.js';
import type { DocumentUnitOfWork } from './store/unit-of-work.js';

/** What `guichet import` runs with. */
export interface ImportRun {
  readonly uow: DocumentUnitOfWork;
  /** Where the store is, as shown to the operator. */
  readonly where: string;
  readonly file: string;
  readonly replace: boolean;
  readonly yes: boolean;
  /** The domain clock (GUICHET_NOW or real time). */
  readonly clock: Clock;
  /** Real time, for presence leases. */
  readonly wallClock: Clock;
  /** Prints a line for the operator (stderr). */
  readonly say: (line: string) => void;
  /** Asks a question in a terminal; undefined when there is none to ask in (then `--yes` is required). */
  readonly ask?: (question: string) => Promise<string>;
  /** True when this deployment's GUICHET_SECRET_KEY sealed a secret (connections sealed elsewhere are left out). */
  readonly sealedHere?: (sealed: string) => boolean;
}

/** Reads an export file; `npm run` prints a banner before the JSON, which is skipped. */
export function readExport(file: string): unknown {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ImportError(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  const start = raw.trimStart().startsWith('{') ? 0 : raw.indexOf('\n{') + 1;
  try {
    return JSON.parse(raw.slice(start));
  } catch (error) {
    throw new ImportError(`${file} is not JSON: ${(error as Error).message}`);
  }
}

/**
 * Validates a file against the domain and the store, says what it will write (and what `--replace` replaces), asks
 * for confirmation (or takes `--yes`), then writes it under an import lease. Returns the exit code.
 */
export async function runImport(run: ImportRun): Promise<number> {
  const { say } = run;
  try {
    const plan = await planImport(run.uow, readExport(run.file), run.clock.now(), run.sealedHere ? { sealedHere: run.sealedHere } : {});
    const busy = await Presence.blocking(run.uow, 'import', run.wallClock);
    if (busy) throw new StoreBusyError(busy.message, busy.lease);
    const full = holdsData(plan);
    if (full && !run.replace) {
      throw new ImportError(
        `Nothing was imported: the store ${run.where} already holds ${describeCounts({ ...plan.existing, audit: 0 })}, and importing would mix two stores.\n` +
          `Import into an empty store (point GUICHET_STORE at a new file or database), or add --replace to replace what it holds (the audit log is kept).`,
      );
    }
    say(`Import of ${run.file} into ${run.where}:`);
    say(`  writes:   ${describeCounts(plan.counts)}`);
    if (run.replace) say(`  replaces: ${full ? describeCounts({ ...plan.existing, audit: 0 }) : 'nothing (the store holds no data)'}; the audit log (${plan.existing.audit ?? 0} ${plan.existing.audit === 1 ? 'entry' : 'entries'}) is kept and appended to`);
    if (plan.auditKept) say(`  keeps:    ${plan.auditKept} audit entries already in the store, unchanged`);
    if (plan.leftOut.connections) say(`  leaves out: ${plan.leftOut.connections} connected account(s): their consumer keys were sealed with another GUICHET_SECRET_KEY${run.sealedHere ? '' : ' (none is set here)'}; they run /account connect again`);
    if (!run.yes) {
      if (!run.ask) {
        say('Nothing was imported: confirm with --yes (there is no terminal to ask in).');
        return 1;
      }
      const answer = (await run.ask(`Write this into ${run.where}? Type yes to go on: `)).trim().toLowerCase();
      if (answer !== 'yes' && answer !== 'y') {
        say('Nothing was imported.');
        return 1;
      }
    }
    await applyImport(run.uow, plan, {
      replace: run.replace,
      now: run.clock.now(),
      wallClock: run.wallClock,
      actor: `cli:${safeUser()}@${hostname()}`,
      source: basename(run.file),
    });
    say(`Imported into ${run.where}: ${describeCounts(plan.counts)}`);
    return 0;
  } catch (error) {
    if (error instanceof ImportError || error instanceof StoreBusyError) {
      say(error instanceof StoreBusyError ? `Nothing was imported. ${error.message}` : error.message);
      return 1;
    }
    throw error;
  }
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
