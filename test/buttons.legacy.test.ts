import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runImport } from '../adapters/import-cli.js';
import { exportStore } from '../adapters/store/backup.js';
import { COLLECTIONS } from '../adapters/store/collections.js';
import { DocumentTx } from '../adapters/store/document-tx.js';
import type { StorageEngine } from '../adapters/store/engine.js';
import { replyToPlainText } from '../src/core/reply.js';
import { timeOfTimedId } from '../src/domain/timed-id.js';
import { consoleUser, makeHarness, type Harness } from './support/harness.js';

const DAY = 86_400_000;
const LEGACY = 'K7M2QW9XHZ4RPT8NBJ3A'; // 20 letters of the former alphabet, as the previous version made them
const hs: Harness[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const h of hs.splice(0)) await h.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function harness(engine: 'memory' | 'sqlite'): Promise<Harness> {
  const h = await makeHarness({ engine });
  hs.push(h);
  return h;
}

/** The keys of button records and of their former index, `act:…`, `action:…` and `action-at:…`. */
const buttonKeys = async (engine: StorageEngine) => (await engine.range('act', 'act\uffff', { limit: 1000 })).map((r) => r.key).sort();

/** Copies a button's record as the previous version stored it: `action:ID` plus `action-at:EXPIRY:ID`, under an ID of its shape. */
async function legacyCopy(h: Harness, id: string): Promise<void> {
  const record = (await h.engine.read(`act:${id}`)).value as Record<string, unknown>;
  const tx = new DocumentTx(h.engine);
  tx.put(`action:${LEGACY}`, { ...record, id: LEGACY });
  tx.put(`action-at:${String(record.expiresAt)}:${LEGACY}`, LEGACY);
  expect(await h.engine.commit(tx.request(true))).toBe(true);
}

/** When a button expires: its ID says so. */
const expiryOf = (id: string) => timeOfTimedId(id)!;
const click = (h: Harness, who: string, actionId: string, id: string) => h.core.click({ id, user: consoleUser(who), actionId });

describe.each(['memory', 'sqlite'] as const)('button records (%s store)', (engine) => {
  it('GIVEN /credit buy WHEN it offers Pay THEN the button is one document act:ID and no action-at: index entry is written', async () => {
    const h = await harness(engine);
    const pay = (await h.run('@alice /credit buy 100 pc-demo')).actions![0]!;
    expect(await buttonKeys(h.engine)).toEqual([`act:${pay.id}`]);
    const record = (await h.engine.read(`act:${pay.id}`)).value as { id: string; account: string; expiresAt: string };
    expect(record).toMatchObject({ id: pay.id, account: 'alice-ovh' });
    expect(timeOfTimedId(pay.id)?.toISOString()).toBe(record.expiresAt);
  });

  it('GIVEN a button stored by the previous version (action:ID + action-at:) WHEN clicked THEN it works as before; WHEN expired more than a day THEN the jobs purge its documents (and those of the new copy), not a millisecond earlier, and a click says it is no longer valid', async () => {
    const h = await harness(engine);
    const pay = (await h.run('@alice /credit buy 100 pc-demo')).actions![0]!;
    await legacyCopy(h, pay.id);
    expect((await click(h, 'bob', LEGACY, 'k1')).code).toBe('ACTION.FOREIGN');
    expect(replyToPlainText(await click(h, 'alice', LEGACY, 'k2'))).toContain('paid');
    expect(replyToPlainText(await click(h, 'alice', LEGACY, 'k3'))).toContain('Already done');
    h.clock.set(expiryOf(pay.id));
    expect((await click(h, 'alice', LEGACY, 'k4')).code).toBe('ACTION.EXPIRED');
    h.clock.advance(DAY);
    expect(replyToPlainText(await h.run('@root /guichet admin run-jobs'))).not.toContain('button-records-purged');
    h.clock.advance(1);
    expect(replyToPlainText(await h.run('@root /guichet admin run-jobs'))).toMatch(/button-records-purged\s+2/);
    expect(await buttonKeys(h.engine)).toEqual([]);
    const gone = await click(h, 'alice', LEGACY, 'k5');
    expect(gone.code).toBe('ACTION.UNKNOWN');
    expect(replyToPlainText(gone)).toContain('This button is no longer valid.');
  });

  it('GIVEN a button WHEN the jobs run a day after it expired THEN its record is gone and a click answers as for any unknown button; a later one is kept', async () => {
    const h = await harness(engine);
    const old = (await h.run('@alice /renew delete-now vps-demo-1')).actions![0]!.id;
    h.clock.set(new Date(expiryOf(old).getTime() + DAY));
    const live = (await h.run('@alice /renew delete-now example-demo.fr')).actions![0]!.id;
    expect(old < live).toBe(true);
    h.clock.advance(1);
    expect(replyToPlainText(await h.run('@root /guichet admin run-jobs'))).toMatch(/button-records-purged\s+1/);
    expect(await buttonKeys(h.engine)).toEqual([`act:${live}`]);
    expect((await click(h, 'alice', old, 'k1')).code).toBe('ACTION.UNKNOWN');
    expect((await click(h, 'alice', live, 'k2')).code ?? '').not.toMatch(/^ACTION\./);
  });
});

describe('button records and export/import', () => {
  it('GIVEN a store holding buttons of both shapes WHEN exported and imported again with --replace THEN the file imports, no button record is exported or left behind', async () => {
    const source = await harness('sqlite');
    const pay = (await source.run('@alice /credit buy 100 pc-demo')).actions![0]!;
    await legacyCopy(source, pay.id);
    const file = await exportStore(source.engine, source.clock.now());
    expect(JSON.stringify(file)).not.toContain(pay.id);
    expect(JSON.stringify(file)).not.toContain(LEGACY);
    // No collection's prefix range holds a button key, so the new prefix never mixes with exported documents.
    for (const c of COLLECTIONS) for (const k of [`act:${pay.id}`, `action:${LEGACY}`, `action-at:x:${LEGACY}`]) expect(k.startsWith(c.prefix)).toBe(false);
    const dir = mkdtempSync(join(tmpdir(), 'guichet-buttons-import-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'backup.json'), JSON.stringify(file));
    const target = await harness('sqlite');
    await target.run('@alice /credit buy 100 pc-demo');
    await legacyCopy(target, (await buttonKeys(target.engine))[0]!.slice('act:'.length));
    const said: string[] = [];
    const code = await runImport({
      uow: target.uow, where: 'the test store', file: join(dir, 'backup.json'), replace: true, yes: true, clock: target.clock, wallClock: target.clock, say: (l) => said.push(l),
    });
    expect(code, said.join('\n')).toBe(0);
    expect(await buttonKeys(target.engine)).toEqual([]);
    const { audit: _a, ...after } = (await exportStore(target.engine, target.clock.now())).collections;
    const { audit: _b, ...before } = file.collections;
    expect(after).toEqual(before);
  });
});
