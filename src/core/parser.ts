import './zod-messages.js';
import type { z } from 'zod';
import { isOptional, metaOf, type ArgMeta } from './args.js';
import type { CommandFamily, CommandSpec } from './command.js';
import type { Localized } from './i18n.js';
import { didYouMean } from './suggest.js';
import { tokenize, TokenizeError, type Token } from './tokenizer.js';

/** Flags every command accepts. */
export const GLOBAL_FLAGS = ['public'] as const;

/** A successful parse: the subcommand, its validated arguments and the global flags. */
export interface Parsed {
  readonly ok: true;
  readonly spec: CommandSpec;
  readonly args: Record<string, unknown>;
  readonly public: boolean;
}

/** A failed parse: a message, the usage of the closest command, and a suggestion. */
export interface ParseFailure {
  readonly ok: false;
  readonly code: 'COMMAND.UNKNOWN_SUBCOMMAND' | 'COMMAND.BAD_ARGUMENTS' | 'COMMAND.BAD_SYNTAX';
  readonly message: Localized;
  readonly usage: string[];
}

/** An argument of a command with its metadata, in declaration order. */
export interface ArgInfo {
  readonly name: string;
  readonly schema: z.ZodType;
  readonly meta: ArgMeta;
  readonly optional: boolean;
}

/** Each subcommand's arguments, worked out once (a spec never changes; `isOptional` runs a failing parse). */
const argsMemo = new WeakMap<CommandSpec, readonly ArgInfo[]>();

/** The arguments of a subcommand, in declaration order. */
export function argsOf(spec: CommandSpec): readonly ArgInfo[] {
  let args = argsMemo.get(spec);
  if (!args) {
    args = Object.entries(spec.args.shape as Record<string, z.ZodType>).map(([name, schema]) => ({
      name,
      schema,
      meta: metaOf(name, schema),
      optional: isOptional(schema),
    }));
    argsMemo.set(spec, args);
  }
  return args;
}

/** The usage line of a subcommand, e.g. `/credit buy AMOUNT [PROJECT]`. */
export function usageOf(family: CommandFamily, spec: CommandSpec): string {
  const parts = [`/${family.name}`, ...(spec.name ? [spec.name] : [])];
  for (const a of argsOf(spec)) {
    const p = a.meta.placeholder;
    const shown =
      a.meta.kind === 'flag' ? `--${a.name}` : a.meta.kind === 'option' ? `${a.name}=${p}` : a.meta.kind === 'rest' ? `${p}…` : p;
    parts.push(a.optional ? `[${shown}]` : shown);
  }
  return parts.join(' ');
}

/** Named subcommands with their words, longest names first, sorted once per list of subcommands. */
const namedMemo = new WeakMap<readonly CommandSpec[], readonly { spec: CommandSpec; words: readonly string[] }[]>();

function namedOf(commands: readonly CommandSpec[]): readonly { spec: CommandSpec; words: readonly string[] }[] {
  let named = namedMemo.get(commands);
  if (!named) {
    named = commands.filter((c) => c.name).map((spec) => ({ spec, words: spec.name.split(' ') })).sort((a, b) => b.words.length - a.words.length);
    namedMemo.set(commands, named);
  }
  return named;
}

/** Finds the subcommand a line starts with, returning the words that follow it. */
function findSpec(family: CommandFamily, tokens: Token[]): { spec: CommandSpec; rest: Token[] } | undefined {
  for (const { spec, words } of namedOf(family.commands)) {
    const head = tokens.slice(0, words.length);
    if (head.length === words.length && head.every((t, i) => t.kind === 'word' && t.value.toLowerCase() === words[i])) {
      return { spec, rest: tokens.slice(words.length) };
    }
  }
  const bare = family.commands.find((c) => !c.name);
  if (bare && (tokens.length === 0 || tokens[0]!.kind !== 'word' || argsOf(bare).some((a) => a.meta.kind === 'positional'))) {
    return { spec: bare, rest: tokens };
  }
  return undefined;
}

/** Parses the text typed after `/family` into a subcommand and validated arguments. */
export function parseText(family: CommandFamily, text: string): Parsed | ParseFailure {
  let tokens: Token[];
  try {
    tokens = tokenize(text);
  } catch (error) {
    const m = (error as TokenizeError).message;
    return { ok: false, code: 'COMMAND.BAD_SYNTAX', message: { en: `I could not read that: ${m}.`, fr: `Je n'ai pas pu lire la commande : ${m}.` }, usage: familyUsage(family) };
  }
  const isPublic = tokens.some((t) => t.kind === 'flag' && t.name === 'public');
  tokens = tokens.filter((t) => !(t.kind === 'flag' && t.name === 'public'));
  const found = findSpec(family, tokens);
  if (!found) {
    const typed = tokens[0]?.kind === 'word' ? tokens[0].value : '';
    const names = family.commands.map((c) => c.name.split(' ')[0]!).filter(Boolean);
    const guess = typed ? didYouMean(typed, [...new Set(names)]) : undefined;
    const hint = guess ? { en: ` Did you mean \`/${family.name} ${guess}\`?`, fr: ` Vouliez-vous dire \`/${family.name} ${guess}\` ?` } : { en: '', fr: '' };
    const what = typed ? { en: `\`${typed.slice(0, 40)}\` is not a /${family.name} command.`, fr: `\`${typed.slice(0, 40)}\` n'est pas une commande /${family.name}.` } : { en: `/${family.name} needs a subcommand.`, fr: `/${family.name} attend une sous-commande.` };
    return { ok: false, code: 'COMMAND.UNKNOWN_SUBCOMMAND', message: { en: what.en + hint.en, fr: what.fr + hint.fr }, usage: familyUsage(family) };
  }
  const collected = collect(found.spec, found.rest);
  if ('error' in collected) {
    return { ok: false, code: 'COMMAND.BAD_ARGUMENTS', message: collected.error, usage: [usageOf(family, found.spec)] };
  }
  return validate(family, found.spec, collected.raw, isPublic);
}

/** Validates typed option values (Discord) against the same schema as the text grammar. */
export function parseOptions(
  family: CommandFamily,
  subcommand: string,
  values: Readonly<Record<string, unknown>>,
): Parsed | ParseFailure {
  const spec = family.commands.find((c) => c.name === subcommand);
  if (!spec) return { ok: false, code: 'COMMAND.UNKNOWN_SUBCOMMAND', message: { en: `Unknown subcommand ${subcommand}.`, fr: `Sous-commande inconnue : ${subcommand}.` }, usage: familyUsage(family) };
  const { public: isPublic, ...rest } = values;
  return validate(family, spec, rest, isPublic === true);
}

function validate(family: CommandFamily, spec: CommandSpec, raw: Record<string, unknown>, isPublic: boolean): Parsed | ParseFailure {
  const result = spec.args.safeParse(raw);
  if (result.success) return { ok: true, spec, args: result.data as Record<string, unknown>, public: isPublic };
  const issue = result.error.issues[0]!;
  const arg = argsOf(spec).find((a) => a.name === issue.path[0]);
  const missing = raw[String(issue.path[0])] === undefined;
  const label = arg ? arg.meta.placeholder || `--${arg.name}` : String(issue.path[0] ?? '');
  const message: Localized = missing
    ? { en: `${label} is missing.`, fr: `${label} est manquant.` }
    : { en: `${label}: ${issue.message}`, fr: `${label} : ${issue.message}` };
  return { ok: false, code: 'COMMAND.BAD_ARGUMENTS', message, usage: [usageOf(family, spec)] };
}

function collect(spec: CommandSpec, tokens: Token[]): { raw: Record<string, unknown> } | { error: Localized } {
  const args = argsOf(spec);
  const raw: Record<string, unknown> = {};
  const slots = args.filter((a) => a.meta.kind === 'positional');
  const restArg = args.find((a) => a.meta.kind === 'rest');
  const restWords: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'flag') {
      const a = args.find((x) => x.meta.kind === 'flag' && x.name.toLowerCase() === t.name);
      if (!a) return { error: unknownName(`--${t.name}`, args.filter((x) => x.meta.kind === 'flag').map((x) => `--${x.name}`)) };
      raw[a.name] = true;
    } else if (t.kind === 'pair') {
      const a = args.find((x) => x.meta.kind !== 'flag' && x.meta.kind !== 'rest' && x.name.toLowerCase() === t.key);
      if (!a) {
        if (restArg && restWords.length > 0) { restWords.push(`${t.key}=${t.value}`); continue; }
        return { error: unknownName(`${t.key}=`, args.filter((x) => x.meta.kind === 'option' || x.meta.kind === 'positional').map((x) => `${x.name}=`)) };
      }
      if (raw[a.name] !== undefined) return { error: { en: `${a.name}= is given twice.`, fr: `${a.name}= est donné deux fois.` } };
      // `before=` with nothing after it is the option left out, not an empty value (a cursor, a page …).
      if (t.value.trim() === '' && a.meta.kind === 'option') continue;
      raw[a.name] = t.value;
    } else {
      const slot = slots.find((s) => raw[s.name] === undefined);
      if (slot && restWords.length === 0) {
        const words: string[] = [];
        for (let j = i; j < tokens.length && tokens[j]!.kind === 'word'; j++) words.push((tokens[j] as { value: string }).value);
        const n = Math.max(1, Math.min(words.length, slot.meta.take?.(words) ?? 1));
        raw[slot.name] = words.slice(0, n).join(' ');
        i += n - 1;
      } else if (restArg) {
        restWords.push(t.value);
      } else {
        return { error: { en: `I did not expect \`${t.value.slice(0, 40)}\` here.`, fr: `\`${t.value.slice(0, 40)}\` est en trop.` } };
      }
    }
  }
  if (restArg && restWords.length > 0) raw[restArg.name] = restWords.join(' ');
  return { raw };
}

function unknownName(typed: string, known: string[]): Localized {
  const guess = didYouMean(typed, known);
  const list = known.length ? known.join(', ') : '—';
  return {
    en: `Unknown option ${typed}${guess ? ` (did you mean ${guess}?)` : ''}. Options here: ${list}.`,
    fr: `Option inconnue ${typed}${guess ? ` (vouliez-vous dire ${guess} ?)` : ''}. Options possibles : ${list}.`,
  };
}

/** True when the user typed a secret argument (a token): the reply must stay private, since platforms may echo what was typed. */
export function holdsSecret(parsed: Parsed): boolean {
  return argsOf(parsed.spec).some((a) => a.meta.secret === true && parsed.args[a.name] !== undefined);
}

/** Usage lines of every subcommand of a family. */
export function familyUsage(family: CommandFamily): string[] {
  return family.commands.map((c) => usageOf(family, c));
}

/**
 * The typed text with the values of secret arguments (confirmation tokens) masked, for echoes and logs.
 * When a secret argument cannot be located (missing or misplaced words), every free word after the subcommand is masked.
 */
export function maskSecrets(family: CommandFamily, text: string): string {
  let tokens: Token[];
  try {
    tokens = tokenize(text);
  } catch {
    return text;
  }
  const found = findSpec(family, tokens.filter((t) => !(t.kind === 'flag' && t.name === 'public')));
  if (!found) return text;
  const secrets = argsOf(found.spec).filter((a) => a.meta.secret);
  if (secrets.length === 0) return text;
  const collected = collect(found.spec, found.rest);
  const values = 'error' in collected ? [] : secrets.map((a) => collected.raw[a.name]);
  const hide = values.length > 0 && values.every((v) => typeof v === 'string' && v.length > 0)
    ? (values as string[])
    : found.rest.flatMap((t) => (t.kind === 'word' ? [t.value] : t.kind === 'pair' ? [t.value] : []));
  let out = text;
  for (const v of hide) if (v) out = out.split(v).join('•'.repeat(Math.min(v.length, 10)));
  return out;
}
