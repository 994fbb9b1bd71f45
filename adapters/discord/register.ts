import { REST, Routes } from 'discord.js';
import { pathToFileURL } from 'node:url';
import { buildRegistry } from '../../src/commands/index.js';
import { ConfigError, loadEnv } from '../../src/config.js';
import { loadDotEnv } from '../runtime.js';
import { checkDiscordToken } from './discord.adapter.js';
import { buildDiscordCommands, type DiscordCommand } from './discord.commands.js';
import { discordSettingsOf } from './discord.config.js';

/** What registration needs: the bot token, the application, and optionally a guild and an API base. */
export interface RegisterOptions {
  readonly token: string;
  readonly applicationId: string;
  readonly guildId?: string;
  readonly apiUrl?: string;
}

/** Replaces the application's commands with those generated from the registry (guild-scoped when a guild is given). */
export async function registerCommands(options: RegisterOptions): Promise<{ scope: string; commands: DiscordCommand[] }> {
  const commands = buildDiscordCommands(buildRegistry()).commands;
  const rest = new REST(options.apiUrl ? { api: options.apiUrl } : {}).setToken(options.token);
  const route = options.guildId
    ? Routes.applicationGuildCommands(options.applicationId, options.guildId)
    : Routes.applicationCommands(options.applicationId);
  await rest.put(route, { body: commands });
  return { scope: options.guildId ? `guild ${options.guildId}` : 'global', commands };
}

/** `npm run discord:register`: reads DISCORD_TOKEN, DISCORD_APPLICATION_ID, DISCORD_GUILD_ID, DISCORD_API_URL. */
async function main(): Promise<void> {
  loadDotEnv();
  const settings = discordSettingsOf(loadEnv());
  if (!settings) throw new ConfigError('DISCORD_TOKEN and DISCORD_APPLICATION_ID must be set to register the Discord commands (see the README, "Discord").');
  await checkDiscordToken(settings);
  const { scope, commands } = await registerCommands(settings);
  const env = { DISCORD_GUILD_ID: settings.guildId };
  process.stdout.write(`Registered ${commands.length} commands (${commands.map((c) => `/${c.name}`).join(', ')}) as ${scope} commands.\n`);
  if (!env.DISCORD_GUILD_ID) process.stdout.write('Global commands can take up to an hour to appear; set DISCORD_GUILD_ID for instant updates while testing.\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
