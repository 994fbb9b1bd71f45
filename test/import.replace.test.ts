import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runImport, type ImportRun } from '../adapters/import-cli.js';
import { exportStore } from '../adapters/store/backup.js';
import type { StorageEngine } from '../adapters/store/engine.js';
import { Presence } from '../adapters/store/presence.js';
import { DocumentUnitOfWork } from '../adapters/store/unit-of-work.js';
import { makeHarness, type Harness } from './support/harness.js';

const hs: Harness[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const h of hs.splice(0)) await h.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** An export of the demo store where bob's links moved to carol, written to a file. */
async function exportFile(): Promise<{ path: string; source: Harness }> {
  const source = await makeHarness();
  hs.push(source);
  await source.run('@root /guichet admin link console:eve carol-ovh');
  const dir = mkdtempSync(join(tmpdir(), 'guichet-import-'));
  dirs.push(dir);
  const path = join(dir, 'backup.json');
  writeFileSync(path, JSON.stringify(await exportStore(source.engine, source.clock.now())));
  return { path, source };
}

function importInto(target: Harness, file: string, more: Partial<ImportRun> = {}): Promise<{ code: number; said: string }> {
  const lines: string[] = [];
  return runImport({
    uow: target.uow, where: 'the test store', file, replace: false, yes: false, clock: target.clock, wallClock: target.clock,
    say: (l) => lines.push(l), ...more,
  }).then((code) => ({ code, said: lines.join('\n') }));
}

const links = (h: Harness) => h.uow.run(async (tx) => ({ commit: false, result: (await tx.links.list(undefined, 100)).items.map((l) => `${l.chatUser}→${l.account}`) }));

describe('import into a store that has data (issue 15, item 2)', () => {
  it('GIVEN a store with its own data WHEN a file is imported without --replace THEN it is refused, saying what the store holds, and nothing changes', async () => {
    const { path } = await exportFile();
    const target = await makeHarness({ engine: 'sqlite' });
    hs.push(target);
    await target.run('@root /guichet admin link console:zoe bob-ovh');
    const before = await exportStore(target.engine, target.clock.now());
    const r = await importInto(target, path, { yes: true });
    expect(r.code).toBe(1);
    expect(r.said).toMatch(/already holds 4 accounts, 5 services, 5 links.*importing would mix two stores/s);
    expect(r.said).toContain('--replace');
    expect(await exportStore(target.engine, target.clock.now())).toEqual(before);
  });

  it('GIVEN --replace WHEN imported THEN it says what it replaces, the store then holds exactly the file (nothing of the old data, no stale index), and the audit log is kept with the import recorded', async () => {
    const { path, source } = await exportFile();
    const target = await makeHarness({ engine: 'sqlite' });
    hs.push(target);
    await target.run('@root /guichet admin link console:zoe bob-ovh');
    await target.run('@alice /credit buy 100 pc-demo');
    const records = async () => (await target.engine.range('inv', 'inw', { limit: 100 })).map((row) => row.key.slice(0, 'invd:'.length));
    expect(await records()).toEqual(['invd:', 'invd:']);
    const r = await importInto(target, path, { yes: true, replace: true });
    expect(r.code).toBe(0);
    expect(await records()).toEqual([]);
    expect(r.said).toMatch(/replaces: 4 accounts, 5 services, 5 links, 1 orders, 3 vouchers.*the audit log \(2 entries\) is kept/s);
    expect((await links(target)).sort()).toEqual((await links(source)).sort());
    expect(await target.text('@alice /orders')).toContain('No order.');
    expect((await target.run('@zoe /account')).code).toBe('ACCESS.NOT_LINKED');
    const after = await exportStore(target.engine, target.clock.now());
    const before = await exportStore(source.engine, source.clock.now());
    const { audit, ...rest } = after.collections;
    const { audit: sourceAudit, ...sourceRest } = before.collections;
    expect(rest).toEqual(sourceRest);
    expect((audit as { action: string }[]).map((e) => e.action).sort()).toEqual(['admin.link', 'admin.link', 'credit.buy', 'store.import'].sort());
    expect(sourceAudit).toHaveLength(1);
  });

  it('GIVEN a replace that fails half-way WHEN Guichet then starts on the store THEN it refuses (the import did not finish); importing again with --replace completes it', async () => {
    const { path, source } = await exportFile();
    const target = await makeHarness({ engine: 'sqlite' });
    hs.push(target);
    let commits = 0;
    const failing: StorageEngine = {
      read: (k) => target.engine.read(k),
      readMany: (keys) => target.engine.readMany(keys),
      range: (f, t, o) => target.engine.range(f, t, o),
      commit: (req) => (++commits === 4 ? Promise.reject(new Error('disk full')) : target.engine.commit(req)),
      close: async () => {},
    };
    const broken = await importInto({ ...target, uow: new DocumentUnitOfWork(failing) }, path, { yes: true, replace: true }).catch((e: Error) => e);
    expect(broken).toBeInstanceOf(Error);
    const start = await Presence.claim(target.uow, { role: 'bot', detail: 'console', clock: target.clock }).catch((e: Error) => e.message);
    expect(start).toMatch(/An import into this store did not finish .*Run the import again with --replace/);
    const again = await importInto(target, path, { yes: true, replace: true });
    expect(again.code).toBe(0);
    expect((await links(target)).sort()).toEqual((await links(source)).sort());
    const bot = await Presence.claim(target.uow, { role: 'bot', detail: 'console', clock: target.clock });
    await bot.release();
  });
});

describe('import asks before writing (issue 17, item 2)', () => {
  it('GIVEN no --yes and no terminal WHEN importing THEN the summary is printed, nothing is written and it says to add --yes', async () => {
    const { path } = await exportFile();
    const target = await makeHarness({ engine: 'sqlite', demo: false });
    hs.push(target);
    const r = await importInto(target, path);
    expect(r.code).toBe(1);
    expect(r.said).toMatch(/writes: {3}4 accounts, 5 services, 5 links/);
    expect(r.said).toContain('confirm with --yes');
    expect(await links(target)).toEqual([]);
  });

  it('GIVEN a terminal WHEN the operator answers no, then yes THEN the first writes nothing and the second imports', async () => {
    const { path } = await exportFile();
    const target = await makeHarness({ engine: 'sqlite', demo: false });
    hs.push(target);
    const questions: string[] = [];
    const no = await importInto(target, path, { ask: async (q) => (questions.push(q), 'no') });
    expect(no.code).toBe(1);
    expect(questions).toEqual(['Write this into the test store? Type yes to go on: ']);
    expect(await links(target)).toEqual([]);
    const yes = await importInto(target, path, { ask: async () => 'yes' });
    expect(yes.code).toBe(0);
    expect(await links(target)).toHaveLength(5);
  });
});
