import { z } from 'zod';
import type { Localized } from './i18n.js';

/** What Discord autocompletes for an argument: the caller's own items of that kind. */
export type Completion = 'project' | 'service' | 'request' | 'order' | 'account';

/** How an argument is written on the command line. */
export interface ArgMeta {
  /** `positional` by order, `option` as `name=value`, `flag` as `--name`, `rest` takes the remaining words. */
  readonly kind: 'positional' | 'option' | 'flag' | 'rest';
  /** Placeholder shown in usage, e.g. `PROJECT`. */
  readonly placeholder: string;
  readonly description: Localized;
  readonly complete?: Completion;
  /** Value type for typed platforms (Discord); text otherwise. */
  readonly type?: 'string' | 'integer' | 'boolean';
  /** Fixed choices, offered as such on Discord. */
  readonly choices?: readonly string[];
  /** Never logged or echoed (confirmation tokens). */
  readonly secret?: boolean;
  /** How many words a positional takes from the ones left (e.g. `1 000,00 EUR`); one by default. */
  readonly take?: (words: readonly string[]) => number;
}

/** The registry that holds argument metadata for the zod schemas of commands. */
export const argRegistry = z.registry<ArgMeta>();

/** Declares a positional argument. */
export function positional<T extends z.ZodType>(schema: T, meta: Omit<ArgMeta, 'kind'>): T {
  argRegistry.add(schema, { ...meta, kind: 'positional' });
  return schema;
}

/** Declares a `name=value` option. */
export function option<T extends z.ZodType>(schema: T, meta: Omit<ArgMeta, 'kind'>): T {
  argRegistry.add(schema, { ...meta, kind: 'option' });
  return schema;
}

/** Declares a `--name` flag (a boolean, false when absent). */
export function flag(description: Localized) {
  return z.boolean().default(false).register(argRegistry, { kind: 'flag', placeholder: '', description, type: 'boolean' });
}

/** Declares an argument that takes every remaining word, joined with spaces. */
export function rest<T extends z.ZodType>(schema: T, meta: Omit<ArgMeta, 'kind'>): T {
  argRegistry.add(schema, { ...meta, kind: 'rest' });
  return schema;
}

/** The metadata of one argument schema; every argument of a command must be declared with a helper. */
export function metaOf(name: string, schema: z.ZodType): ArgMeta {
  const meta = argRegistry.get(schema);
  if (!meta) throw new Error(`argument ${name} has no metadata: declare it with positional(), option(), flag() or rest()`);
  return meta;
}

/** True when the argument may be left out. */
export function isOptional(schema: z.ZodType): boolean {
  return schema.safeParse(undefined).success;
}
