/**
 * `node --import tsx test/bench/slack-only.ts [ACCOUNTS] [COMMANDS] [DIR]`: only the "Slack, as in production"
 * section (load generator, fake Web API and bot in their own processes), on a store of ACCOUNTS accounts built in
 * DIR (or a temp folder; an existing DIR/store.sqlite is reused, so repeated runs skip the build). Prints its figures.
 * GUICHET_BENCH_BOT_NODE_ARGS passes Node options to the bot (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { openBenchStore } from './bench-store.js';
import { slackProcesses } from './slack-processes.bench.js';

const [accountsArg = '1000', nArg = '2000', dirArg] = process.argv.slice(2);
const accounts = Number(accountsArg);
const dir = dirArg ?? mkdtempSync(join(tmpdir(), 'guichet-bench-slack-'));
mkdirSync(dir, { recursive: true });
if (!existsSync(join(dir, 'store.sqlite'))) {
  await promisify(execFile)(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'store-load.ts'), dir, String(accounts)], { maxBuffer: 1 << 20 });
}
const store = await openBenchStore('slack', dir);
try {
  const f = await slackProcesses(store, accounts, Number(nArg), 32);
  const c = f.cpuMsPerCommand;
  const ms = (x: number | undefined) => (x === undefined ? '?' : x.toFixed(2));
  console.log(
    `no-op ${f.noop.perSecond.toFixed(0)}/s p50 ${f.noop.p50Ms.toFixed(1)} | Guichet ${f.guichet.perSecond.toFixed(0)}/s p50 ${f.guichet.p50Ms.toFixed(1)} p99 ${f.guichet.p99Ms.toFixed(1)}` +
      ` ratio ${(f.guichet.perSecond / f.noop.perSecond).toFixed(2)} | ack p50 ${f.guichetAck.p50Ms.toFixed(1)} p99 ${f.guichetAck.p99Ms.toFixed(1)}` +
      ` | replies by ack ${f.guichetRepliesBy.ack} by response_url ${f.guichetRepliesBy.responseUrl}` +
      ` | CPU ms/command: bot ${ms(c.guichet)} no-op ${ms(c.noopApp)} fake ${ms(c.fake)} load ${c.guichetLoad.toFixed(2)}/${c.noopLoad.toFixed(2)}`,
  );
} finally {
  await store.close({ keep: dirArg !== undefined });
}
