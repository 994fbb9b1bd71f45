import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatInput, opt } from './support/discord-interactions.js';
import { FAKE_APP_ID, FAKE_BOT, type RecordedRequest } from './support/fake-discord.js';
import { IDS, messageText, startDiscord, type DiscordSetup } from './support/discord-setup.js';

let s: DiscordSetup;
beforeAll(async () => { s = await startDiscord(); });
afterAll(async () => { await s?.close(); });

const inGuild = (user: string, locale = 'en-US') => ({ user, guild: IDS.guild, channel: '700000000000000001', locale });
const isEdit = (token: string) => (r: RecordedRequest) => r.method === 'PATCH' && r.path === `/webhooks/${FAKE_APP_ID}/${token}/messages/@original`;
const isCallback = (id: string) => (r: RecordedRequest) => r.method === 'POST' && r.path.startsWith(`/interactions/${id}/`);

/** Dispatches a chat-input interaction and waits for the bot's final reply. */
async function command(user: string, path: string, options = [] as ReturnType<typeof opt.str>[], locale?: string) {
  const i = chatInput(inGuild(user, locale), path, options);
  s.fake.dispatch('INTERACTION_CREATE', i);
  const callback = await s.fake.waitForRequest(isCallback(i.id), 'callback');
  const edit = await s.fake.waitForRequest(isEdit(i.token), 'editReply');
  return { i, callback, edit, text: messageText(edit.body) };
}

describe('Discord adapter, end to end against a fake Discord', () => {
  it('GIVEN a bot token WHEN the adapter starts THEN it asks /gateway/bot, identifies on the gateway and is ready', () => {
    const gw = s.fake.requests.find((r) => r.path === '/gateway/bot');
    expect(gw?.auth).toBe('Bot test-bot-token');
    expect(s.fake.gatewayFrames[0].connected).toContain('v=10');
    expect(s.fake.gatewayFrames[0].connected).toContain('encoding=json');
    const identify = s.fake.gatewayFrames.find((f) => f.op === 2);
    expect(identify.d.token).toBe('test-bot-token');
    expect(s.adapter.client.isReady()).toBe(true);
    expect(s.adapter.client.user?.id).toBe(FAKE_BOT.id);
    expect(s.adapter.client.application?.id).toBe(FAKE_APP_ID);
  });

  it('GIVEN an unlinked Discord user WHEN they run /account show THEN the deferred private reply refuses and nothing is linked', async () => {
    const r = await command(IDS.stranger, 'account show');
    expect(r.callback.body).toEqual({ type: 5, data: { flags: 64 } });
    expect(r.text).toContain(`discord:${IDS.guild}/${IDS.stranger} is not linked`);
    expect(r.edit.body.embeds[0].color).toBe(0xef4444);
  });
});
