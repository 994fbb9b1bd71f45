import { afterEach, describe, expect, it, vi } from 'vitest';
import { DISCORD_REPLY_BUDGET_MS } from '../adapters/discord/discord.reply.js';
import { buttonClick, chatInput, opt, type RawOption } from './support/discord-interactions.js';
import { FAKE_APP_ID, type RecordedRequest } from './support/fake-discord.js';
import { IDS, inGuild, isCallback, isEdit, messageText, runClick, runCommand, startDiscord, type DiscordSetup, type DiscordSetupOptions } from './support/discord-setup.js';
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
  await s.link({ [IDS.alice]: 'alice-ovh', [IDS.bob]: 'bob-ovh' });
  return s;
}

/** Dispatches an interaction that stops at the armed store gate; resolves once the core waits there. */
async function held<I extends { id: string; token: string }>(setup: DiscordSetup, gate: StoreGate, i: I): Promise<I> {
  gate.arm();
  setup.fake.dispatch('INTERACTION_CREATE', i);
  await gate.entered;
  return i;
}

/** Dispatches a command that stops at the armed store gate. */
const heldCommand = (setup: DiscordSetup, gate: StoreGate, user: string, path: string, options: RawOption[] = []) =>
  held(setup, gate, chatInput(inGuild(user), path, options));

/** The custom ID of the button alice gets from `/notice offer` (it sends a notice to bob-ovh). */
const offeredButton = async (setup: DiscordSetup): Promise<string> =>
  (await runCommand(setup, IDS.alice, 'notice offer')).message.components[0].components[0].custom_id;

/** The interactions the race edges hold: a slash command, and a click on a button (offered before the store is held). */
const KINDS = [
  { kind: 'command', shows: 'Account alice-ovh', hold: (setup: DiscordSetup, gate: StoreGate) => heldCommand(setup, gate, IDS.alice, 'account show') },
  { kind: 'button click', shows: 'Sent to', hold: async (setup: DiscordSetup, gate: StoreGate) => held(setup, gate, buttonClick(inGuild(IDS.alice), await offeredButton(setup))) },
] as const;

/** Every request the bot made about one interaction (callback, edit, deletion, follow-ups), in order. */
const about = (setup: DiscordSetup, i: { id: string; token: string }): RecordedRequest[] =>
  setup.fake.requests.filter((r) => r.path.startsWith(`/interactions/${i.id}/`) || r.path.startsWith(`/webhooks/${FAKE_APP_ID}/${i.token}`));
/** Waits for the reply edited in (showing `shows`) and checks the interaction was answered once: one deferral, then that edit. */
async function deferredThenEdited(setup: DiscordSetup, i: { id: string; token: string }, shows: string): Promise<void> {
  const edit = await setup.fake.waitForRequest(isEdit(i.token), 'editReply');
  expect(messageText(edit.body)).toContain(shows);
  expect(about(setup, i).map((r) => [r.method, r.body?.type, r.status])).toEqual([['POST', 5, 204], ['PATCH', undefined, 200]]);
}
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

  it('GIVEN a click whose reply is ready within the budget WHEN the button is clicked THEN exactly one private callback carries the reply as a new message (the clicked one stays), with no deferral or edit', async () => {
    const budget = new ManualTimers();
    const setup = await start(budget, new StoreGate());
    const click = await runClick(setup, IDS.alice, await offeredButton(setup));
    expect(click.callback.body).toMatchObject({ type: 4, data: { flags: 64 } }); // 4: a new message; 7 would update the clicked one
    expect(click.text).toContain('Sent to');
    expect(click.edit).toBeUndefined();
    expect(budget.waiting).toEqual([]);
    await runCommand(setup, IDS.stranger, 'guichet help'); // a later command, answered after the click's last request
    expect(about(setup, click.i).map((r) => `${r.method} ${r.status}`)).toEqual(['POST 204']);
  });

  it('GIVEN an expired button WHEN it is clicked, answered in time or after the budget THEN the refusal is shown only to the clicker, as a new private message', async () => {
    const budget = new ManualTimers();
    const gate = new StoreGate();
    const setup = await start(budget, gate);
    const button = await offeredButton(setup);
    setup.h.clock.advance(31 * 60_000);
    const fast = await runClick(setup, IDS.alice, button);
    expect(fast.callback.body).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(fast.text).toContain('This button has expired. Type /notice send bob-ovh instead.');
    const slow = await held(setup, gate, buttonClick(inGuild(IDS.alice), button));
    budget.fire();
    expect((await setup.fake.waitForRequest(isCallback(slow.id), 'deferral')).body).toEqual({ type: 5, data: { flags: 64 } });
    gate.release();
    expect(messageText((await setup.fake.waitForRequest(isEdit(slow.token), 'editReply')).body)).toContain('This button has expired.');
    expect(about(setup, slow).map((r) => r.method)).toEqual(['POST', 'PATCH']);
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
});

describe.each(KINDS)('Discord: a $kind past the budget (deferred, then edited)', ({ shows, hold }) => {
  it('GIVEN it held by a slow store WHEN the budget runs out THEN the interaction is deferred privately then, and the reply edited in when ready', async () => {
    const budget = new ManualTimers();
    const gate = new StoreGate();
    const setup = await start(budget, gate);
    const i = await hold(setup, gate);
    expect(about(setup, i)).toEqual([]);
    expect(budget.fire()).toBe(1);
    const deferral = await setup.fake.waitForRequest(isCallback(i.id), 'deferral');
    expect(deferral.body).toEqual({ type: 5, data: { flags: 64 } });
    gate.release();
    const edit = await setup.fake.waitForRequest(isEdit(i.token), 'editReply');
    expect(messageText(edit.body)).toContain(shows);
    expect(about(setup, i).map((r) => r.method)).toEqual(['POST', 'PATCH']);
  });

  it('GIVEN a busy event loop (the budget spent by the clock, its timer not run yet) WHEN the reply arrives THEN the interaction is deferred then and the reply edited in, never answered twice', async () => {
    const budget = new ManualTimers();
    const gate = new StoreGate();
    let wall = 1_000_000;
    const setup = await start(budget, gate, { now: () => wall });
    const i = await hold(setup, gate);
    wall += DISCORD_REPLY_BUDGET_MS;
    gate.release();
    await deferredThenEdited(setup, i, shows);
    expect(budget.waiting).toEqual([]);
  });

  it('GIVEN the budget running out just as the reply arrives WHEN the deferral is still on its way THEN the reply waits for it and is edited in, never answered twice', async () => {
    const budget = new ManualTimers();
    const gate = new StoreGate();
    const setup = await start(budget, gate);
    const i = await hold(setup, gate);
    budget.fire();
    gate.release();
    await deferredThenEdited(setup, i, shows);
  });

  it('GIVEN another process answered the interaction WHEN the budget defers it THEN Discord refuses the deferral, the reply is not edited in, and the bot stands down', async () => {
    const budget = new ManualTimers();
    const gate = new StoreGate();
    const setup = await start(budget, gate);
    const i = await hold(setup, gate);
    setup.fake.answeredElsewhere(i.id);
    budget.fire();
    await setup.fake.waitForRequest((r) => isCallback(i.id)(r) && r.status === 400, 'refused deferral');
    gate.release();
    await vi.waitFor(() => expect(setup.h.logs.lines.some((l) => l.includes(i.id) && l.includes('already answered elsewhere'))).toBe(true));
    expect(about(setup, i).map((r) => r.method)).toEqual(['POST']);
  });
});
