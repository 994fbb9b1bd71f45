/**
 * A/B of the commit alone: `node --import tsx test/bench/commit-docs-ab.ts ACCOUNTS ROUNDS` writes, in alternation on
 * one bench store, the documents `/orders pay` and `/voucher activate` wrote before (11 and 6) and write now (9 and
 * 5), with the same keys and sizes (fresh IDs each time), and prints the median commit time of each shape.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { EncodedDocument } from '../../adapters/store/engine.js';
import { benchAccountId, benchProject, openBenchStore } from './bench-store.js';

const [accounts, rounds] = [Number(process.argv[2] ?? 10000), Number(process.argv[3] ?? 2000)];
const where = mkdtempSync(join(tmpdir(), 'guichet-commit-ab-'));
await promisify(execFile)(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'store-load.ts'), where, String(accounts)], { maxBuffer: 1 << 20 });
const store = await openBenchStore('commit-ab', where);
const doc = (bytes: number) => new EncodedDocument({ pad: 'x'.repeat(Math.max(0, bytes - 10)) });
let seq = 0;
const at = (days: number) => new Date(Date.parse('2026-11-23T09:00:00.000Z') + days * 86_400_000 + seq).toISOString();
type Shape = (a: number) => Map<string, unknown>;
const pay = (before: boolean): Shape => (a) => {
  const o = `ORD-${String(++seq).padStart(8, '0')}`; const acct = benchAccountId(a); const p = benchProject(a);
  const w = new Map<string, unknown>([
    [`due:${at(395)}:credit-expiry:${p}:CR-${o}`, doc(97)], [`due:${at(29)}:reminder:credit:${p}:CR-${o}`, doc(99)],
    [`wallet:${p}`, doc(1041)], [`wallet-delivery:${o}/0`, doc(89)], [`order:${o}`, doc(601)],
    [`order-by-acct:${acct}:${at(0)}:${o}`, doc(14)], [`order-open:${acct}:${at(0)}:${o}`, null], [`due:${at(1)}:order-unpaid:${o}`, null],
    [`audit:${at(0)}:${o}`, doc(269)], [`mail:${acct}:${at(0)}:${o}`, doc(205)], [`invd:2026-11-23:${o}`, doc(468)],
  ]);
  if (!before) { w.delete(`due:${at(395)}:credit-expiry:${p}:CR-${o}`); w.delete(`order-by-acct:${acct}:${at(0)}:${o}`); }
  return w;
};
const voucher = (before: boolean): Shape => (a) => {
  const v = `V-${++seq}`; const p = benchProject(a);
  const w = new Map<string, unknown>([
    [`due:${at(90)}:voucher-expiry:${p}:${v}`, doc(92)], [`due:${at(-276)}:reminder:voucher:${p}:${v}`, doc(94)],
    [`wallet:${p}`, doc(766)], [`voucher:${v}`, doc(268)], [`audit:${at(0)}:${v}`, doc(277)], [`invd:2026-11-23:${v}`, doc(438)],
  ]);
  if (!before) w.delete(`due:${at(90)}:voucher-expiry:${p}:${v}`);
  return w;
};
const shapes: [string, Shape][] = [['pay before (11)', pay(true)], ['pay now (9)', pay(false)], ['voucher before (6)', voucher(true)], ['voucher now (5)', voucher(false)]];
const times = shapes.map(() => [] as number[]);
for (let r = 0; r < rounds; r++) {
  for (const [i, [, shape]] of shapes.entries()) {
    const writes = shape((r * 7 + i) % accounts);
    const t0 = performance.now();
    if (!(await store.engine.commit({ reads: new Map(), writes }))) throw new Error('conflict');
    times[i]!.push(performance.now() - t0);
  }
}
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
for (const [i, [name]] of shapes.entries()) console.log(`${name.padEnd(20)} median ${median(times[i]!).toFixed(3)} ms  mean ${mean(times[i]!).toFixed(3)} ms`);
await store.close();
