import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withReference } from '../adapters/readme-commands.js';
import { EnvSchema } from '../src/config.js';
import { DEFAULT_REMINDER_DAYS } from '../src/domain/reminders.js';

const readme = readFileSync('README.md', 'utf8');
const example = readFileSync('.env.example', 'utf8');

describe('documentation', () => {
  it('GIVEN the command registry WHEN the README reference is regenerated THEN it is unchanged (run npm run docs)', () => {
    expect(withReference(readme)).toBe(readme);
  });

  it('GIVEN every configuration variable WHEN the docs are read THEN each is in .env.example and in the README table', () => {
    const missing = Object.keys(EnvSchema.shape).filter((v) => !example.includes(`\n${v}=`) || !readme.includes(`| \`${v}\``));
    expect(missing).toEqual([]);
  });

  it('GIVEN the README WHEN read THEN it gives the quick start commands', () => {
    for (const c of ['npm install', 'npm start', 'npm test']) expect(readme).toContain(c);
  });
});

describe('backups stay out of the project (issue 15, item 4)', () => {
  it('GIVEN the README backup example WHEN read THEN export writes outside the project folder, and import reads the same file', () => {
    const exports = [...readme.matchAll(/guichet -- export > (\S+)/g)].map((m) => m[1]!);
    expect(exports.length).toBeGreaterThan(0);
    for (const target of exports) expect(target, target).toMatch(/^(~\/|\/|\$HOME\/)/);
    for (const m of readme.matchAll(/guichet -- import (\S+)/g)) expect(exports).toContain(m[1]);
  });

  it('GIVEN a JSON backup written in the project folder anyway WHEN git looks THEN it is ignored, while the project\'s own JSON files are not', () => {
    const ignored = (path: string) => spawnSync('git', ['check-ignore', '-q', '--no-index', path]).status === 0;
    for (const path of ['backup.json', 'guichet-backup.json', 'data/export.json']) expect(ignored(path), path).toBe(true);
    for (const path of ['package.json', 'package-lock.json', 'tsconfig.json']) expect(ignored(path), path).toBe(false);
  });
});

describe('documentation a newcomer follows (issue 15, item 18)', () => {
  it('GIVEN the README and .env.example WHEN every file they point to is looked up THEN each exists', () => {
    const targets = new Set<string>();
    for (const text of [readme, example]) {
      for (const m of text.matchAll(/\]\(((?!https?:|#|mailto:)[^)\s]+)\)/g)) targets.add(m[1]!);
      for (const m of text.matchAll(/(?<![\w/.~-])((?:docs|adapters|src|test|\.ci)\/[\w./*-]*[\w*])/g)) targets.add(m[1]!);
    }
    expect(targets.size).toBeGreaterThan(5);
    const exists = (t: string) => (t.includes('*') ? readdirSync(dirname(t)).some((f) => new RegExp(`^${basename(t).replace(/\./g, '\\.').replace(/\*/g, '.*')}$`).test(f)) : existsSync(t));
    // A path git ignores is one Guichet writes (benchmark results), not one a reader must find.
    const generated = (t: string) => spawnSync('git', ['check-ignore', '-q', '--no-index', t]).status === 0;
    expect([...targets].filter((t) => !exists(t) && !generated(t))).toEqual([]);
  });

  it('GIVEN the README WHEN read THEN it states its rules instead of citing a SPEC that is not in the repository', () => {
    expect(readme).not.toMatch(/SPEC\s*§/);
    // The reminder table states every set's default thresholds (a row may hold two sets: `credit` / `voucher`).
    const stated: Record<string, number[]> = {};
    for (const row of readme.split('\n').filter((l) => /^\| `[a-z-]+`/.test(l))) {
      const [sets, , defaults] = row.split('|').slice(1).map((c) => c.trim());
      const names = [...sets!.matchAll(/`([a-z-]+)`/g)].map((m) => m[1]!);
      const values = defaults!.split(' / ').map((v) => [...v.matchAll(/\d+/g)].map((m) => Number(m[0])));
      if (names.every((n) => n in DEFAULT_REMINDER_DAYS) && values.length === names.length) names.forEach((n, i) => (stated[n] = values[i]!));
    }
    expect(stated).toEqual(DEFAULT_REMINDER_DAYS);
  });

  it('GIVEN .env.example copied to .env WHEN the console bot starts THEN no JSON log level is forced on its replies', () => {
    expect(example).toMatch(/\nLOG_LEVEL=\n/);
  });

  it('GIVEN the quick start WHEN read THEN it says npm install may compile SQLite\'s driver, and with what', () => {
    const start = readme.slice(readme.indexOf('## Quick start'), readme.indexOf('### A five-minute tour'));
    for (const tool of ['Python 3', 'make', 'C++ compiler', 'python3 make g++']) expect(start).toContain(tool);
  });

  it('GIVEN the time-walk example WHEN its lines are run as written, on a fresh store, today THEN reminders are posted to the subscribed channel and then services not renewed are deleted', async () => {
    const section = readme.slice(readme.indexOf('### Walking through time'));
    const block = /```sh\n([\s\S]*?)```/.exec(section)![1]!;
    const lines = block.split('\n').map((l) => l.replace(/\s+#.*$/, '').trim()).filter(Boolean);
    expect(lines[0]).toContain('/reminders subscribe');
    const dir = mkdtempSync(join(tmpdir(), 'guichet-walk-'));
    try {
      const env = { ...process.env, GUICHET_STORE: `sqlite://${join(dir, 's.sqlite')}`, GUICHET_NOW: '', LOG_LEVEL: '', SLACK_BOT_TOKEN: '', DISCORD_TOKEN: '', DISCORD_APPLICATION_ID: '' };
      const outputs = lines.map((line) => {
        const r = spawnSync('sh', ['-c', line], { env, encoding: 'utf8', timeout: 60_000 });
        expect(r.status, `${line}\n${r.stderr}`).toBe(0);
        return r.stdout;
      });
      expect(outputs[1]).toMatch(/📣 console:local\/general:\n\s+Renewal due: vps-demo-1/);
      expect(outputs[2]).toContain('vps-demo-1: manual renewal not paid, deleted');
      expect(outputs[2]).not.toContain('Renewal due: vps-demo-1');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('tar through SQLite\'s driver build tools (issue 17, item 11)', () => {
  it('GIVEN the lock file npm ci installs from WHEN read THEN every tar in it is 7.5.10 or later (advisories fixed in 7.5), and the README says why', () => {
    const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, { version?: string }> };
    const tars = Object.entries(lock.packages).filter(([path]) => /(^|\/)node_modules\/tar$/.test(path)).map(([, p]) => p.version!);
    expect(tars.length).toBeGreaterThan(0);
    for (const v of tars) {
      const [major, minor, patch] = v.split('.').map(Number) as [number, number, number];
      expect(major > 7 || (major === 7 && (minor > 5 || (minor === 5 && patch >= 10))), v).toBe(true);
    }
    expect(readme).toMatch(/"overrides": \{ "tar": "\^7\.5\.10" \}/);
  });
});
