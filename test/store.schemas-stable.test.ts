import { afterEach, expect, it } from 'vitest';
import type { z } from 'zod';
import { COLLECTIONS } from '../adapters/store/collections.js';
import { PendingConnectionDoc } from '../adapters/store/connection.repository.js';
import { Confirmation } from '../src/domain/confirmation.js';
import { Lease } from '../src/domain/lease.js';
import { KeptSecret, PendingAction } from '../src/domain/records.js';
import { makeHarness, type Harness } from './support/harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Every schema a repository writes through `putDoc` (or with its check), by key prefix. */
const SCHEMAS: [string, z.ZodType][] = [
  ...COLLECTIONS.map((c) => [c.prefix, c.schema] as [string, z.ZodType]),
  ['act:', PendingAction],
  ['lease:', Lease],
  ['confirm:', Confirmation],
  ['keptx:', KeptSecret],
  ['kept:', KeptSecret],
  ['conn-pending:', PendingConnectionDoc],
];

it('GIVEN the documents commands write WHEN each passes its schema again after being stored as JSON THEN it comes out unchanged (the engine skips the check of a document written through it)', async () => {
  h = await makeHarness();
  for (const line of [
    '@alice /credit buy 100 pc-demo',
    '@alice /voucher activate WELCOME-50 pc-demo',
    '@alice /contacts change pc-demo billing=dave-ovh',
    '@alice /reminders subscribe contact',
    '@alice /renew delete-now vps-demo-1',
  ]) expect((await h.run(line)).tone, line).not.toBe('error');
  const order = /ORD-[A-Z0-9]+/.exec(JSON.stringify(await h.run('@alice /credit buy 50 pc-demo')))![0];
  expect((await h.run(`@alice /orders pay ${order}`)).tone).not.toBe('error');
  const rows = await h.engine.range('', '\uffff', { limit: 100_000 });
  const seen = new Set<string>();
  for (const row of rows) {
    const found = SCHEMAS.filter(([prefix]) => row.key.startsWith(prefix)).sort((a, b) => b[0].length - a[0].length)[0];
    if (!found) continue;
    const [prefix, schema] = found;
    const stored = JSON.parse(JSON.stringify(schema.parse(row.value))) as unknown;
    const again = schema.parse(stored);
    expect(JSON.stringify(again), row.key).toBe(JSON.stringify(stored));
    expect(again, row.key).toEqual(stored);
    seen.add(prefix);
  }
  for (const prefix of ['acct:', 'svc:', 'link:', 'order:', 'voucher:', 'wallet:', 'creq:', 'act:', 'audit:', 'mail:', 'keptx:', 'confirm:']) {
    expect(seen, prefix).toContain(prefix);
  }
});
