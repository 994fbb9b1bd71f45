import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeHarness, type Harness } from './support/harness.js';
import { createDatabase, POSTGRES_URL, type TestDatabase } from './support/postgres.js';
import { runChild } from './support/spawn.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Read-only commands whose replies must be the same on the moved store. */
const LOOKS = [
  '/account', '/account emails 10', '/account audit', '/credit list pc-demo', '/orders', '/renew status', '/reminders list',
  '/contacts requests', '@dave /contacts requests', '@dave /account emails 10', '@root /guichet admin audit 20', '@root /guichet admin links',
];

/** Exports leave out the tokens kept in service mails (by design), and an import is audited: both are set aside. */
let tokens: string[] = [];
const normalise = (t: string) => tokens
  .reduce((x, token) => x.replaceAll(token, '{secret}'), t)
  .replaceAll('(no longer valid: expired or used)', '{secret}')
  .replaceAll('(plus valable : expiré ou utilisé)', '{secret}')
  .split('\n').filter((l) => !l.includes('store.import')).join('\n');

async function looks(h: Harness, orders: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const line of [...LOOKS, ...orders.map((o) => `/orders show ${o}`)]) out.push(normalise(await h.text(line)));
  return out;
}

/** The `guichet` operator tool (export/import) on a store. */
async function cli(store: string, args: string[]): Promise<string> {
  const r = await runChild(process.execPath, ['--import', 'tsx', 'adapters/cli.ts', ...args], { GUICHET_STORE: store, GUICHET_NOW: '2026-11-23T09:00:00Z' }, '');
  if (r.code !== 0) throw new Error(`guichet ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

describe.skipIf(!POSTGRES_URL)('moving a store between SQLite and PostgreSQL', () => {
  it('GIVEN a SQLite store that served orders, vouchers, charges, a contact change and reminders WHEN it is exported, imported into PostgreSQL, and back into a new SQLite file THEN every command gives the same replies on each', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'guichet-move-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const sqlite = await makeHarness({ uri: `sqlite://${join(dir, 'a.sqlite')}` });
    const bought = await sqlite.text('/credit buy 100 pc-demo');
    const order = /ORD-[A-Z0-9]{8}/.exec(bought)![0];
    await sqlite.run(`/orders pay ${order}`);
    const unpaid = /ORD-[A-Z0-9]{8}/.exec(await sqlite.text('/credit buy 40 pc-demo'))![0];
    await sqlite.run('/voucher activate WELCOME-50 pc-demo');
    await sqlite.run('@root /guichet admin charge pc-demo 120');
    await sqlite.run('/contacts change pc-demo billing=dave-ovh');
    await sqlite.run('/reminders subscribe');
    await sqlite.run('@root /guichet admin run-jobs');
    const seen = await looks(sqlite, [order, unpaid]);
    expect(seen.join('\n')).toContain(order);
    tokens = [...seen.join('\n').matchAll(/(?:confirmation token|code de confirmation) ?: ([A-Z0-9]{10})/g)].map((m) => m[1]!);
    expect(tokens).toHaveLength(2);
    const before = seen.map(normalise);
    await sqlite.close();

    const exported = await cli(`sqlite://${join(dir, 'a.sqlite')}`, ['export']);
    const file = join(dir, 'backup.json');
    writeFileSync(file, exported);
    const db: TestDatabase = await createDatabase('move');
    cleanups.push(() => db.drop());
    await cli(db.uri, ['import', file, '--yes']);
    const pg = await makeHarness({ uri: db.uri, demo: false });
    cleanups.push(() => pg.close());
    expect(await looks(pg, [order, unpaid])).toEqual(before);

    const back = join(dir, 'back.json');
    writeFileSync(back, await cli(db.uri, ['export']));
    await cli(`sqlite://${join(dir, 'b.sqlite')}`, ['import', back, '--yes']);
    const again = await makeHarness({ uri: `sqlite://${join(dir, 'b.sqlite')}`, demo: false });
    cleanups.push(() => again.close());
    expect(await looks(again, [order, unpaid])).toEqual(before);
    // And the moved store goes on working: the unpaid order is paid on PostgreSQL.
    expect(await pg.text(`/orders pay ${unpaid}`)).toMatch(/paid|payée/i);
  }, 120_000);
});
