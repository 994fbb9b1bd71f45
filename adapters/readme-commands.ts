import { readFileSync, writeFileSync } from 'node:fs';
import { buildRegistry } from '../src/commands/index.js';
import { pick } from '../src/core/i18n.js';
import { usageOf } from '../src/core/parser.js';

const START = '<!-- commands:start -->';
const END = '<!-- commands:end -->';

/** The README's command reference, generated from the registry. */
export function commandReference(): string {
  const lines = ['| Command | What it does |', '| --- | --- |'];
  for (const family of buildRegistry().families) {
    for (const spec of family.commands) lines.push(`| \`${usageOf(family, spec)}\` | ${pick(spec.summary, 'en')} |`);
  }
  return lines.join('\n');
}

/** README text with the command reference replaced. */
export function withReference(readme: string): string {
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a < 0 || b < a) throw new Error(`README.md has no ${START} … ${END} markers`);
  return `${readme.slice(0, a + START.length)}\n${commandReference()}\n${readme.slice(b)}`;
}

if (process.argv[1]?.endsWith('readme-commands.ts')) {
  writeFileSync('README.md', withReference(readFileSync('README.md', 'utf8')));
  process.stdout.write('README.md command reference updated.\n');
}
