import type { CommandFamily, CommandSpec } from '../core/command.js';
import type { Locale } from '../core/i18n.js';
import { pick } from '../core/i18n.js';
import { argsOf, usageOf } from '../core/parser.js';
import type { CommandRegistry } from '../core/registry.js';
import { reply, table, text, type Reply } from '../core/reply.js';

/** The overview of every command family, generated from the registry. */
export function helpOverview(registry: CommandRegistry, locale: Locale): Reply {
  const rows = registry.families.map((f) => [`/${f.name}`, pick(f.summary, locale)]);
  return reply(
    [
      table([pick({ en: 'Command', fr: 'Commande' }, locale), pick({ en: 'What it does', fr: 'Rôle' }, locale)], rows),
      text(pick({ en: 'Type /guichet help COMMAND for details, e.g. /guichet help credit. Add --public to show a reply to the channel. Every command also works after /guichet, e.g. /guichet credit buy 100 (where /credit belongs to another app).', fr: 'Tapez /guichet help COMMANDE pour le détail, par ex. /guichet help credit. Ajoutez --public pour montrer une réponse au canal. Toute commande marche aussi après /guichet, par ex. /guichet credit buy 100 (quand /credit appartient à une autre application).' }, locale)),
    ],
    { title: pick({ en: 'Guichet — commands', fr: 'Guichet — commandes' }, locale) },
  );
}

function specHelp(family: CommandFamily, spec: CommandSpec, locale: Locale) {
  const lines = [`\`${usageOf(family, spec)}\``, `  ${pick(spec.summary, locale)}`];
  for (const a of argsOf(spec)) {
    const name = a.meta.kind === 'flag' ? `--${a.name}` : a.meta.kind === 'option' ? `${a.name}=${a.meta.placeholder}` : a.meta.placeholder;
    lines.push(`    ${name}: ${pick(a.meta.description, locale)}`);
  }
  for (const e of spec.examples ?? []) lines.push(`    ${pick({ en: 'e.g.', fr: 'ex.' }, locale)} /${family.name} ${e}`);
  return text(lines.join('\n'));
}

/** The detailed help of one family: usage, summary, arguments and examples of each subcommand. */
export function helpFamily(family: CommandFamily, locale: Locale): Reply {
  const sections = family.commands.map((spec) => specHelp(family, spec, locale));
  if (!family.umbrella) sections.push(text(pick({ en: `Also typed as /guichet ${family.name} …`, fr: `Se tape aussi /guichet ${family.name} …` }, locale)));
  return reply(sections, { title: `/${family.name} — ${pick(family.summary, locale)}` });
}

/** The detailed help of one subcommand (`words` after the family name, e.g. `delete-now`); undefined if there is none. */
export function helpSubcommand(family: CommandFamily, words: string, locale: Locale): Reply | undefined {
  const name = words.trim().toLowerCase().replace(/\s+/g, ' ');
  const spec = family.commands.find((c) => c.name === name);
  return spec ? reply([specHelp(family, spec, locale)], { title: usageOf(family, spec) }) : undefined;
}

/** Every usage line of the registry (README command reference). */
export function allUsages(registry: CommandRegistry): string[] {
  return registry.families.flatMap((f) => f.commands.map((c) => usageOf(f, c)));
}
