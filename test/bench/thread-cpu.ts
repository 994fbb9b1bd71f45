import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on Linux). */
const TICK_MS = 10;

/**
 * CPU milliseconds used so far by each thread of this process, from /proc (Linux only; empty elsewhere), keyed by
 * thread id: the main thread is the one whose id is the process id; libuv's pool threads run the sqlite3 driver's
 * statements; V8's platform threads run the garbage collector's concurrent and parallel work.
 */
export function threadCpu(): Map<number, number> {
  const out = new Map<number, number>();
  let tids: string[];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    return out;
  }
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(tid), (Number(fields[11]) + Number(fields[12])) * TICK_MS);
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return out;
}

/** The CPU used between two `threadCpu()` readings: the main thread's and the other threads' together, in ms. */
export function splitCpu(before: Map<number, number>, after: Map<number, number>): { main: number; others: number } {
  let main = 0;
  let others = 0;
  for (const [tid, ms] of after) {
    const used = ms - (before.get(tid) ?? 0);
    if (tid === process.pid) main += used;
    else others += used;
  }
  return { main, others };
}
