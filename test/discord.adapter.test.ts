import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autocomplete, chatInput, opt, type RawOption } from './support/discord-interactions.js';
import { FAKE_APP_ID, FAKE_BOT } from './support/fake-discord.js';
import { IDS, inGuild, isCallback, isEdit, messageText, NOTICE_SECRET, runClick, runCommand, startDiscord, type DiscordSetup } from './support/discord-setup.js';
import { reply, table, text } from '../src/core/reply.js';
import { DiscordAdapter } from '../adapters/discord/discord.adapter.js';
import { ManualTimers } from './support/manual-timers.js';

let s: DiscordSetup;
// The reply budget never runs out here (its timers fire only by hand): every command is answered at once.
beforeAll(async () => { s = await startDiscord({ replyTimers: new ManualTimers() }); });
afterAll(async () => { await s?.close(); });

/** Polls until a condition holds (the signal that a process has settled), failing after 10 s. */
async function waitUntil(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(condition()).toBe(true);
}

const command = (user: string, path: string, options: RawOption[] = [], locale?: string) => runCommand(s, user, path, options, locale);

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

  it('GIVEN a short heartbeat interval WHEN the bot heartbeats THEN each heartbeat is acknowledged and the session is kept', async () => {
    await waitUntil(() => s.fake.gatewayFrames.filter((f) => f.op === 1).length >= 3);
    expect(s.fake.gatewayFrames.filter((f) => f.connected)).toHaveLength(1);
    expect(s.fake.gatewayFrames.filter((f) => f.op === 2)).toHaveLength(1);
    expect(s.adapter.client.ws.ping).toBeGreaterThanOrEqual(0);
  });

  it('GIVEN an unlinked Discord user WHEN they run /account show THEN the private reply at once refuses and nothing is linked', async () => {
    const r = await command(IDS.stranger, 'account show');
    expect(r.callback.body).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(r.edit).toBeUndefined();
    expect(r.text).toContain(`discord:${IDS.guild}/${IDS.stranger} is not linked`);
    expect(r.message.embeds[0].color).toBe(0xef4444);
  });

  it('GIVEN an operator configured as discord:USERID WHEN they run /guichet admin link THEN the user is linked and /account shows the profile in their language', async () => {
    const denied = await command(IDS.alice, 'guichet admin link', [opt.str('chat-user', `discord:${IDS.guild}/${IDS.alice}`), opt.str('account', 'alice-ovh')]);
    expect(denied.text).toContain('Only Guichet operators');
    const linked = await command(IDS.operator, 'guichet admin link', [opt.str('chat-user', `discord:${IDS.guild}/${IDS.alice}`), opt.str('account', 'alice-ovh')]);
    expect(linked.text).toBe(`Linked discord:${IDS.guild}/${IDS.alice} to alice-ovh.`);
    expect(linked.message.embeds[0].color).toBe(0x22c55e);
    const en = await command(IDS.alice, 'account show');
    expect(en.message.embeds[0].title).toBe('Account alice-ovh');
    expect(en.message.embeds[0].fields).toContainEqual({ name: 'Customer ID', value: 'alice-ovh', inline: true });
    const fr = await command(IDS.alice, 'account show', [], 'fr');
    expect(fr.message.embeds[0].title).toBe('Compte alice-ovh');
    const audit = await s.h.uow.run(async (tx) => ({ commit: false, result: await tx.audit.latest(20) }));
    expect(audit.filter((e) => e.action === 'admin.link' && e.actor === `discord:${IDS.guild}/${IDS.operator}`)).toHaveLength(1);
  });

  it('GIVEN /guichet help with public=true WHEN it runs THEN the reply is public and the table comes as a code block', async () => {
    const r = await command(IDS.stranger, 'guichet help', [opt.bool('public', true)]);
    expect(r.callback.body.type).toBe(4);
    expect(r.callback.body.data.flags ?? 0).toBe(0);
    expect(r.message.embeds[0].title).toBe('Guichet — commands');
    expect(r.message.embeds[0].description).toMatch(/^```\n[\s\S]*\/account[\s\S]*\/guichet[\s\S]*```/);
    const one = await command(IDS.stranger, 'guichet help', [opt.str('command', 'account')]);
    expect(one.text).toContain('/account emails [N]');
  });

  it('GIVEN public=true on /account show WHEN it runs THEN the channel gets the profile without e-mails or payment methods, and those follow privately', async () => {
    await command(IDS.operator, 'guichet admin link', [opt.str('chat-user', `discord:${IDS.guild}/${IDS.alice}`), opt.str('account', 'alice-ovh')]);
    const r = await command(IDS.alice, 'account show', [opt.bool('public', true)]);
    expect(r.callback.body.data.flags ?? 0).toBe(0);
    expect(JSON.stringify(r.message)).not.toMatch(/alice@example\.com|Visa/);
    const follow = await s.fake.waitForRequest((x) => x.method === 'POST' && x.path === `/webhooks/${FAKE_APP_ID}/${r.i.token}`, 'followUp');
    expect(follow.body.flags).toBe(64);
    expect(JSON.stringify(follow.body)).toContain('alice@example.com');
    expect(JSON.stringify(follow.body)).toContain('Visa •••• 4242');
  });

  it('GIVEN public=true WHEN the command is refused in time THEN the refusal is the private reply, and nothing goes public', async () => {
    const r = await command(IDS.stranger, 'account audit', [opt.bool('public', true)]);
    expect(r.callback.body).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(r.text).toContain('is not linked');
    await command(IDS.stranger, 'account show'); // a later interaction, answered after this one's last request
    expect(s.fake.requests.filter((q) => q.path.includes(r.i.token)).map((q) => q.method)).toEqual(['POST']);
  });

  it('GIVEN a bad option value WHEN the command runs THEN the reply says what to type, from the same schema as the text grammar', async () => {
    const r = await command(IDS.operator, 'guichet admin link', [opt.str('chat-user', 'nobody'), opt.str('account', 'alice-ovh')]);
    expect(r.text).toContain('CHAT-USER: write it as console:NAME, slack:TEAM/USER or discord:GUILD/USER');
    expect(r.text).toContain('/guichet admin link CHAT-USER ACCOUNT');
  });

  it('GIVEN a linked user WHEN they type part of a service name THEN autocomplete offers only their own services, at most 25', async () => {
    const i = autocomplete(inGuild(IDS.alice), 'notice about', [opt.str('service', 'DEMO', true)]);
    s.fake.dispatch('INTERACTION_CREATE', i);
    const cb = await s.fake.waitForRequest(isCallback(i.id), 'autocomplete result');
    expect(cb.body.type).toBe(8);
    const values = cb.body.data.choices.map((c: { value: string }) => c.value).sort();
    expect(values).toEqual(['example-demo.fr', 'hosting-demo', 'pc-demo', 'vps-demo-1']);
    expect(values).not.toContain('ks-demo');
    const j = autocomplete(inGuild(IDS.alice), 'notice about', [opt.str('service', 'vps', true)]);
    s.fake.dispatch('INTERACTION_CREATE', j);
    const one = await s.fake.waitForRequest(isCallback(j.id), 'autocomplete result');
    expect(one.body.data.choices).toEqual([{ name: 'vps-demo-1 — VPS demo', value: 'vps-demo-1' }]);
    const k = autocomplete(inGuild(IDS.stranger), 'notice about', [opt.str('service', '', true)]);
    s.fake.dispatch('INTERACTION_CREATE', k);
    expect((await s.fake.waitForRequest(isCallback(k.id), 'autocomplete result')).body.data.choices).toEqual([]);
  });

  it('GIVEN an operator WHEN they complete an account option THEN matching accounts are offered', async () => {
    const i = autocomplete(inGuild(IDS.operator), 'guichet admin link', [opt.str('chat-user', ''), opt.str('account', 'bo', true)]);
    s.fake.dispatch('INTERACTION_CREATE', i);
    const cb = await s.fake.waitForRequest(isCallback(i.id), 'autocomplete result');
    expect(cb.body.data.choices[0]).toEqual({ name: 'bob-ovh — Bob Durand', value: 'bob-ovh' });
  });

  it('GIVEN a reply with a button WHEN its owner clicks THEN the opaque custom ID runs the command once, and a stranger is refused', async () => {
    await s.h.uow.run(async (tx) => {
      await tx.links.put({ chatUser: `discord:${IDS.guild}/${IDS.bob}`, account: 'bob-ovh', linkedBy: 'test', linkedAt: new Date(0).toISOString() });
      return { commit: true, result: undefined };
    });
    const offered = await command(IDS.alice, 'notice offer');
    const button = offered.message.components[0].components[0];
    expect(button).toMatchObject({ label: 'Notify bob-ovh', style: 4 });
    expect(button.custom_id).toMatch(/^[A-Z0-9]{30}$/);
    expect(offered.text).toContain('Sure?');
    const foreign = await runClick(s, IDS.bob, button.custom_id);
    expect(foreign.callback.body.data.flags).toBe(64);
    expect(foreign.text).toContain('This button is not yours');
    const click = await runClick(s, IDS.alice, button.custom_id);
    expect(click.callback.body).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(click.text).toContain('Sent to 2 chat user(s) of bob-ovh.');
    const again = await runClick(s, IDS.alice, button.custom_id);
    expect(again.text).toContain('Already done');
    const audit = await s.h.uow.run(async (tx) => ({ commit: false, result: await tx.audit.latest(50) }));
    expect(audit.filter((e) => e.action === 'notice.send' && e.target === 'bob-ovh')).toHaveLength(1);
  });

  it('GIVEN an account with two linked Discord users, one refusing DMs WHEN a notice with a token is sent THEN one DM carries it and the requester is told about the other', async () => {
    s.fake.closedDms.add(IDS.daveClosed);
    await s.h.uow.run(async (tx) => {
      for (const u of [IDS.dave, IDS.daveClosed]) await tx.links.put({ chatUser: `discord:${IDS.guild}/${u}`, account: 'dave-ovh', linkedBy: 'test', linkedAt: new Date(0).toISOString() });
      return { commit: true, result: undefined };
    });
    const r = await command(IDS.alice, 'notice send', [opt.str('account', 'dave-ovh')]);
    expect(r.text).toContain('Sent to 3 chat user(s) of dave-ovh.');
    expect(r.text).toContain(`discord:${IDS.guild}/${IDS.daveClosed} (dave-ovh): Discord user`);
    expect(r.text).toContain('does not accept direct messages');
    expect(r.text).toContain('kept in dave-ovh\'s service mails');
    expect(r.text).not.toContain(NOTICE_SECRET);
    const opened = s.fake.requests.filter((q) => q.path === '/users/@me/channels').map((q) => q.body.recipient_id);
    expect(opened).toEqual(expect.arrayContaining([IDS.dave, IDS.daveClosed]));
    const sent = s.fake.requests.filter((q) => q.method === 'POST' && /^\/channels\/\d+\/messages$/.test(q.path) && q.status === 200 && q.body.embeds[0].title === 'Code de confirmation');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.auth).toBe('Bot test-bot-token');
    expect(sent[0]!.body.embeds[0].title).toBe('Code de confirmation');
    expect(sent[0]!.body.embeds[0].description).toBe(`Votre code : ${NOTICE_SECRET}`);
    const mails = await command(IDS.daveClosed, 'account emails');
    expect(mails.text).toContain(NOTICE_SECRET);
    expect(s.h.logs.lines.join('\n')).not.toContain(NOTICE_SECRET);
  });

  it('GIVEN a discord:GUILD/CHANNEL address WHEN a notice is posted THEN it lands in that channel, and failures are reported', async () => {
    const notice = reply([text('vps-demo-1 expires in 7 days.'), table(['Service', 'Expires'], [['vps-demo-1', '30 Nov']])], { title: 'Renewal reminder', tone: 'warning' });
    expect(await s.adapter.notifier.post(`discord:${IDS.guild}/700000000000000042`, notice)).toEqual({ ok: true });
    const posted = await s.fake.waitForRequest((q) => q.path === '/channels/700000000000000042/messages', 'channel post');
    expect(posted.body.embeds[0]).toMatchObject({ title: 'Renewal reminder', color: 0xf59e0b });
    expect(posted.body.embeds[0].description).toContain('```\nService');
    s.fake.forbiddenChannels.add('700000000000000043');
    const refused = await s.adapter.notifier.post(`discord:${IDS.guild}/700000000000000043`, notice);
    expect(refused).toMatchObject({ ok: false, reason: expect.stringContaining('50001') });
    expect(await s.adapter.notifier.post('slack:T1/C1', notice)).toMatchObject({ ok: false });
  });

  it('GIVEN the same interaction delivered twice WHEN both reach the bot THEN it is answered once and applied once', async () => {
    await s.h.uow.run(async (tx) => {
      await tx.links.put({ chatUser: `discord:${IDS.guild}/160000000000000006`, account: 'carol-ovh', linkedBy: 'test', linkedAt: new Date(0).toISOString() });
      return { commit: true, result: undefined };
    });
    const i = chatInput(inGuild(IDS.operator), 'guichet admin unlink', [opt.str('chat-user', `discord:${IDS.guild}/160000000000000006`)]);
    s.fake.dispatch('INTERACTION_CREATE', i);
    s.fake.dispatch('INTERACTION_CREATE', i);
    expect(messageText((await s.fake.answerTo(i)).message)).toContain('Unlinked');
    const probe = await command(IDS.stranger, 'account show'); // a later interaction, handled after both copies
    expect(probe.text).toContain('not linked');
    expect(s.fake.requests.filter(isCallback(i.id))).toHaveLength(1);
    expect(s.fake.requests.filter(isEdit(i.token))).toHaveLength(0);
    const audit = await s.h.uow.run(async (tx) => ({ commit: false, result: await tx.audit.latest(50) }));
    expect(audit.filter((e) => e.action === 'admin.unlink')).toHaveLength(1);
  });

  // One core and one store behind two gateway connections (not two processes, which share nothing in memory).
  it('GIVEN one core behind two Discord adapters WHEN Discord delivers an interaction to both THEN one answers it and the other stands down', async () => {
    const second = new DiscordAdapter({ token: 'test-bot-token', core: s.core, logger: s.h.logs, apiUrl: s.fake.apiUrl, replyTimers: new ManualTimers() });
    await second.start();
    try {
      await s.h.uow.run(async (tx) => {
        await tx.links.put({ chatUser: `discord:${IDS.guild}/170000000000000007`, account: 'carol-ovh', linkedBy: 'test', linkedAt: new Date(0).toISOString() });
        return { commit: true, result: undefined };
      });
      const i = chatInput(inGuild(IDS.operator), 'guichet admin unlink', [opt.str('chat-user', `discord:${IDS.guild}/170000000000000007`)]);
      s.fake.dispatch('INTERACTION_CREATE', i);
      // Both run the command (the invocation record applies it once); the first reply answers, the second is refused.
      expect(messageText((await s.fake.answerTo(i)).message)).toContain('Unlinked');
      await s.fake.waitForRequest((r) => isCallback(i.id)(r) && r.status === 400, 'second answer');
      expect(s.fake.requests.filter(isCallback(i.id)).map((r) => r.status).sort()).toEqual([204, 400]);
      await waitUntil(() => s.h.logs.lines.some((l) => l.includes(i.id) && l.includes('already answered elsewhere')));
      expect(s.fake.requests.filter(isEdit(i.token))).toHaveLength(0);
      const audit = await s.h.uow.run(async (tx) => ({ commit: false, result: await tx.audit.latest(50) }));
      expect(audit.filter((e) => e.action === 'admin.unlink' && e.target?.endsWith('170000000000000007'))).toHaveLength(1);
    } finally {
      await second.stop();
    }
  });
});
