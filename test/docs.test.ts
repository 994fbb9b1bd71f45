import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { withReference } from '../adapters/readme-commands.js';
import { EnvSchema } from '../src/config.js';

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
