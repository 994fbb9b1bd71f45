import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { Guichet } from '../../src/core/guichet.js';
import type { Localized } from '../../src/core/i18n.js';
import { maskSecrets } from '../../src/core/parser.js';
import { asideReply, replyToPlainText } from '../../src/core/reply.js';
import { throughUmbrella } from '../../src/core/umbrella.js';
import { indent } from './console.notifier.js';
import { consoleFilesDir, writeReplyFiles } from './console.files.js';

/** The console user when a line has no `@NAME` prefix. */
export const DEFAULT_CONSOLE_USER = 'alice';
/** The channel console commands are typed in. */
export const CONSOLE_CHANNEL = 'console:local/general';

/** A console line mapped to a command: who typed it, the family, and the rest. */
export interface ConsoleLine {
  readonly user: string;
  readonly command: string;
  readonly text: string;
}

/** A console line that is not a command: what to type instead. */
export interface ConsoleUsage {
  readonly usage: Localized;
}

/**
 * Parses `@NAME /command args…` (the `@NAME` and the slash are optional); undefined for blank and `#` lines.
 * The prefix is read whole: `@bob` alone, or a name with other characters, gets a usage line instead of a command.
 */
export function parseConsoleLine(line: string, defaultUser = DEFAULT_CONSOLE_USER): ConsoleLine | ConsoleUsage | undefined {
  const trimmed = line.trim();
  if (!trimmed || trimmed.startsWith('#')) return undefined;
  let user = defaultUser;
  let rest = trimmed;
  if (trimmed.startsWith('@')) {
    const prefix = /^@([A-Za-z0-9._-]+)(?=[\s/]|$)/.exec(trimmed);
    if (!prefix) {
      return { usage: { en: 'Write @NAME with letters, digits, dot, dash or underscore, then the command, e.g. @bob /account.', fr: 'Écrivez @NOM avec des lettres, chiffres, point, tiret ou souligné, puis la commande, par ex. @bob /account.' } };
    }
    user = prefix[1]!;
    rest = trimmed.slice(prefix[0].length).trimStart();
    if (!rest.replace(/^\//, '')) {
      return { usage: { en: `Type a command after @${user}, e.g. @${user} /account (or @${user} /guichet help).`, fr: `Tapez une commande après @${user}, par ex. @${user} /account (ou @${user} /guichet help).` } };
    }
  }
  const m = /^\/?(\S+)\s*([\s\S]*)$/.exec(rest);
  if (!m) return undefined;
  return { user, command: m[1]!, text: m[2] ?? '' };
}

/** The line as echoed back: secret arguments (confirmation tokens) are masked. */
export function echoLine(core: Guichet, line: string, parsed: ConsoleLine): string {
  const { registry } = core.deps;
  const inner = throughUmbrella(registry, parsed.command, parsed.text);
  const family = registry.find(inner?.command ?? parsed.command);
  const text = inner?.text ?? parsed.text;
  const trimmed = line.trim();
  if (!family || !text) return trimmed;
  return trimmed.slice(0, trimmed.length - text.length) + maskSecrets(family, text);
}

/** Runs one console line through the core and returns the text to print (files the reply carries are written to `filesDir`). */
export async function runConsoleLine(core: Guichet, parsed: ConsoleLine, filesDir = consoleFilesDir()): Promise<string> {
  const reply = await core.handle({
    id: randomUUID(),
    user: { platform: 'console', workspace: 'local', user: parsed.user },
    channel: CONSOLE_CHANNEL,
    command: parsed.command,
    input: { kind: 'text', text: parsed.text },
  });
  const mine = `🔒 only @${parsed.user} sees this`;
  const where = reply.visibility === 'public' ? `📣 ${CONSOLE_CHANNEL}` : mine;
  const plain = replyToPlainText(reply);
  const body = [plain, ...(await writeReplyFiles(reply, filesDir, plain))].join('\n');
  const shown = indent(`${reply.tone === 'error' ? '✖' : '→'} (${where})`, body);
  const aside = asideReply(reply);
  return aside ? `${shown}\n${indent(`→ (${mine})`, replyToPlainText(aside))}` : shown;
}

/**
 * The console adapter: one command per line on stdin. In a terminal it shows a prompt with history;
 * otherwise it echoes each line, answers it, and resolves at end of input.
 */
export async function runConsole(
  core: Guichet,
  input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WritableStream = process.stdout,
  signal?: AbortSignal,
): Promise<void> {
  const tty = Boolean((input as { isTTY?: boolean }).isTTY);
  const rl = createInterface({ input, output: tty ? output : undefined, terminal: tty, historySize: 500 });
  signal?.addEventListener('abort', () => rl.close(), { once: true });
  const print = (s: string) => output.write(`${s}\n`);
  if (tty) {
    print('Guichet console — type /guichet help, prefix a line with @bob to act as bob, Ctrl-D to quit.');
    rl.setPrompt('guichet> ');
    rl.prompt();
  }
  for await (const line of rl) {
    const parsed = parseConsoleLine(line);
    if (parsed && 'usage' in parsed) {
      if (!tty) print(`\n> ${line.trim()}`);
      print(indent('✖', parsed.usage[core.deps.config.locale]));
    } else if (parsed) {
      if (['exit', 'quit'].includes(parsed.command) && tty) break;
      if (!tty) print(`\n> ${echoLine(core, line, parsed)}`);
      print(await runConsoleLine(core, parsed));
    }
    if (tty) rl.prompt();
  }
  rl.close();
}
