/**
 * The README's Performance figures beyond the two tables (history, sweep, Slack, memory, several processes, the
 * reminder window, the targets as judged), printed from one run's `latest.json` by `readme-tables.ts`.
 */
import type { HistoryFigures } from './history.bench.js';
import type { Measure } from './measure.js';
import type { MultiFigures } from './multi-process.bench.js';
import type { MemoryFigures, Target } from './report.js';
import type { SlackFigures } from './slack.bench.js';
import type { SlackProcessFigures } from './slack-processes.bench.js';
import type { SweepFigures } from './sweep.bench.js';
import type { WindowFigures } from './window.bench.js';

/** What this module reads of a run's results (runs from before a field existed leave it out). */
export interface OtherFigures {
  readonly sizes: { readonly concurrency: number; readonly historyRuns: number; readonly historyMany: number; readonly due: number; readonly pg?: { readonly multi: number; readonly multiWarmUp: number } };
  readonly store: { readonly buildPeakRssMb: number };
  readonly history: readonly HistoryFigures[];
  readonly slack: SlackFigures;
  readonly slackProcesses?: SlackProcessFigures;
  readonly memory: MemoryFigures;
  readonly sweep: readonly SweepFigures[];
  readonly window: WindowFigures;
  readonly postgres?: { readonly multi?: readonly MultiFigures[]; readonly window?: WindowFigures };
  readonly targets: readonly Target[];
}

/** 7424 → "7,424"; 0.27 → "0.27"; 13.4 → "13.4". */
export const num = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n >= 10 ? n.toFixed(1) : n.toFixed(2));
const ms = (n: number | undefined) => (n === undefined ? '?' : n.toFixed(2));
const mb = (n: number | undefined) => (n === undefined ? '?' : `${n.toFixed(0)} MB`);
const lat = (m: Measure) => `p50 ${num(m.p50Ms)} ms, p99 ${num(m.p99Ms)} ms`;
/** "/credit list PROJECT" → "/credit list". */
export const words = (command: string) => command.split(' ').filter((w) => /^[/a-z]+$/.test(w)).join(' ');

/** The bullets and the targets, as Markdown lines. */
export function otherFigures(run: OtherFigures): string[] {
  const { sizes } = run;
  const out: string[] = [];
  const history = run.history.map((h) => `\`${words(h.command)}\` ${num(h.few.p50Ms)} / ${num(h.few.p99Ms)} vs ${num(h.many.p50Ms)} / ${num(h.many.p99Ms)}`);
  out.push(`- **History growth** (one client, ${sizes.historyRuns} runs, p50 / p99 ms, 10 vs ${sizes.historyMany.toLocaleString('en-US')} past entries): ${history.join('; ')}.`);
  const [first] = run.sweep;
  const last = run.sweep[run.sweep.length - 1];
  if (first && last) {
    const each = run.sweep.map((s) => `${num(s.runMs)} ms over ${s.services.toLocaleString('en-US')} services (runs ${s.runsMs.map((r) => num(r)).join(', ')})`);
    out.push(`- **Reminder sweep** (one \`JobRunner.runNow\` with ${sizes.due.toLocaleString('en-US')} items due; each store built in a child process, each sweep in a process of its own on a fresh copy, the median of its runs): ${each.join('; ')}: **${(last.runMs / first.runMs).toFixed(2)}×** the smallest.`);
  }
  const sp = run.slackProcesses;
  if (sp) {
    const cpu = sp.cpuMsPerCommand;
    const bound = cpu.noopApp !== undefined && cpu.guichet !== undefined ? ((cpu.noopApp + cpu.noopLoad) / (cpu.guichet + cpu.guichetLoad)).toFixed(2) : undefined;
    out.push(
      `- **Slack, as in production** (the load generator, the fake Slack Web API and the bot each in its own process; signed \`${words(sp.command)}\` slash commands over loopback, ${sizes.concurrency} in flight, ${sp.noop.ops.toLocaleString('en-US')} each; the no-op Bolt app only acks): no-op app ${num(sp.noop.perSecond)} acknowledged commands/s (${lat(sp.noop)}); Guichet ${num(sp.guichet.perSecond)} commands/s replied, **${(sp.guichet.perSecond / sp.noop.perSecond).toFixed(2)}** of the no-op app (send → reply ${lat(sp.guichet)}; acknowledgement ${lat(sp.guichetAck)}); ${sp.guichetRepliesBy.ack.toLocaleString('en-US')} replies came in the acknowledgement, ${sp.guichetRepliesBy.responseUrl} at the \`response_url\`. CPU per command: bot ${ms(cpu.guichet)} ms, no-op app ${ms(cpu.noopApp)} ms, load generator ${ms(cpu.guichetLoad)} ms for Guichet's commands and ${ms(cpu.noopLoad)} ms for the no-op app's, fake Web API ${ms(cpu.fake)} ms${bound ? ` — on 2 cores shared by the processes, that bounds the ratio near (no-op app + its load) / (bot + its load) = ${bound}` : ''}. In one process (generator and fake beside the bot): ${num(run.slack.guichet.perSecond)} vs ${num(run.slack.noop.perSecond)} commands/s, ${(run.slack.guichet.perSecond / run.slack.noop.perSecond).toFixed(2)} of the no-op app.`,
    );
  }
  const m = run.memory;
  const sweeps = run.sweep.map((s) => `${s.services.toLocaleString('en-US')} services ${mb(s.peakRssMb)}`).join(', ');
  out.push(
    `- **Memory (peak RSS)**, each in a process of its own with \`npm start\`'s Node settings: ${m.commands.toLocaleString('en-US')} read-only commands (${sizes.concurrency} clients) **${mb(m.commandsProcess?.peakRssMb)}** (after a full GC: heap retained ${mb(m.commandsProcess?.retainedHeapMb)}, RSS ${mb(m.commandsProcess?.rssAfterGcMb)}); each sweep: ${sweeps}; the Slack bot after its commands ${mb(sp?.botPeakRssMb)}. The measuring process, which runs every in-process section one after another, peaked at ${mb(m.peakRssAfterCommandsMb)} (${mb(m.peakRssAfterLoadMb)} after opening the store and reading every account once). Building the store (a bulk load, once) peaks at ${mb(run.store.buildPeakRssMb)}.`,
  );
  const multi = run.postgres?.multi;
  const one = multi?.find((x) => x.processes === 1);
  if (multi && one) {
    const each = multi.map((x) => `${x.processes} process${x.processes > 1 ? 'es' : ''} ${num(x.total.perSecond)}${x.processes > 1 ? ` (${(x.total.perSecond / one.total.perSecond).toFixed(2)}×)` : ''}`);
    out.push(`- **PostgreSQL, several processes** (\`/credit buy\`, ${sizes.concurrency} in flight in each, the accounts split between them, ${sizes.pg?.multi.toLocaleString('en-US') ?? '?'} commands in all; each process first runs ${sizes.pg?.multiWarmUp.toLocaleString('en-US') ?? '?'} of its own): ${each.join(', ')} commands/s.`);
  }
  const windows: [string, WindowFigures | undefined][] = [['SQLite', run.window], ['PostgreSQL', run.postgres?.window]];
  const w = windows.flatMap(([engine, x]) => (x ? [[engine, x] as const] : [])).map(([engine, x]) => `${engine} p50 ${ms(x.p50Ms)} ms, p99 ${ms(x.p99Ms)} ms (${(100 * x.share).toFixed(0)} % of a sweep's time)`);
  out.push(`- **The reminder window** (the platform accepted a post → its mark committed; a process killed inside it repeats that reminder's posts), ${run.window.reminders.toLocaleString('en-US')} reminders: ${w.join('; ')}: a kill at a random moment of a sweep repeats one reminder's posts with about that chance, never more than one reminder per kill.`);
  out.push('', 'Targets, as the run judged them:', '');
  for (const t of run.targets) out.push(`- ${t.met ? 'met' : '**MISSED**'}: ${t.target}: ${t.measured}`);
  return out;
}
