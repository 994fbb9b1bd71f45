import { ABSENT, type CommitRequest } from '../../adapters/store/engine.js';
import type { Reply } from '../../src/core/reply.js';
import { benchAccountId, benchProject, benchService, benchUser, inBatches, issueVouchers, putAccount, SERVICES_PER_ACCOUNT, type BenchStore } from './bench-store.js';
import type { CommandFigures } from './core.bench.js';
import { runLoop, type Measure } from './measure.js';
import type { Row } from './report.js';

/** The store's own rate for one command's writes: its commit alone, without the command around it. */
export interface CommitLimitFigures {
  /** The command whose commit is replayed (as the core section names it). */
  readonly command: string;
  readonly documents: number;
  readonly reads: number;
  /** Of `documents`, those that existed before the commit (it updates or deletes them): a fresh copy of each is written before every replay, unmeasured. */
  readonly existing: number;
  readonly sequential: Measure;
  readonly concurrent: Measure;
}

/** The command's own rate as a fraction of its commit alone (1 client, many), when `commands` measured it. */
export function shareOf(limit: CommitLimitFigures, commands: readonly CommandFigures[]): { sequential: number; concurrent: number } | undefined {
  const own = commands.find((x) => x.command === limit.command);
  return own && { sequential: own.sequential.perSecond / limit.sequential.perSecond, concurrent: own.concurrent.perSecond / limit.concurrent.perSecond };
}

/** Sizes of the section: the bench account whose commands are captured, and the replays of each phase. */
export interface CommitLimitSizes {
  readonly account: number;
  readonly n: number;
  readonly concurrency: number;
}

/** A mutating command of the core section: what it needs first (unmeasured), then the command whose commit is captured. */
interface Captured {
  readonly command: string;
  prepare(store: BenchStore, a: number): Promise<{ user: string; command: string; text: string }>;
}

const ORDER_ID = /ORD-[A-Z0-9]+/;
/** The bench account `/contacts change` names as billing contact, out of the bench accounts' range. */
const BILLING_TARGET = 9_999_999;
const ok = (what: string, r: Reply): Reply => {
  if (r.tone === 'error') throw new Error(`bench: ${what} failed: ${r.code}`);
  return r;
};

const COMMANDS: readonly Captured[] = [
  { command: '/credit buy 100 PROJECT', prepare: async (_, a) => ({ user: benchUser(a), command: 'credit', text: `buy 100 ${benchProject(a)}` }) },
  {
    command: '/orders pay ORDER',
    prepare: async (store, a) => {
      const bought = ok('/credit buy', await store.run(benchUser(a), 'credit', `buy 100 ${benchProject(a)}`));
      const order = ORDER_ID.exec(JSON.stringify(bought))?.[0];
      if (!order) throw new Error('bench: no order ID in the /credit buy reply');
      return { user: benchUser(a), command: 'orders', text: `pay ${order}` };
    },
  },
  {
    command: '/voucher activate CODE PROJECT',
    prepare: async (store, a) => {
      await issueVouchers(store, 'LIMIT', 1);
      return { user: benchUser(a), command: 'voucher', text: `activate LIMIT-0 ${benchProject(a)}` };
    },
  },
  {
    // The account's last service (the core section changes the first ones: an open request would refuse this one),
    // to an account of its own that no request names yet (three open ones naming it would refuse this one).
    command: '/contacts change SERVICE billing=ID',
    prepare: async (store, a) => {
      const now = store.clock.now();
      await inBatches(store, BILLING_TARGET, BILLING_TARGET + 1, 1, (tx, i) => putAccount(tx, i, now));
      return { user: benchUser(a), command: 'contacts', text: `change ${benchService(a, SERVICES_PER_ACCOUNT - 1)} billing=${benchAccountId(BILLING_TARGET)}` };
    },
  },
];

/** Runs the command and gives the one commit with writes it made, with those of its documents that existed before it, as they were. */
async function capture(store: BenchStore, what: { user: string; command: string; text: string }) {
  const commits: { request: CommitRequest; before: Map<string, unknown> }[] = [];
  const { engine } = store;
  const commit = engine.commit.bind(engine);
  engine.commit = async (request) => {
    if (request.writes.size === 0) return commit(request);
    const keys = [...request.writes.keys()];
    const read = await engine.readMany(keys);
    commits.push({ request, before: new Map(keys.flatMap((key, i) => (read[i]!.version === ABSENT ? [] : [[key, read[i]!.value]]))) });
    return commit(request);
  };
  try {
    ok(`/${what.command} ${what.text}`, await store.run(what.user, what.command, what.text));
  } finally {
    engine.commit = commit;
  }
  if (commits.length !== 1) throw new Error(`bench: /${what.command} made ${commits.length} commits with writes, not one`);
  return commits[0]!;
}

const fresh = (key: string, k: number) => `${key}~${k}`;
const CHUNK = 500;

/**
 * Writes `docs` (`null`: deletes them) under their fresh keys for each replay in [from, from + n), unmeasured, 500
 * replays per commit, and gives each replay the version its documents got (one per commit).
 */
async function putFresh(store: BenchStore, docs: ReadonlyMap<string, unknown>, from: number, n: number): Promise<number[]> {
  const versions: number[] = [];
  if (docs.size === 0) return versions;
  const probe = [...docs.keys()][0]!;
  for (let start = from; start < from + n; start += CHUNK) {
    const end = Math.min(from + n, start + CHUNK);
    const writes = new Map<string, unknown>();
    for (let k = start; k < end; k++) for (const [key, value] of docs) writes.set(fresh(key, k), value);
    if (!(await store.engine.commit({ reads: new Map(), writes }))) throw new Error('bench: a commit of copies or deletions was refused');
    const { version } = await store.engine.read(fresh(probe, start));
    for (let k = start; k < end; k++) versions[k] = version;
  }
  return versions;
}

/**
 * For each mutating command of the core section (typed by the user of account `account`), captures the commit it
 * makes (its documents and the versions it checks), then replays it through the engine `n` times, 1 client and then
 * `concurrency` at once, with no command around it: what the command could reach if the core cost nothing, the
 * store's limit for it. Every replay writes under fresh keys (a suffix per
 * replay): new documents (order, audit entry, invocation record) are new there and their absence checks pass. A
 * document the commit updates or deletes (the wallet, the order, its open-order and due entries) must exist to be
 * updated or deleted as the command does: a copy of it as it was before the command is written under the replay's
 * key beforehand, unmeasured, and the replay checks that copy's version — the same store work as the command's
 * (version checked, row replaced or deleted), where checking the version a replay just wrote would chain the
 * replays and measure none concurrently. Documents only read (link, account, project) keep their key and version.
 * The copies are not in the engine's cache (the command's wallet and order are), so the replay does not refresh it.
 * Afterwards the replays' documents are deleted, unmeasured: their due entries (a voucher's reminder is due at once)
 * would otherwise be work for the sections after (the mark window's job run).
 */
export async function commitLimits(store: BenchStore, sizes: CommitLimitSizes): Promise<CommitLimitFigures[]> {
  const { account: a, n, concurrency } = sizes;
  const out: CommitLimitFigures[] = [];
  for (const [c, spec] of COMMANDS.entries()) {
    const { request, before } = await capture(store, await spec.prepare(store, a));
    const { reads, writes } = request;
    if ([...reads].some(([key, version]) => version !== ABSENT && writes.has(key) && !before.has(key))) throw new Error(`bench: ${spec.command} checks a version of a document it writes that was absent`);
    const base = c * 2 * n; // fresh keys of no other command's replays (they share the wallet's key)
    const versions = await putFresh(store, before, base, 2 * n);
    const replay = (offset: number) => async (i: number) => {
      const k = base + offset + i;
      const accepted = await store.engine.commit({
        reads: new Map([...reads].map(([key, version]) => (version === ABSENT ? [fresh(key, k), ABSENT] : writes.has(key) ? [fresh(key, k), versions[k]!] : [key, version]))),
        writes: new Map([...writes].map(([key, value]) => [fresh(key, k), value])),
      });
      if (!accepted) throw new Error(`bench: a replayed commit of ${spec.command} was refused`);
    };
    const sequential = await runLoop(n, 1, replay(0));
    const concurrent = await runLoop(n, concurrency, replay(n));
    await putFresh(store, new Map([...writes.keys()].map((key) => [key, null])), base, 2 * n);
    out.push({ command: spec.command, documents: writes.size, reads: reads.size, existing: before.size, sequential, concurrent });
  }
  return out;
}

/** The table's rows of the section: each command's commit alone, 1 client and `concurrency`, against `base` (the raw sequential set). */
export function commitLimitRows(limits: readonly CommitLimitFigures[], section: string, concurrency: number, base: number, ratioLabel?: string): Row[] {
  return limits.flatMap((l) => [
    { section, name: `${l.command}: its commit alone (${l.documents} documents), 1 client`, m: l.sequential, ratio: l.sequential.perSecond / base, ratioLabel },
    { section, name: `${l.command}: its commit alone, ${concurrency} clients`, m: l.concurrent, ratio: l.concurrent.perSecond / base, ratioLabel },
  ]);
}

/** "/credit buy 100 PROJECT runs at 47 % of its commit alone with 1 client, 53 % with 32", for each command the run measured. */
export function shareLines(limits: readonly CommitLimitFigures[], commands: readonly CommandFigures[], concurrency: number): string[] {
  const pc = (x: number) => `${(100 * x).toFixed(0)} %`;
  return limits.flatMap((l) => {
    const share = shareOf(l, commands);
    return share ? [`${l.command} runs at ${pc(share.sequential)} of its commit alone with 1 client, ${pc(share.concurrent)} with ${concurrency}`] : [];
  });
}
