import { randomUUID } from 'node:crypto';
import type { App } from '@slack/bolt';
import type { Invocation } from '../../src/core/identity.js';
import type { Reply } from '../../src/core/reply.js';
import { nodeTimers, SLACK_ACK_BUDGET_MS, SlashAck, type AckFn, type AckTimers } from './slack.ack.js';
import { slackCommandOf } from './slack.config.js';
import { unescapeSlackText } from './slack.render.js';
import type { SlackListenerContext } from './slack.runner.js';

/** Minimal view of a slash-command payload. */
interface SlashPayload {
  readonly team_id: string;
  readonly user_id: string;
  readonly channel_id: string;
  readonly text?: string;
  readonly trigger_id?: string;
  readonly response_url?: string;
}

/** What slash commands need beyond the shared context: the command prefix and the acknowledgement's timers and clock. */
export interface SlashContext extends SlackListenerContext {
  /** Put before every family's slash command but `/guichet` (GUICHET_SLACK_COMMAND_PREFIX). */
  readonly prefix: string;
  /** The timers of the acknowledgement budget (Node's when not set). */
  readonly ackTimers?: AckTimers;
  /** Wall-clock milliseconds, the acknowledgement budget's second check. */
  readonly now?: () => number;
}

/**
 * Listens to every slash command (Bolt runs each listener's matching per request): a family's command by its
 * name; any other of the manifest (or a renamed one) gets the core's "not a Guichet command, did you mean …"
 * answer instead of a Slack timeout.
 */
export function listenToSlashCommands(app: App, ctx: SlashContext): void {
  const { core, prefix } = ctx;
  const bySlash = new Map(core.deps.registry.families.map((f) => [slackCommandOf(f, prefix), f.name]));
  app.command(/^\/.+$/, async ({ command, ack }) => {
    const payload = command as unknown as SlashPayload & { command: string };
    const typed = payload.command.replace(/^\//, '');
    const name = bySlash.get(payload.command) ?? (prefix && typed.startsWith(prefix) ? typed.slice(prefix.length) : typed);
    await runSlash(ctx, name, payload, ack as AckFn);
  });
}

/**
 * Runs a slash command through the core and delivers the reply: its first message in the acknowledgement when
 * ready within `SLACK_ACK_BUDGET_MS`, else the command is acknowledged empty then and the reply posted as usual.
 */
async function runSlash(ctx: SlashContext, name: string, payload: SlashPayload, ackFn: AckFn): Promise<void> {
  const { core, log } = ctx;
  const ack = new SlashAck(ackFn, ctx.ackTimers ?? nodeTimers, SLACK_ACK_BUDGET_MS, log, ctx.now);
  if (payload.response_url) ctx.budget.track(payload.response_url);
  const id = payload.trigger_id ? `slack:${payload.team_id}:trigger:${payload.trigger_id}` : `slack:${randomUUID()}`;
  const typed = unescapeSlackText(payload.text ?? '');
  const inv: Invocation = {
    id,
    user: { platform: 'slack', workspace: payload.team_id, user: payload.user_id },
    channel: `slack:${payload.team_id}/${payload.channel_id}`,
    command: name,
    input: { kind: 'text', text: typed },
    repeatKey: `slack:${payload.team_id}/${payload.user_id}/${payload.channel_id}/${name} ${typed.trim().replace(/\s+/g, ' ')}`,
  };
  // A command typed with a secret (a confirmation token) is answered privately by the core, so Slack never
  // echoes the typed text to the channel with an in_channel answer (in the acknowledgement or at the response_url).
  let replied: Reply | undefined;
  const run = async (): Promise<Reply> => (replied = await core.handle(inv));
  await ctx.runner.once(id, log, run, {
    ...(payload.response_url ? { responseUrl: payload.response_url } : {}),
    channel: payload.channel_id,
    team: payload.team_id,
    user: payload.user_id,
  }, ack);
  // The core knows from its own parse whether the command may change state (no second parse here).
  if (replied && core.mayHaveChanged(replied)) await ctx.home.afterCommand(payload.user_id);
}
