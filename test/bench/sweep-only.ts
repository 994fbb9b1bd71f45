/** The sweep section alone: `node --import tsx test/bench/sweep-only.ts [SIZES] [DUE]`, e.g. `10000,1000000 1000`. */
import { sweepScaling } from './sweep.bench.js';
const sizes = (process.argv[2] ?? '10000,100000,1000000').split(',').map(Number);
const due = Number(process.argv[3] ?? 1000);
for (const s of await sweepScaling(sizes, due)) console.log(JSON.stringify(s));
