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
