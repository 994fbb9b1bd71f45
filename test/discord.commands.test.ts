import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildDiscordCommands, clip, subcommandPath, type DiscordCommand } from '../adapters/discord/discord.commands.js';
import { registerCommands } from '../adapters/discord/register.js';
import { renderReply } from '../adapters/discord/discord.render.js';
import { buildRegistry } from '../src/commands/index.js';
import { flag, option, positional, rest } from '../src/core/args.js';
import { defineCommand, type CommandFamily } from '../src/core/command.js';
import { CommandRegistry } from '../src/core/registry.js';
import { fields, reply, table, text } from '../src/core/reply.js';
import { FAKE_APP_ID, FakeDiscord } from './support/fake-discord.js';
import { testRegistry } from './support/discord-setup.js';

const NAME = /^[-_\p{L}\p{N}]{1,32}$/u;
type Node = { name: string; name_localizations?: Record<string, string>; description?: string; description_localizations?: Record<string, string>; options?: Node[]; choices?: { name: string; value: unknown }[]; type?: number; required?: boolean; autocomplete?: boolean };

/** Every way a generated command breaks Discord's documented limits. */
function violations(command: DiscordCommand): string[] {
  const out: string[] = [];
  let size = 0;
  const longest = (base: string, loc?: Record<string, string>) => Math.max(base.length, ...Object.values(loc ?? {}).map((v) => v.length));
  const visit = (n: Node, where: string) => {
    for (const name of [n.name, ...Object.values(n.name_localizations ?? {})]) {
      if (!NAME.test(name) || name !== name.toLowerCase()) out.push(`${where}: bad name ${name}`);
    }
    for (const d of [n.description ?? '', ...Object.values(n.description_localizations ?? {})]) {
      if (Array.from(d).length < 1 || Array.from(d).length > 100) out.push(`${where}: description of ${Array.from(d).length} chars`);
    }
    size += longest(n.name, n.name_localizations) + longest(n.description ?? '', n.description_localizations);
    const opts = n.options ?? [];
    if (opts.length > 25) out.push(`${where}: ${opts.length} options`);
    const names = opts.map((o) => o.name);
    if (new Set(names).size !== names.length) out.push(`${where}: duplicate option names`);
    const fr = opts.map((o) => o.name_localizations?.fr ?? o.name);
    if (new Set(fr).size !== fr.length) out.push(`${where}: duplicate French names`);
    const leaves = opts.filter((o) => o.type !== 1 && o.type !== 2);
    if (leaves.length && leaves.length !== opts.length) out.push(`${where}: subcommands mixed with options`);
    const firstOptional = leaves.findIndex((o) => !o.required);
    if (firstOptional >= 0 && leaves.slice(firstOptional).some((o) => o.required)) out.push(`${where}: required option after an optional one`);
    for (const o of opts) {
      if (o.choices && o.autocomplete) out.push(`${where}/${o.name}: choices and autocomplete`);
      if ((o.choices?.length ?? 0) > 25) out.push(`${where}/${o.name}: ${o.choices!.length} choices`);
      for (const c of o.choices ?? []) {
        if (c.name.length < 1 || c.name.length > 100 || String(c.value).length > 100) out.push(`${where}/${o.name}: bad choice ${c.name}`);
        size += c.name.length + String(c.value).length;
      }
      visit(o, `${where}/${o.name}`);
    }
  };
  visit(command as unknown as Node, `/${command.name}`);
  if (size > 8000) out.push(`/${command.name}: ${size} characters`);
  return out;
}

const LONG = 'x'.repeat(140);
const stress: CommandFamily = {
  name: 'stressTest',
  summary: { en: `A family with ${LONG}`, fr: `Une famille avec ${LONG}` },
  commands: [
    defineCommand({ name: '', summary: { en: 'bare', fr: 'nu' }, args: z.object({}), access: 'anyone', run: async () => reply([]) }),
    defineCommand({ name: 'show', summary: { en: 'show', fr: 'afficher' }, args: z.object({}), access: 'anyone', run: async () => reply([]) }),
    defineCommand({
      name: 'admin deep thing',
      summary: { en: LONG, fr: LONG },
      args: z.object({
        maybeProject: positional(z.string().optional(), { placeholder: 'PROJECT', complete: 'project', description: { en: LONG, fr: LONG } }),
        amountValue: positional(z.string().min(1).max(30), { placeholder: 'AMOUNT', description: { en: 'amount', fr: 'montant' } }),
        kind: option(z.enum(['a', 'b']).optional(), { placeholder: 'KIND', choices: ['a', 'b'], description: { en: 'kind', fr: 'genre' } }),
        many: option(z.string().optional(), { placeholder: 'X', choices: Array.from({ length: 40 }, (_, i) => `c${i}`), description: { en: 'many', fr: 'beaucoup' } }),
        dryRun: flag({ en: 'only check', fr: 'vérifier seulement' }),
        reason: rest(z.string(), { placeholder: 'REASON', description: { en: 'why', fr: 'pourquoi' } }),
      }),
      access: 'anyone',
      run: async () => reply([]),
    }),
  ],
};

describe('Discord application commands generated from the registry', () => {
  it('GIVEN every registry in use WHEN commands are generated THEN each respects Discord limits', () => {
    for (const registry of [buildRegistry(), testRegistry(), new CommandRegistry([stress])]) {
      const { commands } = buildDiscordCommands(registry);
      expect(commands.map((c) => c.name)).toEqual(registry.families.map((f) => f.name.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()));
      for (const c of commands) expect(violations(c)).toEqual([]);
    }
  });

  it('GIVEN every subcommand of every family WHEN its Discord path is looked up THEN it leads back to that subcommand', () => {
    for (const registry of [buildRegistry(), testRegistry(), new CommandRegistry([stress])]) {
      const set = buildDiscordCommands(registry);
      for (const family of registry.families) {
        for (const spec of family.commands) {
          const { group, sub } = subcommandPath(family, spec);
          const route = set.route(set.commands[registry.families.indexOf(family)]!.name, group, sub);
          expect(route?.spec).toBe(spec);
        }
      }
    }
  });

  it('GIVEN the stress family WHEN generated THEN bare forms, groups, option names, types, choices and clipping follow the documented rules', () => {
    const { commands, route } = buildDiscordCommands(new CommandRegistry([stress]));
    const cmd = commands[0] as unknown as Node;
    expect(cmd.name).toBe('stress-test');
    expect(cmd.options!.map((o) => o.name)).toEqual(['list', 'show', 'admin']);
    const thing = cmd.options![2]!.options![0]!;
    expect(thing.name).toBe('deep-thing');
    expect(thing.description).toHaveLength(100);
    expect(thing.description!.endsWith('…')).toBe(true);
    expect(thing.options!.map((o) => [o.name, o.type, o.required])).toEqual([
      ['amount-value', 3, true], ['reason', 3, true], ['maybe-project', 3, false], ['kind', 3, false], ['many', 3, false], ['dry-run', 5, false], ['public', 5, false],
    ]);
    expect(thing.options!.find((o) => o.name === 'maybe-project')!.autocomplete).toBe(true);
    expect(thing.options!.find((o) => o.name === 'kind')!.choices).toEqual([{ name: 'a', value: 'a' }, { name: 'b', value: 'b' }]);
    expect(thing.options!.find((o) => o.name === 'many')).toMatchObject({ autocomplete: true });
    expect(route('stress-test', 'admin', 'deep-thing')!.options.get('dry-run')!.name).toBe('dryRun');
    expect(route('stress-test', null, 'list')!.spec.name).toBe('');
  });

  it('GIVEN the French locale WHEN generated THEN names and descriptions carry French localizations from the registry texts', () => {
    const account = buildDiscordCommands(buildRegistry()).commands[0] as unknown as Node;
    expect(account.name_localizations).toEqual({ fr: 'compte' });
    expect(account.description_localizations!.fr).toBe('Votre compte : profil, vue d’ensemble, e-mails de service, audit, fermeture');
    expect(account.options![0]).toMatchObject({ name: 'show', name_localizations: { fr: 'afficher' } });
    expect(clip('a'.repeat(300))).toHaveLength(100);
    expect(Array.from(clip('é😀'.repeat(80))).length).toBe(100);
  });

  it('GIVEN a huge reply WHEN rendered for Discord THEN embeds stay within the message limits and buttons carry only the opaque ID', () => {
    const rows = Array.from({ length: 400 }, (_, i) => [`service-${i}`, 'x'.repeat(30)]);
    const many = Array.from({ length: 40 }, (_, i) => ({ label: `L${i}`, value: 'v'.repeat(2000) }));
    const r = renderReply(reply([text('intro'), table(['A', 'B'], rows), fields(many)], {
      title: 'T'.repeat(300), tone: 'warning',
      actions: [{ id: 'OPAQUE12345678901234', label: 'Pay', style: 'danger', typed: 'orders pay ORD-1' }],
    }));
    const total = r.embeds.reduce((n, e) => n + (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.fields ?? []).reduce((m, f) => m + f.name.length + f.value.length, 0), 0);
    expect(total).toBeLessThanOrEqual(6000);
    expect(r.embeds.length).toBeLessThanOrEqual(10);
    for (const e of r.embeds) expect(e.description?.length ?? 0).toBeLessThanOrEqual(4096);
    expect(r.embeds[0]!.title!.length).toBeLessThanOrEqual(256);
    expect(r.embeds[0]!.fields!.every((f) => f.value.length <= 1024)).toBe(true);
    const all = r.embeds.map((e) => e.description ?? '').join('');
    expect(all).toContain('intro');
    expect(all).toContain('truncated');
    expect((all.match(/```/g) ?? []).length % 2).toBe(0);
    const short = renderReply(reply([text('intro')], { actions: [] , title: 'x' }));
    expect(short.embeds).toHaveLength(1);
    const crowded = renderReply(reply([text('intro'), fields(many)]));
    expect(crowded.embeds.map((e) => e.description ?? '').join('')).toMatch(/\d+ more field\(s\) not shown/);
    expect(r.embeds[0]!.fields!.length).toBeGreaterThan(0);
    expect(JSON.stringify(r.components)).not.toContain('orders pay');
    expect(r.components[0]!.components[0]).toMatchObject({ custom_id: 'OPAQUE12345678901234', style: 4 });
  });
});

describe('npm run discord:register', () => {
  let fake: FakeDiscord;
  beforeAll(async () => { fake = await FakeDiscord.start(); });
  afterAll(async () => { await fake.close(); });

  it('GIVEN DISCORD_GUILD_ID WHEN registering THEN the generated commands are PUT as guild commands, else globally', async () => {
    const guild = await registerCommands({ token: 'reg-token', applicationId: FAKE_APP_ID, guildId: '600000000000000001', apiUrl: fake.apiUrl });
    expect(guild.scope).toBe('guild 600000000000000001');
    const put = await fake.waitForRequest((r) => r.method === 'PUT' && r.path === `/applications/${FAKE_APP_ID}/guilds/600000000000000001/commands`);
    expect(put.auth).toBe('Bot reg-token');
    expect(put.body.map((c: { name: string }) => c.name)).toEqual(buildRegistry().families.map((f) => f.name));
    await registerCommands({ token: 'reg-token', applicationId: FAKE_APP_ID, apiUrl: fake.apiUrl });
    const global = await fake.waitForRequest((r) => r.method === 'PUT' && r.path === `/applications/${FAKE_APP_ID}/commands`);
    expect(global.body).toEqual(put.body);
  });
});
