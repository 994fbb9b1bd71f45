/**
 * Lists the documents each mutating command writes (key, bytes) and the reads it validates, as the engine's commit
 * sees them: `node --import tsx test/bench/docs-of.ts [ACCOUNTS]`.
 */
import { EncodedDocument } from '../../adapters/store/engine.js';
import { benchAccountId, benchProject, benchService, benchUser, issueVouchers, loadAccounts, openBenchStore, warmUp } from './bench-store.js';

const accounts = Number(process.argv[2] ?? 20);
const store = await openBenchStore('docs');
await loadAccounts(store, accounts);
await issueVouchers(store, 'BENCH', 50);
await warmUp(store, accounts);
let log: string[] | undefined;
const commit = store.engine.commit.bind(store.engine);
store.engine.commit = async (request) => {
  if (log) {
    for (const [key, value] of request.writes) {
      const json = value instanceof EncodedDocument ? value.json : JSON.stringify(value);
      log.push(`  ${key.padEnd(72)} ${value === null ? 'DELETE' : `${json.length} B`}`);
    }
    log.push(`  (reads checked: ${[...request.reads].map(([k, v]) => `${k}${v === 0 ? '=absent' : ''}`).join(', ')})`);
  }
  return commit(request);
};
const show = async (title: string, f: () => Promise<unknown>) => {
  log = [];
  const r = await f();
  console.log(`${title}: ${log.filter((l) => !l.startsWith('  (')).length} documents`);
  console.log(log.join('\n'));
  log = undefined;
  return r;
};
for (let round = 0; round < 2; round++) {
  const a = round;
  const buy = await show(`/credit buy 100 ${benchProject(a)}`, () => store.run(benchUser(a), 'credit', `buy 100 ${benchProject(a)}`));
  const order = /ORD-[A-Z0-9]+/.exec(JSON.stringify(buy))![0];
  await show(`/voucher activate BENCH-${a}`, () => store.run(benchUser(a), 'voucher', `activate BENCH-${a} ${benchProject(a)}`));
  await show(`/orders pay ${order}`, () => store.run(benchUser(a), 'orders', `pay ${order}`));
  await show(`/contacts change billing`, () => store.run(benchUser(a), 'contacts', `change ${benchService(a, 1)} billing=${benchAccountId(a + 1)}`));
}
await store.close();
