import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConsoleLine } from '../adapters/console/console.adapter.js';
import { npmStart, runChild, startConsole } from './support/spawn.js';

const dirs: string[] = [];
function store(): { dir: string; env: Record<string, string> } {
  const dir = mkdtempSync(join(tmpdir(), 'guichet-scenario-'));
  dirs.push(dir);
  return { dir, env: { GUICHET_STORE: `sqlite://${join(dir, 'data', 'g.sqlite')}`, GUICHET_NOW: '2026-11-23T09:00:00Z', LOG_LEVEL: 'warn' } };
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('console adapter', () => {
  it('GIVEN console lines WHEN parsed THEN @name, the slash and blank or comment lines are handled', () => {
    expect(parseConsoleLine('@bob /account audit')).toEqual({ user: 'bob', command: 'account', text: 'audit' });
    expect(parseConsoleLine('account')).toEqual({ user: 'alice', command: 'account', text: '' });
    expect(parseConsoleLine('   ')).toBeUndefined();
    expect(parseConsoleLine('# a comment')).toBeUndefined();
  });

  it('GIVEN a fresh store WHEN npm start reads piped commands THEN it loads the demo data, answers each line and exits 0', async () => {
    const { env } = store();
    const r = await npmStart(env, '/account\n@bob /account audit\n/guichet help\n/nonsense\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Customer ID: alice-ovh');
    expect(r.stdout).toContain('Audit of bob-ovh');
    expect(r.stdout).toContain('⚠️ No payment method: the automatic renewal of 1 service(s) will fail');
    expect(r.stdout).toContain('/account');
    expect(r.stdout).toContain('/nonsense is not a Guichet command');
    expect(r.stderr).toContain('Demo data loaded');
  });

  it('GIVEN a change made in one run WHEN the bot starts again on the same store THEN the change is still there and demo data is not reloaded', async () => {
    const { env } = store();
    await startConsole(env, '@root /guichet admin link console:eve dave-ovh\n');
    const r = await startConsole(env, '@eve /account\n@root /guichet admin audit\n');
    expect(r.stdout).toContain('Identifiant client : dave-ovh');
    expect(r.stdout.match(/admin\.link/g)).toHaveLength(1);
    expect(r.stderr).not.toContain('Demo data loaded');
  });

  it('GIVEN a wrong configuration value WHEN starting THEN start-up stops with a message naming the variable', async () => {
    const { env } = store();
    const r = await startConsole({ ...env, GUICHET_CONTACT_REQUEST_TTL_DAYS: 'seven', GUICHET_TZ: 'Mars/Olympus' }, '');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('GUICHET_CONTACT_REQUEST_TTL_DAYS');
    expect(r.stderr).toContain('GUICHET_TZ');
    expect(r.stdout).toBe('');
  });

  it('GIVEN a store WHEN exported and imported into another THEN the second has the same documents; a bad file writes nothing', async () => {
    const a = store();
    const b = store();
    await startConsole(a.env, '@root /guichet admin link slack:T1/U1 carol-ovh\n');
    const exported = await runChild('npm', ['run', 'guichet', '--', 'export'], a.env, '');
    expect(exported.code).toBe(0);
    const file = join(a.dir, 'backup.json');
    writeFileSync(file, exported.stdout);
    const bad = join(a.dir, 'bad.json');
    const broken = JSON.parse(exported.stdout.slice(exported.stdout.indexOf('\n{') + 1));
    broken.collections.accounts[0].currency = 'euro';
    writeFileSync(bad, JSON.stringify(broken));
    const refused = await runChild('npm', ['run', '--silent', 'guichet', '--', 'import', bad, '--yes'], { ...b.env }, '');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('accounts[0] (alice-ovh) currency');
    const unconfirmed = await runChild('npm', ['run', '--silent', 'guichet', '--', 'import', file], b.env, '');
    expect(unconfirmed.code).toBe(1);
    expect(unconfirmed.stderr).toContain('confirm with --yes');
    const imported = await runChild('npm', ['run', '--silent', 'guichet', '--', 'import', file, '--yes'], b.env, '');
    expect(imported.code).toBe(0);
    expect(imported.stderr).toContain('Imported into');
    expect(imported.stderr).toContain('4 accounts, 5 services, 5 links');
    const again = await runChild('npm', ['run', '--silent', 'guichet', '--', 'export'], b.env, '');
    const left = JSON.parse(exported.stdout.slice(exported.stdout.indexOf('\n{') + 1));
    const right = JSON.parse(again.stdout);
    const { audit: imported_, ...rightRest } = right.collections;
    const { audit: exported_, ...leftRest } = left.collections;
    expect(rightRest).toEqual(leftRest);
    expect(imported_).toEqual(expect.arrayContaining(exported_));
    expect(imported_.filter((e: { action: string }) => e.action === 'store.import')).toHaveLength(1);
    expect(readFileSync(file, 'utf8')).not.toContain('"secret"');
  });
});

describe('console @NAME prefix', () => {
  it('GIVEN a line of only @bob (with or without trailing spaces) WHEN parsed THEN it is a usage error naming bob, not a command typed by "bo"', () => {
    for (const line of ['@bob', '@bob   ', '@bob\t']) {
      const parsed = parseConsoleLine(line);
      expect(parsed && 'usage' in parsed ? parsed.usage.en : parsed).toContain('@bob /account');
    }
    expect(parseConsoleLine('@ /account')).toMatchObject({ usage: { en: expect.stringContaining('@NAME') } });
    expect(parseConsoleLine('@bob!x /account')).toMatchObject({ usage: { en: expect.stringContaining('@NAME') } });
    expect(parseConsoleLine('@bob/account')).toEqual({ user: 'bob', command: 'account', text: '' });
    expect(parseConsoleLine('@bob account  audit ')).toEqual({ user: 'bob', command: 'account', text: 'audit' });
  });

  it('GIVEN the console bot WHEN it reads a line of only @bob THEN it prints the usage line and goes on with the next line', async () => {
    const { env } = store();
    const r = await startConsole(env, '@bob\n@bob /account\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Type a command after @bob, e.g. @bob /account');
    expect(r.stdout).not.toContain('only @bo ');
    expect(r.stdout).toContain('Customer ID: bob-ovh');
  });
});
