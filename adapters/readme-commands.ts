import { readFileSync, writeFileSync } from 'node:fs';
import { buildRegistry } from '../src/commands/index.js';
import { pick } from '../src/core/i18n.js';
import { usageOf } from '../src/core/parser.js';
import { REPLY_CODES } from '../src/domain/reply-codes.js';

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

/** The README's table of reply codes, generated from the catalogue (`src/domain/reply-codes.ts`). */
export function codeReference(): string {
  const lines = ['| Code | Meaning | Sens |', '| --- | --- | --- |'];
  for (const [code, text] of Object.entries(REPLY_CODES)) lines.push(`| \`${code}\` | ${text.en} | ${text.fr} |`);
  return lines.join('\n');
}

/** Replaces what stands between two markers of the README. */
function between(readme: string, start: string, end: string, body: string): string {
  const a = readme.indexOf(start);
  const b = readme.indexOf(end);
  if (a < 0 || b < a) throw new Error(`README.md has no ${start} … ${end} markers`);
  return `${readme.slice(0, a + start.length)}\n${body}\n${readme.slice(b)}`;
}

/** README text with the command reference and the reply codes replaced. */
export function withReference(readme: string): string {
  return between(between(readme, START, END, commandReference()), '<!-- codes:start -->', '<!-- codes:end -->', codeReference());
}

if (process.argv[1]?.endsWith('readme-commands.ts')) {
  writeFileSync('README.md', withReference(readFileSync('README.md', 'utf8')));
  process.stdout.write('README.md command reference and reply codes updated.\n');
}
