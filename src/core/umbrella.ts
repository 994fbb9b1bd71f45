import type { Invocation } from './identity.js';
import type { CommandRegistry } from './registry.js';

/**
 * Every family is also reachable under the umbrella family (`/guichet credit buy 100` is `/credit buy 100`), for
 * workspaces where a short name such as `/credit` belongs to another app. The umbrella's own subcommands
 * (`help`, `admin …`) keep their meaning. Returns the command and text to run, or undefined when it is not that.
 */
export function throughUmbrella(registry: CommandRegistry, command: string, text: string): { command: string; text: string } | undefined {
  const umbrella = registry.families.find((f) => f.umbrella);
  if (!umbrella || registry.find(command) !== umbrella) return undefined;
  const m = /^\s*\/?(\S+)\s*([\s\S]*)$/.exec(text);
  if (!m) return undefined;
  const word = m[1]!.toLowerCase();
  const family = registry.find(word);
  if (!family || family === umbrella || umbrella.commands.some((c) => c.name.split(' ')[0] === word)) return undefined;
  return { command: family.name, text: m[2] ?? '' };
}

/** The invocation as the family it names under the umbrella, or unchanged. */
export function viaUmbrella(registry: CommandRegistry, inv: Invocation): Invocation {
  if (inv.input.kind !== 'text') return inv;
  const target = throughUmbrella(registry, inv.command, inv.input.text);
  return target ? { ...inv, command: target.command, input: { kind: 'text', text: target.text } } : inv;
}
