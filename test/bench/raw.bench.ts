import type { BenchStore } from './bench-store.js';
import { runLoop, type Measure } from './measure.js';

/** A typical ~200-byte document (the size of an account or a service once serialised). */
export function typicalDocument(i: number): Record<string, unknown> {
  return {
    id: `raw-${i}`, kind: 'vps', owner: 'bench-0000001',
    contacts: { admin: 'bench-0000001', billing: 'bench-0000001', tech: 'bench-0000001' },
    state: 'active', createdAt: '2026-01-01T00:00:00.000Z', expiresAt: '2027-01-01T00:00:00.000Z',
  };
}

/** Raw store figures: keyv set/get through the engine's own Keyv instance, sequential and concurrent. */
export interface RawFigures {
  readonly documentBytes: number;
  readonly setSequential: Measure;
  readonly setConcurrent: Measure;
  readonly getSequential: Measure;
  readonly getConcurrent: Measure;
  /** CPU milliseconds per sequential set (every thread of the process: JavaScript and the driver's database work). */
  readonly setCpuMs: number;
  /** Sets per second of each block of the sequential set, in the order they ran (`setSequential` is the median one). */
  readonly setSequentialBlocks: readonly number[];
}

/**
 * Blocks the sequential set is measured in, one after another; its figure is the block with the median rate, so that
 * a hiccup of a shared machine (a slow fsync in one of the WAL checkpoints the loop triggers) moves one block rather
 * than the baseline of every ratio of the run.
 */
const SET_BLOCKS = 5;

/** Measures keyv.set/get of a typical document on the same SQLite file, driver and settings Guichet uses. */
export async function rawBaseline(store: BenchStore, n: number, concurrency: number): Promise<RawFigures> {
  const keyv = store.engine.keyv;
  const doc = typicalDocument(0);
  const per = Math.max(1, Math.floor(n / SET_BLOCKS));
  const cpu = process.cpuUsage();
  const blocks: Measure[] = [];
  for (let b = 0; b < SET_BLOCKS; b++) blocks.push(await runLoop(per, 1, (i) => keyv.set(`raw:seq:${b * per + i}`, typicalDocument(b * per + i))));
  const used = process.cpuUsage(cpu);
  const setCpuMs = (used.user + used.system) / 1000 / (per * SET_BLOCKS);
  const setSequential = [...blocks].sort((a, b) => a.perSecond - b.perSecond)[Math.floor(SET_BLOCKS / 2)]!;
  const setConcurrent = await runLoop(n, concurrency, (i) => keyv.set(`raw:conc:${i}`, typicalDocument(i)));
  // Reads of keys not read before, spread over what was written (Keyv has no cache of its own).
  const getSequential = await runLoop(n, 1, (i) => keyv.get(`raw:seq:${(i * 7919) % (per * SET_BLOCKS)}`));
  const getConcurrent = await runLoop(n, concurrency, (i) => keyv.get(`raw:conc:${(i * 7919) % n}`));
  return { documentBytes: JSON.stringify(doc).length, setCpuMs, setSequential, setSequentialBlocks: blocks.map((m) => m.perSecond), setConcurrent, getSequential, getConcurrent };
}
