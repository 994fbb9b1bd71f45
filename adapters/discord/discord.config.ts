import { ConfigError, type Env } from '../../src/config.js';

/** The Discord part of the configuration. */
export interface DiscordSettings {
  readonly token: string;
  readonly applicationId: string;
  readonly guildId?: string;
  readonly apiUrl?: string;
}

const SNOWFLAKE = /^\d{17,20}$/;
const invalid = (line: string) => new ConfigError(`Invalid configuration:\n  ${line}`);

/**
 * The Discord settings, or undefined when no Discord variable is set. Half a configuration stops start-up with a
 * message naming the variable, as Slack's does: a bot token alone never silently falls back to the console.
 */
export function discordSettingsOf(env: Env): DiscordSettings | undefined {
  const { DISCORD_TOKEN: token, DISCORD_APPLICATION_ID: applicationId, DISCORD_GUILD_ID: guildId, DISCORD_API_URL: apiUrl } = env;
  if (!token && !applicationId && !guildId) return undefined;
  if (!token) {
    const other = applicationId ? 'DISCORD_APPLICATION_ID' : 'DISCORD_GUILD_ID';
    throw invalid(`DISCORD_TOKEN: required with ${other} (the bot token: Discord developer portal › your application › Bot › Reset Token)`);
  }
  if (/\s/.test(token)) throw invalid('DISCORD_TOKEN: the bot token alone, without spaces or a "Bot " prefix');
  if (!applicationId) throw invalid('DISCORD_APPLICATION_ID: required with DISCORD_TOKEN (Discord developer portal › your application › General Information › Application ID)');
  if (!SNOWFLAKE.test(applicationId)) throw invalid(`DISCORD_APPLICATION_ID: must be the application's numeric ID (17 to 20 digits, General Information › Application ID), got "${applicationId.slice(0, 40)}"`);
  if (guildId && !SNOWFLAKE.test(guildId)) throw invalid(`DISCORD_GUILD_ID: must be the server's numeric ID (17 to 20 digits: right-click the server with Developer Mode on › Copy Server ID), got "${guildId.slice(0, 40)}"`);
  return { token, applicationId, ...(guildId ? { guildId } : {}), ...(apiUrl ? { apiUrl } : {}) };
}
