import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const FORBIDDEN = [/^@slack\//, /^discord\.js/, /^keyv$/, /^@keyv\//, /^node-cron$/, /^ws$/, /^pino$/, /^prom-client$/];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function importsOf(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm)) {
    found.push((m[1] ?? m[2] ?? m[3])!);
  }
  return found;
}

describe('core boundary', () => {
  it('GIVEN every file under src/ WHEN its imports are read THEN none is a platform, storage or scheduler package', () => {
    const offenders = files('src').flatMap((file) =>
      importsOf(readFileSync(file, 'utf8'))
        .filter((spec) => FORBIDDEN.some((re) => re.test(spec)) || spec.includes('/adapters/'))
        .map((spec) => `${file} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('GIVEN the import scanner WHEN it reads a forbidden import THEN it reports it (the check can fail)', () => {
    expect(importsOf("import { App } from '@slack/bolt';\nimport Keyv from 'keyv';")).toEqual(['@slack/bolt', 'keyv']);
  });
});
