import { App } from '@slack/bolt';
import type { Logger } from '../../src/ports/logger.js';
import type { SlackAdapterOptions } from './slack.adapter.js';
import { boltLogger } from './slack.logger.js';

/** Path of Bolt's HTTP receiver (slash commands and interactivity). */
export const SLACK_EVENTS_PATH = '/slack/events';

/** Who the bot token belongs to, as `auth.test` says: the bot's ids, given to Bolt. */
export interface BotIdentity {
  readonly user_id?: string;
  readonly bot_id?: string;
}

/**
 * Builds the Bolt app, not started: the signature-checked HTTP receiver at `SLACK_EVENTS_PATH` (with the custom
 * routes), or Socket Mode when an app token is set.
 */
export function boltApp(options: SlackAdapterOptions, auth: BotIdentity, log: Logger): App {
  return new App({
    token: options.botToken,
    ...(auth.bot_id ? { botId: auth.bot_id } : {}),
    ...(auth.user_id ? { botUserId: auth.user_id } : {}),
    signingSecret: options.signingSecret,
    signatureVerification: true,
    processBeforeResponse: false,
    // Guichet keeps no conversation state in Bolt: without its store, no per-request lookup (and thrown "not found").
    convoStore: false,
    endpoints: SLACK_EVENTS_PATH,
    ...(options.appToken ? { socketMode: true, appToken: options.appToken } : {}),
    ...(!options.appToken && options.customRoutes?.length ? { customRoutes: options.customRoutes } : {}),
    logger: boltLogger(log),
    clientOptions: {
      ...(options.apiUrl ? { slackApiUrl: options.apiUrl.endsWith('/') ? options.apiUrl : `${options.apiUrl}/` } : {}),
    },
  });
}

/** Follows a Socket Mode app's connection: `onChange(true)` when its receiver's client connects, `false` when it drops. */
export function onSocketChange(app: App, onChange: (up: boolean) => void): void {
  // Bolt keeps its receiver private; its Socket Mode client is an EventEmitter of connection states.
  const client = (app as unknown as { receiver?: { client?: { on(event: string, fn: () => void): void } } }).receiver?.client;
  client?.on('connected', () => onChange(true));
  for (const down of ['disconnected', 'reconnecting', 'disconnecting']) client?.on(down, () => onChange(false));
}
