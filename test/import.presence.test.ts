import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runImport } from '../adapters/import-cli.js';
import { createRuntime } from '../adapters/runtime.js';
import { exportStore } from '../adapters/store/backup.js';
import { KeyvPostgresEngine } from '../adapters/store/keyv-postgres.engine.js';
import { MemoryEngine } from '../adapters/store/memory.engine.js';
import { LEASE_TTL_MS, Presence } from '../adapters/store/presence.js';
import { DocumentUnitOfWork } from '../adapters/store/unit-of-work.js';
import { ManualClock } from '../src/ports/clock.js';
import { makeHarness, type Harness } from './support/harness.js';
import { createDatabase, POSTGRES_URL } from './support/postgres.js';
import { ROOT, runChild } from './support/spawn.js';

const hs: Harness[] = [];
const dirs: string[] = [];
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
  for (const h of hs.splice(0)) await h.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'guichet-presence-'));
  dirs.push(dir);
  return dir;
}

/** An export of the demo store in a file. */
async function backupFile(dir: string): Promise<string> {
  const h = await makeHarness();
  hs.push(h);
  const path = join(dir, 'backup.json');
  writeFileSync(path, JSON.stringify(await exportStore(h.engine, h.clock.now())));
  return path;
}

const cliImport = (env: Record<string, string>, file: string, ...flags: string[]) =>
  runChild(process.execPath, ['--import', 'tsx', 'adapters/cli.ts', 'import', file, '--yes', ...flags], env, '');

describe('import refuses while a Guichet process holds the store (issue 15 item 3, issue 13 item 5)', () => {
  it('GIVEN a console bot running in its own process WHEN guichet import runs THEN it is refused naming that process and writes nothing; once the bot stops cleanly the same import goes through at once', async () => {
    const dir = tempDir();
    const file = await backupFile(dir);
    const env = { GUICHET_STORE: `sqlite://${join(dir, 'store.sqlite')}`, GUICHET_NOW: '2026-11-23T09:00:00Z', LOG_LEVEL: 'warn' };
    const bot = spawn(process.execPath, ['--import', 'tsx', 'adapters/main.ts'], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    const answered = new Promise<void>((resolve) => bot.stdout.on('data', (d: Buffer) => ((out += d.toString()), out.includes('Customer ID') && resolve())));
    const exited = new Promise<number | null>((resolve) => bot.on('close', resolve));
    bot.stdin.write('/account\n');
    await answered;
    const refused = await cliImport(env, file, '--replace');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Nothing was imported. The store is in use by a running Guichet (console)');
    expect(refused.stderr).toContain(`process ${bot.pid} on ${hostname()}`);
    bot.stdin.end('@root /guichet admin link console:eve dave-ovh\n');
    expect(await exited).toBe(0);
    const imported = await cliImport(env, file, '--replace');
    expect(imported.stderr).toContain('Imported into');
    expect(imported.code).toBe(0);
  });

  it('GIVEN a runtime created in this process WHEN an import is attempted, then the runtime releases its lease THEN the import is refused, then accepted', async () => {
    const dir = tempDir();
    const file = await backupFile(dir);
    const wall = new ManualClock('2026-11-30T12:00:00Z');
    const runtime = await createRuntime({ GUICHET_STORE: `sqlite://${join(dir, 's.sqlite')}`, GUICHET_DEMO_DATA: 'off', LOG_LEVEL: 'silent' }, { wallClock: wall });
    const lines: string[] = [];
    const attempt = () => runImport({ uow: runtime.store.uow, where: 'store', file, replace: false, yes: true, clock: runtime.clock, wallClock: wall, say: (l) => lines.push(l) });
    wall.advance(LEASE_TTL_MS / 2);
    expect(await attempt()).toBe(1);
    expect(lines.join('\n')).toMatch(/The store is in use by a running Guichet \(console\): process \d+ on .*presence lease bot:/);
    await runtime.presence.release();
    expect(await attempt()).toBe(0);
    await runtime.store.uow.close();
  });
});

describe('presence leases, on any engine through the unit of work', () => {
  const engines = {
    memory: async () => new DocumentUnitOfWork(new MemoryEngine()),
    sqlite: async () => {
      const h = await makeHarness({ engine: 'sqlite', demo: false });
      hs.push(h);
      return h.uow;
    },
    postgres: async () => {
      const db = await createDatabase('presence');
      const uow = new DocumentUnitOfWork(await KeyvPostgresEngine.open({ uri: db.uri }));
      closers.push(async () => {
        await uow.close();
        await db.drop();
      });
      return uow;
    },
  };

  for (const [name, open] of Object.entries(engines)) {
    const run = name === 'postgres' && !POSTGRES_URL ? it.skip : it;
    run(`GIVEN a bot whose lease is renewed (${name}) WHEN time passes beyond its first expiry THEN an import is still refused; once renewals stop it lapses and the import clears it`, async () => {
      const uow = await open();
      const wall = new ManualClock('2026-11-30T12:00:00Z');
      const bot = await Presence.claim(uow, { role: 'bot', detail: 'slack', clock: wall, pid: 4242, host: 'box' });
      for (let i = 0; i < 4; i++) {
        wall.advance(LEASE_TTL_MS / 2);
        await bot.renew();
        expect((await Presence.blocking(uow, 'import', wall))?.message).toContain('process 4242 on box');
      }
      wall.advance(LEASE_TTL_MS + 1);
      expect(await Presence.blocking(uow, 'import', wall)).toBeUndefined();
      const importing = await Presence.claim(uow, { role: 'import', detail: 'x.json', clock: wall });
      const leases = await uow.run(async (tx) => ({ commit: false, result: await tx.presence.list() }));
      expect(leases.map((l) => l.role)).toEqual(['import']);
      await expect(Presence.claim(uow, { role: 'bot', detail: 'console', clock: wall })).rejects.toThrow(/being imported into by an import of x\.json/);
      await importing.release();
    });
  }

  it('GIVEN a bot and an import claiming the store at the same moment WHEN both run, many times THEN never do both get it', async () => {
    for (let round = 0; round < 25; round++) {
      const uow = new DocumentUnitOfWork(new MemoryEngine());
      const wall = new ManualClock('2026-11-30T12:00:00Z');
      const results = await Promise.allSettled([
        Presence.claim(uow, { role: 'bot', detail: 'console', clock: wall }),
        Presence.claim(uow, { role: 'import', detail: 'f', clock: wall }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled').length).toBeLessThanOrEqual(1);
    }
  });
});
