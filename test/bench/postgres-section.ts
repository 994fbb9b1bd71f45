import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { openBenchStore, warmUp } from './bench-store.js';
import { coreCommands, type CommandFigures, type CoreSizes } from './core.bench.js';
import { commitLimitRows, commitLimits, shareLines, type CommitLimitFigures } from './commit-limit.bench.js';
import { multiProcess, type MultiFigures } from './multi-process.bench.js';
import { benchPostgresServer, createBenchDatabase } from './postgres.bench.js';
import { rawBaseline, type RawFigures } from './raw.bench.js';
import type { Row } from './report.js';
import { markWindow, type WindowFigures } from './window.bench.js';

const run = promisify(execFile);

/** The PostgreSQL figures of one run, or why they are missing. */
export type PostgresFigures =
  | { readonly skipped: string }
  | { readonly server: string; readonly loadSeconds: number; readonly raw: RawFigures; readonly commands: CommandFigures[]; readonly commitLimits: CommitLimitFigures[]; readonly multi: MultiFigures[]; readonly window: WindowFigures; readonly rows: Row[] };

/** Sizes of the PostgreSQL section. */
export interface PostgresSizes extends CoreSizes {
  readonly raw: number;
  /** Commands of the multi-process section, in all. */
  readonly multi: number;
  /** Commands each process of the multi-process section runs before it is measured (warm, as a running bot). */
  readonly multiWarmUp: number;
  readonly window: number;
}

/**
 * The same measures as on SQLite, on a fresh PostgreSQL database (built in a child process, then opened as a bot
 * would), each against PostgreSQL's own raw Keyv `set` rate; then mutating throughput from 1, 2 and 3 processes.
 */
export async function postgresSection(sizes: PostgresSizes, log: (msg: string) => void): Promise<PostgresFigures> {
  const server = benchPostgresServer();
  const db = await createBenchDatabase(server);
  if ('skipped' in db) return db;
  try {
    const t = performance.now();
    await run(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'store-load.ts'), db.uri, String(sizes.accounts)], { maxBuffer: 1 << 20 });
    const loadSeconds = (performance.now() - t) / 1000;
    log(`PostgreSQL store built in a child process in ${loadSeconds.toFixed(1)} s`);
    const store = await openBenchStore('pg', db.uri);
    const rows: Row[] = [];
    let raw: RawFigures;
    let commands: CommandFigures[];
    let window: WindowFigures;
    let limits: CommitLimitFigures[];
    try {
      await warmUp(store, sizes.accounts);
      raw = await rawBaseline(store, sizes.raw, sizes.concurrency);
      const base = raw.setSequential.perSecond;
      rows.push(
        { section: 'pg raw', name: `keyv.set ${raw.documentBytes} B, 1 client`, m: raw.setSequential, ratio: 1, ratioLabel: '× pg set' },
        { section: 'pg raw', name: `keyv.set, ${sizes.concurrency} clients`, m: raw.setConcurrent, ratio: raw.setConcurrent.perSecond / base, ratioLabel: '× pg set' },
        { section: 'pg raw', name: 'keyv.get, 1 client', m: raw.getSequential, ratio: raw.getSequential.perSecond / base, ratioLabel: '× pg set' },
        { section: 'pg raw', name: `keyv.get, ${sizes.concurrency} clients`, m: raw.getConcurrent, ratio: raw.getConcurrent.perSecond / base, ratioLabel: '× pg set' },
      );
      log('PostgreSQL raw baseline done');
      commands = await coreCommands(store, sizes);
      for (const c of commands) {
        rows.push({ section: `pg ${c.kind}`, name: `${c.command}, 1 client`, m: c.sequential, ratio: c.sequential.perSecond / base, ratioLabel: '× pg set' });
        rows.push({ section: `pg ${c.kind}`, name: `${c.command}, ${sizes.concurrency} clients`, m: c.concurrent, ratio: c.concurrent.perSecond / base, ratioLabel: '× pg set' });
      }
      log('PostgreSQL core commands done');
      limits = await commitLimits(store, { account: 0, n: sizes.sequential, concurrency: sizes.concurrency });
      rows.push(...commitLimitRows(limits, 'pg store limit', sizes.concurrency, base, '× pg set'));
      for (const line of shareLines(limits, commands, sizes.concurrency)) log(`PostgreSQL store limit: ${line}`);
      window = await markWindow(store, sizes.window);
    } finally {
      await store.close();
    }
    const multi: MultiFigures[] = [];
    for (const k of [1, 2, 3]) {
      multi.push(await multiProcess(db.uri, k, sizes.multi, sizes.concurrency, sizes.accounts, sizes.multiWarmUp));
      log(`PostgreSQL, ${k} process(es) done`);
    }
    const one = multi[0]!.total.perSecond;
    for (const m of multi) {
      rows.push({ section: 'pg processes', name: `/credit buy, ${m.processes} process(es) × ${sizes.concurrency} clients`, m: m.total, ratio: m.total.perSecond / one, ratioLabel: '× 1 process' });
    }
    return { server: server.replace(/\/\/[^@]*@/, '//'), loadSeconds, raw, commands, commitLimits: limits, multi, window, rows };
  } finally {
    await db.drop();
  }
}
