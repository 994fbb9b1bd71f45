import { afterEach, describe, expect, it } from 'vitest';
import type { StorageEngine } from '../adapters/store/engine.js';
import { isOpen } from '../src/domain/contact-request.js';
import { makeHarness, type Harness, type HarnessOptions } from './support/harness.js';
import { askChange, read } from './support/contacts.js';
import { createDatabase, POSTGRES_URL, type TestDatabase } from './support/postgres.js';

let h: Harness | undefined;
let db: TestDatabase | undefined;
afterEach(async () => {
  await h?.close();
  await db?.drop();
  h = db = undefined;
});

/**
 * Holds the first `n` commits once they are all asked for, then lets them (and every later one) through: the commands
 * asked together have all read what they check before any of them commits, whatever the store's timing.
 */
class CommitBarrier {
  #waiting: (() => void)[] = [];
  #armed = 0;

  /** Holds the next `n` commits until all `n` are asked for. */
  arm(n: number): void {
    this.#armed = n;
  }

  /** Wraps an engine so that its commits wait at the barrier while armed. */
  wrap = (engine: StorageEngine): StorageEngine => ({
    read: (key, check) => engine.read(key, check),
    readMany: (keys, check) => engine.readMany(keys, check),
    range: (from, to, options) => engine.range(from, to, options),
    commit: async (request) => {
      if (this.#armed > 0) {
        await new Promise<void>((resolve) => {
          this.#waiting.push(resolve);
          if (this.#waiting.length === this.#armed) {
            this.#armed = 0;
            for (const go of this.#waiting.splice(0)) go();
          }
        });
      }
      return engine.commit(request);
    },
    close: () => engine.close(),
  });
}

/** A harness on a real store (SQLite in a temp folder, or a fresh PostgreSQL database) whose commits pass `barrier`. */
async function open(kind: 'sqlite' | 'postgres', barrier: CommitBarrier, config: HarnessOptions['config'] = {}): Promise<Harness> {
  if (kind === 'sqlite') return makeHarness({ engine: 'sqlite', config, wrap: barrier.wrap });
  db = await createDatabase('targetlimit');
  return makeHarness({ uri: db.uri, config, wrap: barrier.wrap });
}

/** The open requests naming dave as the new contact, as the store holds them. */
async function openNamingDave(harness: Harness): Promise<number> {
  const listed = await read(harness, (tx) => tx.contactRequests.listForAccount('dave-ovh', undefined, 100));
  return listed.items.filter((r) => r.to === 'dave-ovh' && isOpen(r)).length;
}

describe.each(['sqlite', 'postgres'] as const)('the open-requests limit of a target under concurrency (%s store)', (kind) => {
  it.skipIf(kind === 'postgres' && !POSTGRES_URL)('GIVEN dave named by two open requests (limit three) WHEN alice asks at the same moment to make him billing contact of two more services THEN exactly one opens, the other is refused with CONTACTS.TARGET_LIMIT, and three requests name him', async () => {
    const barrier = new CommitBarrier();
    h = await open(kind, barrier);
    for (const s of ['pc-demo', 'vps-demo-1']) await askChange(h, `@alice /contacts change ${s} billing=dave-ovh`);
    expect(await openNamingDave(h)).toBe(2);
    barrier.arm(2);
    const replies = await Promise.all(['example-demo.fr', 'hosting-demo'].map((s) => h!.run(`@alice /contacts change ${s} billing=dave-ovh`)));
    expect(replies.filter((r) => r.tone === 'success')).toHaveLength(1);
    expect(replies.filter((r) => r.code === 'CONTACTS.TARGET_LIMIT')).toHaveLength(1);
    expect(await openNamingDave(h)).toBe(3);
  });

  it.skipIf(kind === 'postgres' && !POSTGRES_URL)('GIVEN a limit of one open request and none naming dave WHEN alice asks at the same moment to make him billing contact of four services THEN one opens and three are refused with CONTACTS.TARGET_LIMIT', async () => {
    const barrier = new CommitBarrier();
    h = await open(kind, barrier, { contactRequestLimits: { open: 1, refused: 3, days: 30 } });
    barrier.arm(4);
    const services = ['pc-demo', 'vps-demo-1', 'example-demo.fr', 'hosting-demo'];
    const replies = await Promise.all(services.map((s) => h!.run(`@alice /contacts change ${s} billing=dave-ovh`)));
    expect(replies.filter((r) => r.tone === 'success')).toHaveLength(1);
    expect(replies.filter((r) => r.code === 'CONTACTS.TARGET_LIMIT')).toHaveLength(3);
    expect(await openNamingDave(h)).toBe(1);
  });
});
