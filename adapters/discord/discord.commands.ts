import {
  ApplicationCommandOptionType as OptionType,
  ApplicationCommandType,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandOption,
  type APIApplicationCommandSubcommandOption,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { z } from 'zod';
import type { CommandFamily, CommandSpec } from '../../src/core/command.js';
import type { Localized } from '../../src/core/i18n.js';
import { argsOf, type ArgInfo } from '../../src/core/parser.js';
import type { CommandRegistry } from '../../src/core/registry.js';
import { FRENCH_NAMES } from './discord.glossary.js';

/** One application command as sent to Discord (`PUT /applications/{id}/commands`). */
export type DiscordCommand = RESTPostAPIChatInputApplicationCommandsJSONBody;

/** Names tried, in order, for a family's bare form (`/orders` → `/orders list` when `show` is taken). */
export const BARE_NAMES = ['show', 'list', 'view', 'main'] as const;
/** The option every subcommand gets: show the reply to the channel (the text grammar's `--public`). */
export const PUBLIC_OPTION = 'public';

/** Where a Discord subcommand leads: the core subcommand and the Discord option name of each argument. */
export interface SubcommandRoute {
  readonly family: CommandFamily;
  readonly spec: CommandSpec;
  /** Discord option name → argument. */
  readonly options: ReadonlyMap<string, ArgInfo>;
}

/** The generated commands and the way back from a Discord (command, group, subcommand) to the registry. */
export interface DiscordCommandSet {
  readonly commands: DiscordCommand[];
  /** The route of `/command [group] subcommand`, if it exists. */
  route(command: string, group: string | null, subcommand: string): SubcommandRoute | undefined;
  /** The umbrella family when `/command [group] subcommand` is its text form (`/guichet type command:…`). */
  textForm(command: string, group: string | null, subcommand: string): CommandFamily | undefined;
}

/** The umbrella's subcommand that takes any command as text (`/guichet type command:credit buy 100`), and its option. */
export const TEXT_SUBCOMMAND = 'type';
/** The option of the umbrella's text form. */
export const TEXT_OPTION = 'command';

function textSubcommand(): APIApplicationCommandSubcommandOption {
  return {
    type: OptionType.Subcommand,
    name: TEXT_SUBCOMMAND,
    ...localized({ en: 'Type any command as text, e.g. credit buy 100 pc-demo (the reply stays private)', fr: 'Taper une commande en texte, par ex. credit buy 100 pc-demo (réponse privée)' }),
    options: [{ type: OptionType.String, name: TEXT_OPTION, ...localized({ en: 'the command and its arguments, e.g. credit list pc-demo', fr: 'la commande et ses arguments, par ex. credit list pc-demo' }), required: true, max_length: 4000 }],
  };
}

/** A Discord name for an identifier: lower-case, `camelCase` → `camel-case`, at most 32 characters. */
export function discordName(id: string): string {
  const kebab = id.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase().replace(/[^-_\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '');
  return Array.from(kebab || 'x').slice(0, 32).join('');
}

/** Cuts a text to at most `max` characters (code points), ending with an ellipsis when cut. */
export function clip(value: string, max = 100): string {
  const chars = Array.from(value.replace(/\s+/g, ' ').trim());
  if (chars.length === 0) return '—';
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

/** The subcommand path of a spec: `admin link` → group `admin`, subcommand `link`; `''` → a free name of BARE_NAMES. */
export function subcommandPath(family: CommandFamily, spec: CommandSpec): { group: string | null; sub: string } {
  if (!spec.name) {
    const taken = new Set(family.commands.map((c) => c.name));
    return { group: null, sub: BARE_NAMES.find((n) => !taken.has(n)) ?? 'main' };
  }
  const [first = '', ...rest] = spec.name.split(' ');
  return rest.length === 0 ? { group: null, sub: discordName(first) } : { group: discordName(first), sub: discordName(rest.join('-')) };
}

function localized(text: Localized): { description: string; description_localizations: { fr: string } } {
  return { description: clip(text.en), description_localizations: { fr: clip(text.fr) } };
}

function named(name: string, siblingsFr: Set<string>): { name: string; name_localizations?: { fr: string } } {
  const fr = FRENCH_NAMES[name];
  if (!fr || fr === name || siblingsFr.has(fr)) return { name };
  siblingsFr.add(fr);
  return { name, name_localizations: { fr } };
}

/** The zod type under optional/default/pipe wrappers. */
export function innerSchema(schema: z.ZodType): z.ZodType {
  let s = schema as unknown as { _zod: { def: { type: string; innerType?: unknown; in?: unknown } } };
  for (let i = 0; i < 10; i++) {
    const def = s._zod.def;
    const next = def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
    if (!next) break;
    s = next as typeof s;
  }
  return s as unknown as z.ZodType;
}

function optionOf(arg: ArgInfo, name: string, siblingsFr: Set<string>): APIApplicationCommandBasicOption {
  const inner = innerSchema(arg.schema) as unknown as { _zod: { def: { type: string } }; format?: string | null; minValue?: number | null; maxValue?: number | null; minLength?: number | null; maxLength?: number | null };
  const zodType = inner._zod.def.type;
  const type = arg.meta.type ?? (zodType === 'boolean' ? 'boolean' : zodType === 'number' ? (inner.format?.includes('int') ? 'integer' : 'number') : 'string');
  const base = { ...named(name, siblingsFr), ...localized(arg.meta.description.en ? arg.meta.description : { en: arg.meta.placeholder, fr: arg.meta.placeholder }), required: !arg.optional };
  if (type === 'boolean') return { ...base, type: OptionType.Boolean };
  const bounds = (lo: number | null | undefined, hi: number | null | undefined) => ({
    ...(typeof lo === 'number' && lo > Number.MIN_SAFE_INTEGER ? { min_value: lo } : {}),
    ...(typeof hi === 'number' && hi < Number.MAX_SAFE_INTEGER ? { max_value: hi } : {}),
  });
  if (type === 'integer') return { ...base, type: OptionType.Integer, ...bounds(inner.minValue, inner.maxValue) };
  if (type === 'number') return { ...base, type: OptionType.Number, ...bounds(inner.minValue, inner.maxValue) };
  const lengths = {
    ...(typeof inner.minLength === 'number' && inner.minLength > 0 && inner.minLength <= 6000 ? { min_length: inner.minLength } : {}),
    ...(typeof inner.maxLength === 'number' && inner.maxLength >= 1 && inner.maxLength <= 6000 ? { max_length: inner.maxLength } : {}),
  };
  const choices = arg.meta.choices ?? [];
  if (choices.length > 0 && choices.length <= 25) {
    return { ...base, type: OptionType.String, ...lengths, choices: choices.map((c) => ({ name: clip(c), value: clip(c) })) };
  }
  return { ...base, type: OptionType.String, ...lengths, ...(arg.meta.complete || choices.length > 25 ? { autocomplete: true } : {}) };
}

function subcommandOf(family: CommandFamily, spec: CommandSpec, sub: string, siblingsFr: Set<string>) {
  const options = new Map<string, ArgInfo>();
  const optionFr = new Set<string>();
  const built: APIApplicationCommandBasicOption[] = [];
  for (const arg of argsOf(spec)) {
    const name = discordName(arg.name);
    options.set(name, arg);
    built.push(optionOf(arg, name, optionFr));
  }
  if (!options.has(PUBLIC_OPTION)) {
    built.push({
      type: OptionType.Boolean,
      ...named(PUBLIC_OPTION, optionFr),
      ...localized({ en: 'Show the reply to the whole channel (private by default)', fr: 'Montrer la réponse à tout le canal (privée par défaut)' }),
      required: false,
    });
  }
  // Discord wants required options first; the relative order is otherwise kept.
  built.sort((a, b) => Number(Boolean(b.required)) - Number(Boolean(a.required)));
  const json: APIApplicationCommandSubcommandOption = {
    type: OptionType.Subcommand,
    ...named(sub, siblingsFr),
    ...localized(spec.summary),
    options: built,
  };
  return { json, route: { family, spec, options } satisfies SubcommandRoute };
}

/** Generates one application command per family of the registry, with subcommands and typed options. */
export function buildDiscordCommands(registry: CommandRegistry): DiscordCommandSet {
  const routes = new Map<string, SubcommandRoute>();
  const commands: DiscordCommand[] = [];
  const familyFr = new Set<string>();
  let umbrella: CommandFamily | undefined;
  for (const family of registry.families) {
    const top: APIApplicationCommandOption[] = [];
    const groups = new Map<string, { json: APIApplicationCommandOption & { options: APIApplicationCommandSubcommandOption[] }; fr: Set<string> }>();
    const topFr = new Set<string>();
    for (const spec of family.commands) {
      const { group, sub } = subcommandPath(family, spec);
      if (group === null) {
        const { json, route } = subcommandOf(family, spec, sub, topFr);
        top.push(json);
        routes.set(`${discordName(family.name)} ${sub}`, route);
        continue;
      }
      let g = groups.get(group);
      if (!g) {
        const json = {
          type: OptionType.SubcommandGroup as const,
          ...named(group, topFr),
          ...localized({ en: `${group} commands of /${family.name}`, fr: `Commandes ${group} de /${family.name}` }),
          options: [] as APIApplicationCommandSubcommandOption[],
        };
        g = { json, fr: new Set() };
        groups.set(group, g);
        top.push(json);
      }
      const { json, route } = subcommandOf(family, spec, sub, g.fr);
      g.json.options.push(json);
      routes.set(`${discordName(family.name)} ${group} ${sub}`, route);
    }
    if (family.umbrella && !family.commands.some((c) => subcommandPath(family, c).sub === TEXT_SUBCOMMAND)) {
      top.push(textSubcommand());
      umbrella = family;
    }
    commands.push({
      type: ApplicationCommandType.ChatInput,
      ...named(discordName(family.name), familyFr),
      ...localized(family.summary),
      options: top,
    });
  }
  return {
    commands,
    route: (command, group, subcommand) => routes.get([command, group, subcommand].filter((p) => p !== null).join(' ')),
    textForm: (command, group, subcommand) => (umbrella && command === discordName(umbrella.name) && group === null && subcommand === TEXT_SUBCOMMAND ? umbrella : undefined),
  };
}
