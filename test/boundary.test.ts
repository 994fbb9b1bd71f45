import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildRegistry } from '../src/commands/index.js';

const FORBIDDEN = [/^@slack\//, /^discord\.js/, /^keyv$/, /^@keyv\//, /^node-cron$/, /^ws$/, /^pino$/, /^pg$/, /^prom-client$/];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** An import of a file: what it names, and whether only types are imported (erased at run time). */
interface Import {
  readonly spec: string;
  readonly typeOnly: boolean;
}

function importsOf(source: string): Import[] {
  const found: Import[] = [];
  const re = /(import|export)\s+(type\s+)?[^'";]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm;
  for (const m of source.matchAll(re)) found.push({ spec: (m[3] ?? m[4] ?? m[5])!, typeOnly: Boolean(m[2]) });
  return found;
}

/**
 * The layers of `src/`, innermost first, and the folders each may import (its own included):
 *
 *   domain   — the model and its rules: plain values and functions; imports only the domain, zod and node builtins,
 *              and reports expected failures as typed `DomainError` values.
 *   ports    — interfaces to the outside world (store, notifier, provider…), speaking domain types; the core's
 *              reply and context types may appear in signatures (type-only imports, no run-time dependency).
 *   core     — the dispatcher: parsing, rights, units of work, replies; names no command.
 *   flows    — domain rules applied through the store's repositories (orders, wallets, schedules, settlements).
 *   jobs     — scheduled work over the date index.
 *   commands — the command families; ledger — Guichet's own provider; demo — demo data.
 *   adapters — platforms and storage (outside src/): may import anything; src/ never imports them.
 */
const MAY_IMPORT: Readonly<Record<string, readonly string[]>> = {
  domain: ['domain'],
  ports: ['domain', 'ports'],
  core: ['domain', 'ports', 'core'],
  flows: ['domain', 'ports', 'flows'],
  jobs: ['domain', 'ports', 'core', 'flows', 'jobs'],
  commands: ['domain', 'ports', 'core', 'flows', 'jobs', 'commands'],
  ledger: ['domain', 'ports', 'core', 'flows', 'jobs', 'ledger'],
  demo: ['domain', 'ports', 'flows', 'demo'],
  '.': ['domain', 'ports', 'core', '.'],
};
/** Type-only imports allowed beyond the table: the ports' signatures may name the core's types. */
const MAY_IMPORT_TYPES: Readonly<Record<string, readonly string[]>> = { ports: ['core'] };
/** Packages the domain may use; the other layers are limited by FORBIDDEN only. */
const DOMAIN_PACKAGES = [/^zod$/, /^node:/];

/** The folder of `src/` a file is in (`.` for files directly in src/). */
function layerOf(file: string): string {
  const parts = relative('src', file).split(/[\\/]/);
  return parts.length > 1 ? parts[0]! : '.';
}

/** What is wrong with one file's imports under the layer rules (empty when nothing). */
function violations(file: string, source: string): string[] {
  const layer = layerOf(file);
  const allowed = MAY_IMPORT[layer];
  if (!allowed) return [`${file}: src/${layer} is not in the layer table; add it`];
  const out: string[] = [];
  for (const { spec, typeOnly } of importsOf(source)) {
    if (!spec.startsWith('.')) {
      if (layer === 'domain' && !DOMAIN_PACKAGES.some((re) => re.test(spec))) out.push(`${file} imports package ${spec} (the domain uses only zod and node builtins)`);
      continue;
    }
    const target = normalize(join(dirname(file), spec));
    if (!target.startsWith(`src${target.includes('\\') ? '\\' : '/'}`)) {
      out.push(`${file} imports ${spec}, outside src/`);
      continue;
    }
    const to = layerOf(target);
    if (allowed.includes(to)) continue;
    if (typeOnly && (MAY_IMPORT_TYPES[layer] ?? []).includes(to)) continue;
    out.push(`${file} (src/${layer}) imports ${spec} (src/${to})`);
  }
  return out;
}

/** Source without comments, to look at what the code says. */
const withoutComments = (source: string) => source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');

describe('core boundary', () => {
  it('GIVEN every file under src/ WHEN its imports are read THEN none is a platform, storage or scheduler package', () => {
    const offenders = files('src').flatMap((file) =>
      importsOf(readFileSync(file, 'utf8'))
        .filter(({ spec }) => FORBIDDEN.some((re) => re.test(spec)) || spec.includes('/adapters/'))
        .map(({ spec }) => `${file} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('GIVEN the import scanner WHEN it reads a forbidden import THEN it reports it (the check can fail)', () => {
    expect(importsOf("import { App } from '@slack/bolt';\nimport Keyv from 'keyv';").map((i) => i.spec)).toEqual(['@slack/bolt', 'keyv']);
    expect(importsOf("import type { Reply } from '../core/reply.js';")).toEqual([{ spec: '../core/reply.js', typeOnly: true }]);
  });
});

describe('layers', () => {
  it('GIVEN every file under src/ WHEN its imports are read THEN each folder imports only the layers below it', () => {
    expect(files('src').flatMap((file) => violations(file, readFileSync(file, 'utf8')))).toEqual([]);
  });

  it('GIVEN wrong imports WHEN checked THEN each is reported (the rules can fail)', () => {
    expect(violations('src/domain/x.ts', "import { refuse } from '../core/reply.js';")).toHaveLength(1);
    expect(violations('src/domain/x.ts', "import { putService } from '../flows/schedule.js';")).toHaveLength(1);
    expect(violations('src/domain/x.ts', "import type { Tx } from '../ports/store.js';")).toHaveLength(1);
    expect(violations('src/domain/x.ts', "import fc from 'fast-check';")).toHaveLength(1);
    expect(violations('src/core/x.ts', "import { change } from '../commands/contacts.change.js';")).toHaveLength(1);
    expect(violations('src/core/x.ts', "import { JOBS } from '../jobs/index.js';")).toHaveLength(1);
    expect(violations('src/ports/x.ts', "import { refuse } from '../core/reply.js';")).toHaveLength(1);
    expect(violations('src/flows/x.ts', "import { JOBS } from '../jobs/index.js';")).toHaveLength(1);
    expect(violations('src/jobs/x.ts', "import { change } from '../commands/contacts.change.js';")).toHaveLength(1);
    expect(violations('src/commands/x.ts', "import { ledgerProvider } from '../ledger/ledger.provider.js';")).toHaveLength(1);
    expect(violations('src/newfolder/x.ts', "import { z } from 'zod';")).toHaveLength(1);
    expect(violations('src/ports/x.ts', "import type { Reply } from '../core/reply.js';")).toEqual([]);
    expect(violations('src/domain/x.ts', "import { z } from 'zod';\nimport { randomInt } from 'node:crypto';\nimport { a } from './y.js';")).toEqual([]);
  });

  it('GIVEN the core’s code WHEN read without comments THEN it names no command family and no configuration variable', () => {
    const families = buildRegistry().families.map((f) => f.name);
    const named = new RegExp(`(^|[\\s'"\`(])/(${families.join('|')})\\b`);
    const offenders = files('src/core').flatMap((file) =>
      withoutComments(readFileSync(file, 'utf8')).split('\n')
        .filter((line) => named.test(line) || /GUICHET_[A-Z_]+/.test(line))
        .map((line) => `${file}: ${line.trim().slice(0, 120)}`),
    );
    expect(offenders).toEqual([]);
    expect(named.test("text('Type /guichet help')")).toBe(true);
    expect(named.test("import { x } from '../domain/account.js';")).toBe(false);
  });
});
