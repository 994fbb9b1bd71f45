import { readdirSync, readFileSync } from 'node:fs';
/** CPU ticks per thread of this process: name → [utime, stime]. */
export function threadCpu(): Map<string, [number, number]> {
  const out = new Map<string, [number, number]>();
  for (const tid of readdirSync('/proc/self/task')) {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const key = `${name}#${tid}`;
    out.set(key, [Number(f[11]), Number(f[12])]);
  }
  return out;
}
export function diff(a: Map<string, [number, number]>, b: Map<string, [number, number]>): string {
  const rows: string[] = [];
  for (const [k, [u, s]] of b) { const [u0, s0] = a.get(k) ?? [0, 0]; if (u - u0 + s - s0 > 0) rows.push(`${k}: user ${(u - u0) * 10} ms sys ${(s - s0) * 10} ms`); }
  return rows.join('\n');
}
