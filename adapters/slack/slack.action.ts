import { randomUUID } from 'node:crypto';
import type { App } from '@slack/bolt';
import type { SlackListenerContext } from './slack.runner.js';

/** Minimal view of a block_actions payload. */
interface ActionPayload {
  readonly type: string;
  readonly trigger_id?: string;
  readonly response_url?: string;
  readonly team?: { id?: string } | null;
  readonly user: { id: string; team_id?: string };
  readonly channel?: { id?: string };
  readonly container?: { channel_id?: string };
}

/** What button clicks need beyond the shared context: the bot's workspace, for payloads that name none. */
export interface ButtonContext extends SlackListenerContext {
  /** The workspace the bot token belongs to. */
  readonly teamId: string;
}

/** Listens to every button click: acknowledged at once, run through the core as the button's action, then the clicker's Home refreshed. */
export function listenToButtons(app: App, ctx: ButtonContext): void {
  const { core, log } = ctx;
  app.action(/.*/, async ({ ack, body, action }) => {
    await ack();
    const payload = body as unknown as ActionPayload;
    const a = action as { type?: string; action_id?: string; value?: string };
    if (payload.type !== 'block_actions' || a.type !== 'button' || !a.action_id) return;
    if (payload.response_url) ctx.budget.track(payload.response_url);
    const team = payload.team?.id ?? payload.user.team_id ?? ctx.teamId;
    const channel = payload.channel?.id ?? payload.container?.channel_id;
    const id = `slack:${team}:action:${payload.trigger_id ?? randomUUID()}`;
    await ctx.runner.once(id, log, () => core.click({
      id,
      user: { platform: 'slack', workspace: team, user: payload.user.id },
      actionId: a.value ?? a.action_id!,
      ...(channel ? { channel: `slack:${team}/${channel}` } : {}),
    }), {
      ...(payload.response_url ? { responseUrl: payload.response_url } : {}),
      ...(channel ? { channel } : {}),
      team,
      user: payload.user.id,
    });
    // A button may change the account (and may be the Home's own): its Home is refreshed.
    void ctx.home.afterCommand(payload.user.id);
  });
}
