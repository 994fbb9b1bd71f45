import { ConfigError, type Env } from '../../src/config.js';

/** The Slack part of the configuration. */
export interface SlackSettings {
  readonly botToken: string;
  readonly signingSecret: string;
  readonly appToken?: string;
  readonly apiUrl?: string;
  /** Put before every family's slash command but the umbrella's (`g-` → `/g-credit`), so names do not clash with other apps. */
  readonly commandPrefix?: string;
}

/** The slash command of a family in Slack: the prefix before every family but the umbrella (`/guichet` stays). */
export function slackCommandOf(family: { name: string; umbrella?: boolean }, prefix = ''): string {
  return `/${family.umbrella ? '' : prefix}${family.name}`;
}

/**
 * The Slack settings, or undefined when no Slack variable is set. Half a configuration stops start-up with a
 * message naming the variable: Guichet never serves Slack without checking request signatures.
 */
export function slackSettingsOf(env: Env): SlackSettings | undefined {
  const { SLACK_BOT_TOKEN: botToken, SLACK_SIGNING_SECRET: signingSecret, SLACK_APP_TOKEN: appToken, SLACK_API_URL: apiUrl } = env;
  if (!botToken && !signingSecret && !appToken) return undefined;
  if (!botToken) throw new ConfigError('Invalid configuration:\n  SLACK_BOT_TOKEN: required when SLACK_SIGNING_SECRET or SLACK_APP_TOKEN is set (the bot token, xoxb-…)');
  if (!botToken.startsWith('xoxb-')) throw new ConfigError('Invalid configuration:\n  SLACK_BOT_TOKEN: must be a bot token starting with xoxb- (OAuth & Permissions page of your Slack app)');
  if (!signingSecret) throw new ConfigError('Invalid configuration:\n  SLACK_SIGNING_SECRET: required with SLACK_BOT_TOKEN; Guichet refuses to serve Slack without checking request signatures (Basic Information › App Credentials)');
  if (appToken && !appToken.startsWith('xapp-')) throw new ConfigError('Invalid configuration:\n  SLACK_APP_TOKEN: must be an app-level token starting with xapp- (Basic Information › App-Level Tokens, scope connections:write)');
  const prefix = env.GUICHET_SLACK_COMMAND_PREFIX;
  return { botToken, signingSecret, ...(appToken ? { appToken } : {}), ...(apiUrl ? { apiUrl } : {}), ...(prefix ? { commandPrefix: prefix } : {}) };
}
