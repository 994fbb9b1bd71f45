import { ABSENT, type CommitRequest } from '../../adapters/store/engine.js';
import { benchProject, benchUser, type BenchStore } from './bench-store.js';
import { runLoop, type Measure } from './measure.js';

/** The store's own rate for one command's writes: its commit alone, without the command around it. */
export interface CommitLimitFigures {
  /** The command whose commit is replayed. */
  readonly command: string;
  readonly documents: number;
  readonly reads: number;
  readonly sequential: Measure;
  readonly concurrent: Measure;
}

/**
 * Captures the commit one `/credit buy` makes (its documents and the versions it checks), then replays it through the
 * engine `n` times, 1 client and then `concurrency` at once: every new key and every key checked absent gets a fresh
 * suffix per replay (as a new order, audit entry and invocation record would), the keys checked present keep their
 * version. What a mutating command could reach if the core around its commit cost nothing: the store's limit for it.
 */
export async function commitLimit(store: BenchStore, account: number, n: number, concurrency: number): Promise<CommitLimitFigures> {
  let captured: CommitRequest | undefined;
  const commit = store.engine.commit.bind(store.engine);
  store.engine.commit = (request) => {
    if (request.writes.size > 0) captured ??= request;
    return commit(request);
  };
  try {
    const r = await store.run(benchUser(account), 'credit', `buy 100 ${benchProject(account)}`);
    if (r.tone === 'error') throw new Error(`bench: /credit buy failed: ${r.code}`);
  } finally {
    store.engine.commit = commit;
  }
  if (!captured) throw new Error('bench: /credit buy made no commit');
  const { reads, writes } = captured;
  const fresh = (key: string, i: number) => `${key}~${i}`;
  const replay = (offset: number) => async (i: number) => {
    const k = offset + i;
    const ok = await store.engine.commit({
      reads: new Map([...reads].map(([key, version]) => [version === ABSENT || writes.has(key) ? fresh(key, k) : key, version])),
      writes: new Map([...writes].map(([key, value]) => [fresh(key, k), value])),
    });
    if (!ok) throw new Error('bench: a replayed commit was refused');
  };
  const sequential = await runLoop(n, 1, replay(0));
  const concurrent = await runLoop(n, concurrency, replay(n));
  return { command: '/credit buy 100 PROJECT', documents: writes.size, reads: reads.size, sequential, concurrent };
}
