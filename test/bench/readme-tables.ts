/**
 * `node --import tsx test/bench/readme-tables.ts [results.json]`: prints the README's Performance tables (SQLite and
 * PostgreSQL side by side, then the store work per mutating command and its rate as a share of its commit alone) from one `npm run bench` run's figures
 * (default test/bench/results/latest.json), so that the README is that run, figure for figure.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CommitLimitFigures, shareOf } from './commit-limit.bench.js';
import type { CommandFigures } from './core.bench.js';
import type { Measure } from './measure.js';
import { num, type OtherFigures, otherFigures, words as short } from './readme-figures.js';

type Raw = { setSequential: Measure; setConcurrent: Measure; getSequential: Measure; getConcurrent: Measure; setCpuMs: number; documentBytes: number };
/** One engine's figures (`commitLimit`: a single command's, in runs before every mutating command had its own). */
type Engine = { raw: Raw; commands: CommandFigures[]; commitLimits?: CommitLimitFigures[]; commitLimit?: CommitLimitFigures };
type Figures = Engine & OtherFigures & { at: string; commit?: string; node?: string; machine?: { cores: number; loadAverage: number }; postgres?: Engine & OtherFigures['postgres'] };

const file = process.argv[2] ?? join(import.meta.dirname, 'results', 'latest.json');
const run = JSON.parse(readFileSync(file, 'utf8')) as Figures;
const { sizes } = run;

const cells = (m: Measure | undefined, base: number | undefined, bold: boolean) => {
  if (!m || !base) return ['—', '—', '—'];
  const ratio = (m.perSecond / base).toFixed(2);
  return [num(m.perSecond), `${num(m.p50Ms)} / ${num(m.p99Ms)}`, bold ? `**${ratio}**` : ratio];
};
const line = (name: string, sqlite: Measure, pg: Measure | undefined, bold = false) =>
  `| ${name} | ${[...cells(sqlite, run.raw.setSequential.perSecond, bold), ...cells(pg, run.postgres?.raw.setSequential.perSecond, bold)].join(' | ')} |`;

const count = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2));
const pgCommand = (name: string) => run.postgres?.commands.find((c) => c.command === name);
const limitsOf = (e: Engine | undefined) => e?.commitLimits ?? (e?.commitLimit ? [e.commitLimit] : []);
const limitOf = (e: Engine | undefined, name: string) => limitsOf(e).find((l) => l.command === name);
/** "47 % / 53 %": the command's rate as a share of its commit alone, 1 client / many. */
const share = (e: Engine | undefined, name: string) => {
  const l = limitOf(e, name);
  const s = l && e && shareOf(l, e.commands);
  if (!s) return '—';
  return `${(100 * s.sequential).toFixed(0)} % / ${(100 * s.concurrent).toFixed(0)} %`;
};
const out = [
  `Figures of the run at ${run.at}${run.commit ? ` (commit ${run.commit.slice(0, 7)})` : ''}${run.machine ? ` on ${run.machine.cores} cores, Node ${run.node}, load average ${run.machine.loadAverage.toFixed(2)} when it started` : ''}.`,
  '',
  '| Measure | SQLite ops/s | p50 / p99 ms | ratio | PostgreSQL ops/s | p50 / p99 ms | ratio |',
  '|---|---:|---:|---:|---:|---:|---:|',
  line(`raw \`keyv.set\` ${run.raw.documentBytes} B, 1 client`, run.raw.setSequential, run.postgres?.raw.setSequential),
  line(`raw \`keyv.set\`, ${sizes.concurrency} clients`, run.raw.setConcurrent, run.postgres?.raw.setConcurrent),
  line('raw `keyv.get`, 1 client', run.raw.getSequential, run.postgres?.raw.getSequential),
  line(`raw \`keyv.get\`, ${sizes.concurrency} clients`, run.raw.getConcurrent, run.postgres?.raw.getConcurrent),
];
for (const limit of limitsOf(run)) {
  const what = `\`${short(limit.command)}\`'s commit alone (${limit.documents} documents)`;
  const pg = limitOf(run.postgres, limit.command);
  out.push(line(`${what}, 1 client`, limit.sequential, pg?.sequential), line(`${what}, ${sizes.concurrency} clients`, limit.concurrent, pg?.concurrent));
}
for (const c of run.commands) {
  const name = `\`${short(c.command)}\``;
  const pg = pgCommand(c.command);
  const bold = c.kind === 'mutating';
  out.push(line(`${name}, 1 client`, c.sequential, pg?.sequential, bold), line(`${name}, ${sizes.concurrency} clients`, c.concurrent, pg?.concurrent, bold));
}
const at = `1 / ${sizes.concurrency} clients`;
out.push('', `| Command | documents written | round trips | SQLite CPU ms (main thread) | SQLite tx@32 | SQLite share of its commit alone, ${at} | PostgreSQL CPU ms (main thread) | PostgreSQL tx@32 | PostgreSQL share of its commit alone, ${at} |`, '|---|---:|---:|---:|---:|---:|---:|---:|---:|');
out.push(`| raw \`keyv.set\` | 1 | 1 | ${run.raw.setCpuMs.toFixed(2)} | — | — | ${run.postgres ? run.postgres.raw.setCpuMs.toFixed(2) : '—'} | — | — |`);
for (const c of run.commands.filter((x) => x.kind === 'mutating')) {
  const p = c.perCommand;
  const pg = pgCommand(c.command)?.perCommand;
  const cpu = (q: typeof p | undefined) => (q ? `${q.cpuMs.toFixed(2)} (${q.mainCpuMs.toFixed(2)})` : '—');
  out.push(`| \`${short(c.command)}\` | ${count(p.documents)} | ${count(p.roundTrips)} | ${cpu(p)} | ${p.concurrentCommits.toFixed(2)} | ${share(run, c.command)} | ${cpu(pg)} | ${pg ? pg.concurrentCommits.toFixed(2) : '—'} | ${share(run.postgres, c.command)} |`);
}
out.push('', ...otherFigures(run));
console.log(out.join('\n'));
