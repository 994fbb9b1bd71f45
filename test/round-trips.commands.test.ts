import { afterEach, describe, expect, it } from 'vitest';
import type { KeyvSqliteEngine } from '../adapters/store/keyv-sqlite.engine.js';
import type { StorageEngine } from '../adapters/store/engine.js';
import { makeHarness, type Harness } from './support/harness.js';

let h: Harness;
let engine: KeyvSqliteEngine;
afterEach(async () => h?.close());

/** A SQLite harness whose engine's counters the test reads (round trips the database answered, cache hits excluded). */
async function open(): Promise<void> {
  h = await makeHarness({ engine: 'sqlite', wrap: (e: StorageEngine) => (engine = e as KeyvSqliteEngine) });
}

/** The store round trips of one command, by kind. */
async function tripsOf(line: string): Promise<{ fetches: number; scans: number; commits: number; tone: string | undefined }> {
  const before = { ...engine.stats };
  const reply = await h.run(line);
  await new Promise((r) => setImmediate(r));
  const s = engine.stats;
  return { fetches: s.fetches - before.fetches, scans: s.scans - before.scans, commits: s.commits - before.commits, tone: reply.tone };
}

describe('store round trips of mutating commands', () => {
  it('GIVEN alice’s link, account and project in the cache WHEN she activates a voucher THEN its code and her attempt counter are fetched in one round trip, then committed (two in all)', async () => {
    await open();
    await h.run('/credit list pc-demo'); // reads her link, account, project and wallet, as any earlier command would
    expect(await tripsOf('/voucher activate WELCOME-50 pc-demo')).toEqual({ fetches: 1, scans: 0, commits: 1, tone: 'success' });
  });

  it('GIVEN alice’s link, account and services in the cache and a new account erin WHEN alice asks to change the billing contact of vps-demo-1 (its open-request entry never read) to erin THEN erin’s account, her target guard, that entry and the chat users of both accounts told are fetched in one round trip, then the target-limit scan (after the guard, so it is no longer alongside), then the commit', async () => {
    await open();
    await h.uow.run(async (tx) => {
      tx.accounts.put({ ...(await tx.accounts.get('dave-ovh'))!, id: 'erin-ovh', name: 'Erin', email: 'erin@example.fr' });
      await tx.links.put({ chatUser: 'console:local/erin', account: 'erin-ovh', linkedBy: 'test', linkedAt: h.clock.now().toISOString() });
      return { commit: true, result: undefined };
    });
    await h.run('/contacts show pc-demo');
    expect(await tripsOf('/contacts change vps-demo-1 billing=erin-ovh')).toEqual({ fetches: 1, scans: 1, commits: 1, tone: 'success' });
  });

  it('GIVEN an order alice just placed WHEN she pays it THEN the order (a new document is not cached) and the chat users to tell are fetched in one round trip, then committed: two round trips', async () => {
    await open();
    await h.run('/credit list pc-demo');
    const id = /ORD-[A-Z0-9]{8}/.exec(await h.text('/credit buy 10 pc-demo'))![0];
    expect(await tripsOf(`/orders pay ${id}`)).toEqual({ fetches: 1, scans: 0, commits: 1, tone: 'success' });
  });
});
