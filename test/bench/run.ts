/**
 * `npm run bench [-- --quick]`: every comparison side by side in one run, on a SQLite store (Keyv +
 * @keyv/sqlite, WAL, synchronous=NORMAL, in a temp folder) and on a PostgreSQL database (Keyv + @keyv/postgres,
 * on GUICHET_BENCH_POSTGRES_URL / GUICHET_TEST_POSTGRES_URL / the local server; skipped with a line when none
 * answers); prints a table and writes the same figures to test/bench/results/latest.json (with the commit and the
 * machine), from which `readme-tables.ts` prints the README's Performance figures.
 */
import { mkdirSync, writeFileSync } from 'node:fs';

const run = promisify(execFile);
import { dirname, join } from 'node:path';
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { promisify } from 'node:util';
import { openBenchStore, SERVICES_PER_ACCOUNT, warmUp } from './bench-store.js';
import { coreCommands } from './core.bench.js';
import { commitLimitRows, commitLimits, shareLines } from './commit-limit.bench.js';
import { historyGrowth } from './history.bench.js';
import { botNodeFlags, peakRssMb, retainedHeapMb, rssMb, timed, type Measure } from './measure.js';
import { rawBaseline } from './raw.bench.js';
import { formatTable, judge, type Row } from './report.js';
import { slackPath } from './slack.bench.js';
import { slackProcesses } from './slack-processes.bench.js';
import { sweepScaling } from './sweep.bench.js';
import { postgresSection, type PostgresFigures } from './postgres-section.js';
import { markWindow } from './window.bench.js';

const quick = process.argv.includes('--quick');
const sizes = quick
  ? { accounts: 1_000, raw: 1_000, sequential: 200, concurrent: 400, concurrency: 32, historyMany: 1_000, historyRuns: 50, slack: 400, commands: 3_000, sweep: [1_000, 5_000, 20_000], due: 100, window: 100,
      pg: { accounts: 200, raw: 300, sequential: 60, concurrent: 120, concurrency: 32, multi: 192, multiWarmUp: 100, window: 50 } }
  : { accounts: 10_000, raw: 5_000, sequential: 2_000, concurrent: 4_000, concurrency: 32, historyMany: 10_000, historyRuns: 300, slack: 4_000, commands: 100_000, sweep: [10_000, 100_000, 1_000_000], due: 1_000, window: 1_000,
      pg: { accounts: 10_000, raw: 5_000, sequential: 2_000, concurrent: 4_000, concurrency: 32, multi: 6_000, multiWarmUp: 2_500, window: 1_000 } };

const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);

/** The checked-out commit, when the bench runs in a git checkout (the README names the run by it). */
async function commitOf(): Promise<string | undefined> {
  return run('git', ['rev-parse', 'HEAD'], { cwd: import.meta.dirname }).then((r) => r.stdout.trim(), () => undefined);
}

async function main(): Promise<void> {
  const machine = { cores: cpus().length, loadAverage: loadavg()[0]! };
  const commit = await commitOf();
  log(`${quick ? 'QUICK sizes (not the figures of the targets)' : 'full sizes'}: ${sizes.accounts} accounts, ${sizes.accounts * SERVICES_PER_ACCOUNT} services`);
  const dir = mkdtempSync(join(tmpdir(), 'guichet-bench-main-'));
  const built = JSON.parse((await run(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'store-load.ts'), dir, String(sizes.accounts)], { maxBuffer: 1 << 20 })).stdout) as { seconds: number; peakRssMb: number };
  log(`store built in a child process in ${built.seconds.toFixed(1)} s (its peak RSS ${built.peakRssMb.toFixed(0)} MB)`);
  const store = await openBenchStore('main', dir);
  const rows: Row[] = [];
  try {
    const load = await timed(() => warmUp(store, sizes.accounts));
    const rssAfterLoad = peakRssMb();
    const heapAfterLoad = retainedHeapMb();
    const rssNowAfterLoad = rssMb();
    log(`store opened and every account read once in ${(load.ms / 1000).toFixed(1)} s, peak RSS ${rssAfterLoad.toFixed(0)} MB, retained heap ${heapAfterLoad.toFixed(0)} MB, RSS after GC ${rssNowAfterLoad.toFixed(0)} MB`);

    const raw = await rawBaseline(store, sizes.raw, sizes.concurrency);
    const base = raw.setSequential.perSecond;
    rows.push(
      { section: 'raw', name: `keyv.set ${raw.documentBytes} B, 1 client`, m: raw.setSequential, ratio: 1 },
      { section: 'raw', name: `keyv.set, ${sizes.concurrency} clients`, m: raw.setConcurrent, ratio: raw.setConcurrent.perSecond / base },
      { section: 'raw', name: 'keyv.get, 1 client', m: raw.getSequential, ratio: raw.getSequential.perSecond / base },
      { section: 'raw', name: `keyv.get, ${sizes.concurrency} clients`, m: raw.getConcurrent, ratio: raw.getConcurrent.perSecond / base },
    );
    log(`raw baseline done (sequential set in blocks: ${raw.setSequentialBlocks.map((r) => r.toFixed(0)).join(', ')}/s, the median one is the baseline; peak RSS so far ${peakRssMb().toFixed(0)} MB)`);

    const commands = await coreCommands(store, { accounts: sizes.accounts, sequential: sizes.sequential, concurrent: sizes.concurrent, concurrency: sizes.concurrency });
    for (const c of commands) {
      rows.push({ section: `core ${c.kind}`, name: `${c.command}, 1 client`, m: c.sequential, ratio: c.sequential.perSecond / base });
      rows.push({ section: `core ${c.kind}`, name: `${c.command}, ${sizes.concurrency} clients`, m: c.concurrent, ratio: c.concurrent.perSecond / base });
    }
    log(`core commands done (peak RSS so far ${peakRssMb().toFixed(0)} MB)`);
    const limits = await commitLimits(store, { account: 0, n: sizes.sequential, concurrency: sizes.concurrency });
    rows.push(...commitLimitRows(limits, 'store limit', sizes.concurrency, base));
    for (const line of shareLines(limits, commands, sizes.concurrency)) log(`store limit: ${line}`);

    const history = await historyGrowth(store, sizes.accounts, 10, sizes.historyMany, sizes.historyRuns);
    for (const h of history) {
      rows.push({ section: 'history', name: `${h.command}, 10 past entries`, m: h.few });
      rows.push({ section: 'history', name: `${h.command}, ${sizes.historyMany} past entries`, m: h.many, ratio: h.many.p99Ms / Math.max(h.few.p99Ms, 1e-9), ratioLabel: 'p99 vs 10' });
    }
    log(`history growth done (peak RSS so far ${peakRssMb().toFixed(0)} MB)`);

    const slack = await slackPath(store, sizes.accounts, sizes.slack, sizes.concurrency);
    rows.push({ section: 'slack', name: `no-op Bolt app (ack only), ${sizes.concurrency} clients`, m: slack.noop, ratio: 1, ratioLabel: 'vs no-op' });
    rows.push({ section: 'slack', name: `Guichet ${slack.command} via Bolt, replied`, m: slack.guichet, ratio: slack.guichet.perSecond / slack.noop.perSecond, ratioLabel: 'vs no-op' });
    log(`slack path done (replies in the ack ${slack.repliesBy.ack}, at the response_url ${slack.repliesBy.responseUrl}; peak RSS so far ${peakRssMb().toFixed(0)} MB)`);
    const slackProc = await slackProcesses(store, sizes.accounts, sizes.slack, sizes.concurrency);
    rows.push({ section: 'slack procs', name: `no-op Bolt app (ack only), ${sizes.concurrency} in flight`, m: slackProc.noop, ratio: 1, ratioLabel: 'vs no-op' });
    rows.push({ section: 'slack procs', name: `Guichet ${slackProc.command}, send → reply (in the ack or at response_url)`, m: slackProc.guichet, ratio: slackProc.guichet.perSecond / slackProc.noop.perSecond, ratioLabel: 'vs no-op' });
    rows.push({ section: 'slack procs', name: 'Guichet, send → HTTP ack', m: slackProc.guichetAck, ratio: slackProc.guichetAck.p99Ms / Math.max(slackProc.noop.p99Ms, 1e-9), ratioLabel: 'p99 vs no-op' });
    const cpu = slackProc.cpuMsPerCommand;
    const ms = (x: number | undefined) => (x === undefined ? '?' : x.toFixed(2));
    log(`slack path with the load generator, the fake Web API and the bot in their own processes done; CPU ms per command: no-op app ${ms(cpu.noopApp)} (load generator ${ms(cpu.noopLoad)}), Guichet ${ms(cpu.guichet)} (load generator ${ms(cpu.guichetLoad)}, fake Web API ${ms(cpu.fake)}); Guichet's peak RSS ${slackProc.botPeakRssMb?.toFixed(0) ?? '?'} MB; replies in the ack ${slackProc.guichetRepliesBy.ack}, at the response_url ${slackProc.guichetRepliesBy.responseUrl}`);

    // The commands of the memory section run in a process of their own, with the bot's Node settings, so their peak is theirs alone.
    const cmdProc = JSON.parse((await run(process.execPath, [...botNodeFlags(), '--import', 'tsx', join(import.meta.dirname, 'commands-proc.ts'), dir, String(sizes.accounts), String(sizes.commands), String(sizes.concurrency)], { maxBuffer: 1 << 20 })).stdout) as { measure: Measure; peakRssMb: number; retainedHeapMb: number; rssAfterGcMb: number };
    rows.push({ section: 'memory', name: `${sizes.commands} read-only commands, ${sizes.concurrency} clients, own process`, m: cmdProc.measure });
    const rssAfterCommands = peakRssMb();
    const heapAfterCommands = retainedHeapMb();
    const rssNowAfterCommands = rssMb();
    log(`memory loop done in its own process: peak RSS ${cmdProc.peakRssMb.toFixed(0)} MB, retained heap ${cmdProc.retainedHeapMb.toFixed(0)} MB, RSS after GC ${cmdProc.rssAfterGcMb.toFixed(0)} MB (this process: peak ${rssAfterCommands.toFixed(0)} MB)`);

    const window = await markWindow(store, sizes.window);
    log(`mark window measured on SQLite: p50 ${window.p50Ms.toFixed(2)} ms, p99 ${window.p99Ms.toFixed(2)} ms`);
    const sweep = await sweepScaling(sizes.sweep, sizes.due);
    const rssAfterSweep = Math.max(...sweep.map((w) => w.peakRssMb));
    log(`sweeps done, peak RSS of each sweep's process: ${sweep.map((w) => `${w.services} services ${w.peakRssMb.toFixed(0)} MB`).join(', ')}`);
    const pg: PostgresFigures = await postgresSection(sizes.pg, log);
    if ('skipped' in pg) log(`PostgreSQL figures skipped: ${pg.skipped}; to measure them, run a PostgreSQL server and set GUICHET_BENCH_POSTGRES_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres)`);
    else rows.push(...pg.rows);
    const memory = {
      peakRssAfterLoadMb: rssAfterLoad, peakRssAfterCommandsMb: rssAfterCommands, commands: sizes.commands, peakRssAfterSweepMb: rssAfterSweep,
      retainedHeapAfterLoadMb: heapAfterLoad, retainedHeapAfterCommandsMb: heapAfterCommands, rssAfterGcLoadMb: rssNowAfterLoad, rssAfterGcCommandsMb: rssNowAfterCommands,
      commandsProcess: { peakRssMb: cmdProc.peakRssMb, retainedHeapMb: cmdProc.retainedHeapMb, rssAfterGcMb: cmdProc.rssAfterGcMb }, nodeFlags: botNodeFlags(),
    };
    const targets = judge(rows, commands, slack, memory, sweep, 'skipped' in pg ? undefined : pg, slackProc);
    const report = {
      at: new Date().toISOString(), commit, machine, quick, node: process.version, sizes,
      store: { engine: 'KeyvSqliteEngine (Keyv + @keyv/sqlite, sqlite3 driver)', journal: 'WAL', synchronous: 'NORMAL', loadSeconds: built.seconds, buildPeakRssMb: built.peakRssMb, warmUpSeconds: load.ms / 1000, services: sizes.accounts * SERVICES_PER_ACCOUNT },
      raw, commands, commitLimits: limits, history, slack, slackProcesses: slackProc, memory, sweep, window, postgres: pg, targets, rows,
    };
    const work = [{ engine: 'SQLite', setCpuMs: raw.setCpuMs, commands }, ...('skipped' in pg ? [] : [{ engine: 'PostgreSQL', setCpuMs: pg.raw.setCpuMs, commands: pg.commands }])];
    process.stdout.write(formatTable(rows, targets, memory, sweep, quick, { sqlite: window, ...('skipped' in pg ? { skipped: pg.skipped } : { postgres: pg.window }) }, work));
    const out = join(import.meta.dirname, 'results', 'latest.json');
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
    log(`figures written to ${out}`);
  } finally {
    await store.close();
  }
}

await main();
