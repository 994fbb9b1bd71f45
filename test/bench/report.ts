import type { CommandFigures } from './core.bench.js';
import type { Measure } from './measure.js';
import type { SlackFigures } from './slack.bench.js';
import type { SweepFigures } from './sweep.bench.js';
import type { WindowFigures } from './window.bench.js';

/** One line of the printed table. */
export interface Row {
  readonly section: string;
  readonly name: string;
  readonly m: Measure;
  /** Rate relative to the raw sequential set (or what `ratioLabel` says). */
  readonly ratio?: number;
  readonly ratioLabel?: string;
}

/** A target of the issue, with the figure measured and whether it is met. */
export interface Target {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
}

/** Memory figures. */
export interface MemoryFigures {
  readonly peakRssAfterLoadMb: number;
  readonly peakRssAfterCommandsMb: number;
  readonly commands: number;
  readonly retainedHeapAfterLoadMb: number;
  readonly retainedHeapAfterCommandsMb: number;
  readonly rssAfterGcLoadMb: number;
  readonly rssAfterGcCommandsMb: number;
  /** The highest peak RSS of the sweeps' processes (each opens one store and sweeps it, with the bot's Node settings). */
  readonly peakRssAfterSweepMb?: number;
  /** The memory section's commands, run in a process of their own with the bot's Node settings. */
  readonly commandsProcess?: { readonly peakRssMb: number; readonly retainedHeapMb: number; readonly rssAfterGcMb: number };
  /** The Node options of `npm start` the children ran with. */
  readonly nodeFlags?: readonly string[];
}

/** Checks the figures against the issue's targets (read-only p99 is judged for one client, as one user sees it). */
export function judge(rows: readonly Row[], commands: readonly CommandFigures[], slack: SlackFigures, memory: MemoryFigures, sweep: readonly SweepFigures[], pg?: { readonly commands: readonly CommandFigures[]; readonly raw: { readonly setSequential: Measure }; readonly multi: readonly { readonly processes: number; readonly total: Measure }[] }, slackProc?: { readonly noop: Measure; readonly guichet: Measure; readonly guichetAck: Measure }): Target[] {
  const rawSet = rows.find((r) => r.section === 'raw')!.m.perSecond;
  const mutating = commands.filter((c) => c.kind === 'mutating');
  const worstMut = mutating.reduce((w, c) => (c.sequential.perSecond < w.sequential.perSecond ? c : w));
  const readOnly = commands.filter((c) => c.kind === 'read-only');
  const worstRead = readOnly.reduce((w, c) => (c.sequential.p99Ms > w.sequential.p99Ms ? c : w));
  const first = sweep[0];
  const last = sweep[sweep.length - 1];
  const out: Target[] = [
    { target: 'every mutating command ≥ 40 % of raw sequential set rate', measured: `worst ${worstMut.command}: ${pct(worstMut.sequential.perSecond / rawSet)}`, met: worstMut.sequential.perSecond / rawSet >= 0.4 },
    (() => {
      const worst = mutating.reduce((w, c) => (c.concurrent.perSecond < w.concurrent.perSecond ? c : w));
      return { target: 'every mutating command, 32 clients ≥ 100 % of raw sequential set rate', measured: `worst ${worst.command}: ${pct(worst.concurrent.perSecond / rawSet)}`, met: worst.concurrent.perSecond >= rawSet };
    })(),
    { target: 'read-only p99 < 5 ms (one client)', measured: `worst ${worstRead.command}: ${worstRead.sequential.p99Ms.toFixed(2)} ms`, met: worstRead.sequential.p99Ms < 5 },
    ...(slackProc ? [] : [{ target: 'Slack path ≥ 60 % of no-op Bolt app (one process)', measured: pct(slack.guichet.perSecond / slack.noop.perSecond), met: slack.guichet.perSecond / slack.noop.perSecond >= 0.6 }]),
    ...(memory.commandsProcess
      ? [{ target: `peak RSS < 200 MB, ${memory.commands} commands (own process)`, measured: `${memory.commandsProcess.peakRssMb.toFixed(0)} MB`, met: memory.commandsProcess.peakRssMb < 200 }]
      : [{ target: 'peak RSS < 200 MB (commands)', measured: `${memory.peakRssAfterCommandsMb.toFixed(0)} MB`, met: memory.peakRssAfterCommandsMb < 200 }]),
    ...(last ? [{ target: `peak RSS < 200 MB, sweep of ${last.services} services (own process)`, measured: `${last.peakRssMb.toFixed(0)} MB`, met: last.peakRssMb < 200 }] : []),
  ];
  if (first && last) {
    out.push({ target: `largest sweep within 2× of smallest`, measured: `${last.services} services: ${(last.runMs / first.runMs).toFixed(2)}× of ${first.services}`, met: last.runMs <= 2 * first.runMs });
  }
  if (slackProc) {
    const r = slackProc.guichet.perSecond / slackProc.noop.perSecond;
    out.push({ target: 'Slack, each side in its own process: Guichet replied ≥ 60 % of no-op acked', measured: pct(r), met: r >= 0.6 });
    out.push({ target: 'Slack, each side in its own process: p99 acknowledgement < 100 ms at 32 in flight', measured: `${slackProc.guichetAck.p99Ms.toFixed(1)} ms`, met: slackProc.guichetAck.p99Ms < 100 });
  }
  if (pg) {
    const base = pg.raw.setSequential.perSecond;
    const worstOne = pg.commands.filter((c) => c.kind === 'mutating').reduce((w, c) => (c.sequential.perSecond < w.sequential.perSecond ? c : w));
    out.push({ target: 'PostgreSQL: every mutating command, 1 client ≥ 40 % of raw sequential pg set', measured: `worst ${worstOne.command}: ${pct(worstOne.sequential.perSecond / base)}`, met: worstOne.sequential.perSecond / base >= 0.4 });
    const worst = pg.commands.filter((c) => c.kind === 'mutating').reduce((w, c) => (c.concurrent.perSecond < w.concurrent.perSecond ? c : w));
    out.push({ target: 'PostgreSQL: every mutating command, 32 clients ≥ 100 % of raw sequential pg set', measured: `worst ${worst.command}: ${pct(worst.concurrent.perSecond / base)}`, met: worst.concurrent.perSecond >= base });
    const one = pg.multi.find((m) => m.processes === 1);
    const three = pg.multi.find((m) => m.processes === 3);
    if (one && three) out.push({ target: 'PostgreSQL: 3 processes no slower in total than 1', measured: `${three.total.perSecond.toFixed(0)} vs ${one.total.perSecond.toFixed(0)} commands/s (${pct(three.total.perSecond / one.total.perSecond)})`, met: three.total.perSecond >= one.total.perSecond });
  }
  return out;
}

/** The store work of the mutating commands of one engine, and its raw set's CPU cost. */
export interface StoreWork {
  readonly engine: string;
  readonly setCpuMs: number;
  readonly commands: readonly CommandFigures[];
}

/** Per mutating command: documents written, round trips and statements to the database, CPU, and transactions per command with 32 clients. */
export function formatWork(work: readonly StoreWork[]): string {
  const lines = ['Store work per mutating command (one client; CPU of every thread of the process, and in brackets the main thread\'s; "tx@32" = database transactions per command with 32 clients):'];
  for (const w of work) {
    lines.push(`  ${w.engine} (raw set: 1 statement, ${w.setCpuMs.toFixed(3)} ms CPU)`);
    for (const c of w.commands.filter((x) => x.kind === 'mutating')) {
      const p = c.perCommand;
      lines.push(`    ${c.command.padEnd(38)} documents ${num(p.documents).padStart(5)}  round trips ${num(p.roundTrips).padStart(5)}  statements ${num(p.statements).padStart(5)}  CPU ${p.cpuMs.toFixed(3)} (${p.mainCpuMs.toFixed(3)}) ms  tx@32 ${p.concurrentCommits.toFixed(3)}`);
    }
  }
  return lines.join('\n');
}

const pct = (x: number) => `${(x * 100).toFixed(0)} %`;
const num = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(x >= 10 ? 1 : 2));

/** The table printed on stdout. */
export function formatTable(rows: readonly Row[], targets: readonly Target[], memory: MemoryFigures, sweep: readonly SweepFigures[], quick: boolean, windows?: { sqlite: WindowFigures; postgres?: WindowFigures; skipped?: string }, work?: readonly StoreWork[]): string {
  const head = ['section', 'measure', 'ops', 'ops/s', 'p50 ms', 'p99 ms', 'ratio'];
  const body = rows.map((r) => [r.section, r.name, String(r.m.ops), num(r.m.perSecond), num(r.m.p50Ms), num(r.m.p99Ms), r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}${r.ratioLabel ? ` ${r.ratioLabel}` : '× raw set'}`]);
  for (const s of sweep) body.push(['sweep', `one jobs run, ${s.services} services, ${s.due} due`, String(Object.values(s.counts).reduce((a, b) => a + b, 0)), '', '', '', `${s.runMs.toFixed(0)} ms${s.runsMs.length > 1 ? ` (median of ${s.runsMs.map((r) => r.toFixed(0)).join(', ')})` : ''}`]);
  body.push(['memory', 'peak RSS after loading the store', '', '', '', '', `${memory.peakRssAfterLoadMb.toFixed(0)} MB`]);
  if (memory.commandsProcess) {
    body.push(['memory', `peak RSS, ${memory.commands} commands in their own process (${memory.nodeFlags?.join(' ') ?? ''})`, '', '', '', '', `${memory.commandsProcess.peakRssMb.toFixed(0)} MB`]);
    body.push(['memory', '  after a full GC there: heap retained / RSS', '', '', '', '', `${memory.commandsProcess.retainedHeapMb.toFixed(0)} / ${memory.commandsProcess.rssAfterGcMb.toFixed(0)} MB`]);
  }
  for (const s of sweep) body.push(['memory', `peak RSS, sweep of ${s.services} services in its own process`, '', '', '', '', `${s.peakRssMb.toFixed(0)} MB`]);
  body.push(['memory', 'peak RSS of the bench process itself (every in-process section)', '', '', '', '', `${memory.peakRssAfterCommandsMb.toFixed(0)} MB`]);
  body.push(['memory', 'after a full GC: heap retained / RSS, after load', '', '', '', '', `${memory.retainedHeapAfterLoadMb.toFixed(0)} / ${memory.rssAfterGcLoadMb.toFixed(0)} MB`]);
  body.push(['memory', 'after a full GC: heap retained / RSS, bench process at the end', '', '', '', '', `${memory.retainedHeapAfterCommandsMb.toFixed(0)} / ${memory.rssAfterGcCommandsMb.toFixed(0)} MB`]);
  for (const [engine, w] of [['SQLite', windows?.sqlite], ['PostgreSQL', windows?.postgres]] as const) {
    if (w) body.push(['jobs', `${engine}: post accepted → mark committed, ${w.reminders} reminders (p50 / p99)`, '', '', num(w.p50Ms), num(w.p99Ms), `${pct(w.share)} of sweep`]);
  }
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i >= 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  const out = [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line), ''];
  if (windows?.skipped) out.push(`PostgreSQL: skipped (${windows.skipped}); set GUICHET_BENCH_POSTGRES_URL to measure it.`, '');
  if (work?.length) out.push(formatWork(work), '');
  out.push(quick ? 'Targets (QUICK sizes: indicative only; the targets are judged at full size):' : 'Targets:');
  for (const t of targets) out.push(`  ${t.met ? 'met   ' : 'MISSED'}  ${t.target}: ${t.measured}`);
  return `${out.join('\n')}\n`;
}
