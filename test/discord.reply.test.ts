import { afterEach, describe, expect, it, vi } from 'vitest';
import { DISCORD_REPLY_BUDGET_MS } from '../adapters/discord/discord.reply.js';
import { chatInput, opt, type RawOption } from './support/discord-interactions.js';
import { FAKE_APP_ID, type RecordedRequest } from './support/fake-discord.js';
import { IDS, inGuild, isCallback, isEdit, messageText, startDiscord, type DiscordSetup, type DiscordSetupOptions } from './support/discord-setup.js';
import { ManualTimers } from './support/manual-timers.js';
import { StoreGate } from './support/store-gate.js';

let s: DiscordSetup | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

/** Starts a bot whose reply budget runs on `budget` (fired by hand) and whose store waits at `gate` while armed. */
async function start(budget: ManualTimers, gate: StoreGate, options: DiscordSetupOptions = {}): Promise<DiscordSetup> {
  s = await startDiscord({ wrap: gate.wrap, replyTimers: budget, ...options });
  await s.link({ [IDS.alice]: 'alice-ovh' });
  return s;
}

/** Dispatches a command that stops at the armed store gate; resolves once the core waits there. */
async function heldCommand(setup: DiscordSetup, gate: StoreGate, user: string, path: string, options: RawOption[] = []) {
  gate.arm();
  const i = chatInput(inGuild(user), path, options);
  setup.fake.dispatch('INTERACTION_CREATE', i);
  await gate.entered;
  return i;
}

/** Every request the bot made about one interaction (callback, edit, deletion, follow-ups), in order. */
const about = (setup: DiscordSetup, i: { id: string; token: string }): RecordedRequest[] =>
  setup.fake.requests.filter((r) => r.path.startsWith(`/interactions/${i.id}/`) || r.path.startsWith(`/webhooks/${FAKE_APP_ID}/${i.token}`));
const followUps = (token: string) => (r: RecordedRequest) => r.method === 'POST' && r.path === `/webhooks/${FAKE_APP_ID}/${token}`;

describe('Discord: the reply as the interaction callback', () => {
  it('GIVEN a command whose reply is ready within the budget WHEN it is invoked THEN exactly one callback carries the reply, with no deferral or edit, and the budget timer is cancelled', async () => {
    const budget = new ManualTimers();
    const setup = await start(budget, new StoreGate());
    const i = chatInput(inGuild(IDS.alice), 'account show');
    setup.fake.dispatch('INTERACTION_CREATE', i);
    const answer = await setup.fake.answerTo(i);
    expect(answer.callback.body).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(answer.message.embeds[0].title).toBe('Account alice-ovh');
    expect(answer.edit).toBeUndefined();
    expect(budget.waiting).toEqual([]);
    const later = chatInput(inGuild(IDS.stranger), 'guichet help');
    setup.fake.dispatch('INTERACTION_CREATE', later);
    await setup.fake.answerTo(later); // a later command, answered after this one's last request
    expect(about(setup, i).map((r) => `${r.method} ${r.status}`)).toEqual(['POST 204']);
  });

  it('GIVEN public=true on a command ready in time WHEN it is answered THEN the callback is public without personal details, and those follow privately as before', async () => {
    const setup = await start(new ManualTimers(), new StoreGate());
    const i = chatInput(inGuild(IDS.alice), 'account show', [opt.bool('public', true)]);
    setup.fake.dispatch('INTERACTION_CREATE', i);
    const answer = await setup.fake.answerTo(i);
    expect(answer.callback.body.type).toBe(4);
    expect(answer.message.flags ?? 0).toBe(0);
    expect(JSON.stringify(answer.message)).not.toMatch(/alice@example\.com|Visa/);
    const follow = await setup.fake.waitForRequest(followUps(i.token), 'followUp');
    expect(follow.body.flags).toBe(64);
    expect(JSON.stringify(follow.body)).toContain('alice@example.com');
  });

  it('GIVEN a command held by a slow store WHEN the budget runs out THEN the interaction is deferred then, and the reply edited in when ready', async () => {
    const budget = new ManualTimers();
    const gate = new StoreGate();
    const setup = await start(budget, gate);
    const i = await heldCommand(setup, gate, IDS.alice, 'account show');
    expect(about(setup, i)).toEqual([]);
    expect(budget.fire()).toBe(1);
    const deferral = await setup.fake.waitForRequest(isCallback(i.id), 'deferral');
    expect(deferral.body).toEqual({ type: 5, data: { flags: 64 } });
    gate.release();
    const edit = await setup.fake.waitForRequest(isEdit(i.token), 'editReply');
    expect(edit.body.embeds[0].title).toBe('Account alice-ovh');
    expect(about(setup, i).map((r) => r.method)).toEqual(['POST', 'PATCH']);
  });

  it('GIVEN public=true on a slow command that is refused WHEN the reply comes after the public deferral THEN the placeholder is deleted and the refusal sent privately, as before', async () => {
    const budget = new ManualTimers();
    const gate = new StoreGate();
    const setup = await start(budget, gate);
    const i = await heldCommand(setup, gate, IDS.stranger, 'account audit', [opt.bool('public', true)]);
    budget.fire();
    expect((await setup.fake.waitForRequest(isCallback(i.id), 'deferral')).body).toEqual({ type: 5, data: { flags: 0 } });
    gate.release();
    const follow = await setup.fake.waitForRequest(followUps(i.token), 'followUp');
    expect(follow.body.flags).toBe(64);
    expect(messageText(follow.body)).toContain('is not linked');
    expect(about(setup, i).map((r) => r.method)).toEqual(['POST', 'DELETE', 'POST']);
  });

  it('GIVEN a busy event loop (the budget spent by the clock, its timer not run yet) WHEN the reply arrives THEN the interaction is deferred then and the reply edited in, never answered twice', async () => {
    const budget = new ManualTimers();
    const gate = new StoreGate();
    let wall = 1_000_000;
    const setup = await start(budget, gate, { now: () => wall });
    const i = await heldCommand(setup, gate, IDS.alice, 'account show');
    wall += DISCORD_REPLY_BUDGET_MS;
    gate.release();
    const edit = await setup.fake.waitForRequest(isEdit(i.token), 'editReply');
    expect(edit.body.embeds[0].title).toBe('Account alice-ovh');
    expect(budget.waiting).toEqual([]);
    expect(about(setup, i).map((r) => [r.method, r.body?.type, r.status])).toEqual([['POST', 5, 204], ['PATCH', undefined, 200]]);
  });

  it('GIVEN the budget running out just as the reply arrives WHEN the deferral is still on its way THEN the reply waits for it and is edited in, never answered twice', async () => {
    const budget = new ManualTimers();
    const gate = new StoreGate();
    const setup = await start(budget, gate);
    const i = await heldCommand(setup, gate, IDS.alice, 'account show');
    budget.fire();
    gate.release();
    const edit = await setup.fake.waitForRequest(isEdit(i.token), 'editReply');
    expect(edit.body.embeds[0].title).toBe('Account alice-ovh');
    expect(about(setup, i).map((r) => [r.method, r.body?.type, r.status])).toEqual([['POST', 5, 204], ['PATCH', undefined, 200]]);
  });

  it('GIVEN another process answered the interaction WHEN the budget defers it THEN Discord refuses the deferral, the reply is not edited in, and the bot stands down', async () => {
    const budget = new ManualTimers();
    const gate = new StoreGate();
    const setup = await start(budget, gate);
    const i = await heldCommand(setup, gate, IDS.alice, 'account show');
    setup.fake.answeredElsewhere(i.id);
    budget.fire();
    await setup.fake.waitForRequest((r) => isCallback(i.id)(r) && r.status === 400, 'refused deferral');
    gate.release();
    await vi.waitFor(() => expect(setup.h.logs.lines.some((l) => l.includes(i.id) && l.includes('already answered elsewhere'))).toBe(true));
    expect(about(setup, i).map((r) => r.method)).toEqual(['POST']);
  });
});
