import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPLY_CODES } from '../src/domain/reply-codes.js';

const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : f.endsWith('.ts') ? [join(dir, f)] : []));

describe('the catalogue of reply codes', () => {
  it('GIVEN every code WHEN read THEN it says what it means in English and in French', () => {
    for (const [code, text] of Object.entries(REPLY_CODES)) {
      expect(code).toMatch(/^[A-Z]+(_[A-Z]+)*(\.[A-Z0-9_]+)?$/);
      expect(text.en.length, code).toBeGreaterThan(5);
      expect(text.fr.length, code).toBeGreaterThan(5);
    }
  });

  it('GIVEN the source WHEN every code it gives is listed THEN each is in the catalogue (none slips past the type through a cast)', () => {
    const given = new Set<string>();
    for (const file of [...files('src'), ...files('adapters')]) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\b(?:refuse|deny|fail|errorReply)\(\s*'([A-Z_.0-9]+)'|\bcode: '([A-Z][A-Z_]*\.[A-Z0-9_.]+)'/g)) {
        given.add(m[1] ?? m[2]!);
      }
    }
    expect(given.size).toBeGreaterThan(50);
    expect([...given].filter((c) => !(c in REPLY_CODES))).toEqual([]);
  });

  it('GIVEN the README WHEN read THEN it documents every code', () => {
    const readme = readFileSync('README.md', 'utf8');
    expect(Object.keys(REPLY_CODES).filter((c) => !readme.includes(`| \`${c}\` |`))).toEqual([]);
  });
});
