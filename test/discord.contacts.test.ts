import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autocomplete, opt } from './support/discord-interactions.js';
import { IDS, inGuild, isCallback, runCommand, startDiscord, type DiscordSetup } from './support/discord-setup.js';

let s: DiscordSetup;
beforeAll(async () => {
  s = await startDiscord();
  await s.link({ [IDS.alice]: 'alice-ovh', [IDS.bob]: 'bob-ovh' });
});
afterAll(async () => { await s?.close(); });

/** The token each Discord user received by DM for a request, read from what the bot sent. */
function dmTokens(requestId: string): Record<string, string> {
  const out: Record<string, string> = {};
  const pattern = new RegExp(`/contacts accept ${requestId} ([A-Z0-9]{10})`);
  for (const r of s.fake.requests) {
    const m = r.method === 'POST' && /^\/channels\/(\d+)\/messages$/.exec(r.path);
    const found = m && pattern.exec(JSON.stringify(r.body));
    const to = m ? s.fake.recipientOf(m[1]!) : undefined;
    if (found && to) out[to] = found[1]!;
  }
  return out;
}

describe('Contact change over Discord', () => {
  it('GIVEN alice and bob on Discord WHEN alice moves the admin contact of pc-demo to bob THEN both get their token by DM, accept, and the change is applied', async () => {
    const asked = await runCommand(s, IDS.alice, 'contacts change', [opt.str('project', 'pc-demo'), opt.str('admin', 'bob-ovh')]);
    expect(asked.callback.body.data.flags).toBe(64);
    const id = /CR-[A-Z0-9]{6}/.exec(asked.text)?.[0];
    expect(id, asked.text).toBeDefined();
    const tokens = dmTokens(id!);
    expect(Object.keys(tokens).sort()).toEqual([IDS.alice, IDS.bob].sort());
    for (const t of Object.values(tokens)) expect(asked.text).not.toContain(t);

    const complete = autocomplete(inGuild(IDS.bob), 'contacts accept', [opt.str('request', 'cr-', true)]);
    s.fake.dispatch('INTERACTION_CREATE', complete);
    const offered = (await s.fake.waitForRequest(isCallback(complete.id), 'request suggestions')).body.data.choices;
    expect(offered.map((c: { value: string }) => c.value)).toEqual([id]);

    const bob = await runCommand(s, IDS.bob, 'contacts accept', [opt.str('request', id!), opt.str('token', tokens[IDS.bob]!), opt.bool('public', true)]);
    expect(bob.callback.body.data.flags).toBe(64); // a command typed with a token never answers in public
    expect(bob.text).not.toContain(tokens[IDS.bob]!);
    const alice = await runCommand(s, IDS.alice, 'contacts accept', [opt.str('request', id!), opt.str('token', tokens[IDS.alice]!)]);
    expect(alice.message.embeds[0].color).toBe(0x22c55e);
    const shown = await runCommand(s, IDS.bob, 'contacts show', [opt.str('project', 'pc-demo')]);
    expect(shown.message.embeds[0].fields[0]).toMatchObject({ value: 'bob-ovh (FR)' });
    const lines = s.h.logs.lines.join('\n');
    for (const t of Object.values(tokens)) expect(lines).not.toContain(t);
  });

  it('GIVEN a wrong token typed in Discord WHEN accepted THEN it is refused and counted, and the request stays open', async () => {
    const asked = await runCommand(s, IDS.bob, 'contacts change', [opt.str('project', 'pc-demo'), opt.str('billing', 'bob-ovh')]);
    const id = /CR-[A-Z0-9]{6}/.exec(asked.text)?.[0];
    expect(id, asked.text).toBeDefined();
    const wrong = await runCommand(s, IDS.alice, 'contacts accept', [opt.str('request', id!), opt.str('token', 'AAAAAAAAAA')]);
    expect(wrong.message.embeds[0].color).toBe(0xef4444);
    const list = await runCommand(s, IDS.alice, 'contacts requests');
    expect(list.text).toContain(id!);
  });
});
