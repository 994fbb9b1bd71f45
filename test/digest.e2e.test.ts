import { afterEach, describe, expect, it } from 'vitest';
import { opt } from './support/discord-interactions.js';
import { IDS, inGuild, messageText, runCommand, startDiscord, type DiscordSetup } from './support/discord-setup.js';
import { FAKE_TEAM } from './support/slack-fake.js';
import { blockText, buttonsOf, CHANNEL, ROOT, startSlackBed, type SlackBed } from './support/slack-bed.js';

/** The first digest slot after the demo's start (Monday 23 November 2026, 10:00 in Paris): Monday 30 November, 09:00 Paris. */
const FIRST_SLOT = '2026-11-30T08:00:00.000Z';
/** What a public channel must never show of alice's account: her e-mail and card, and no confirmation token. */
const PERSONAL = [/alice@example\.com/, /4242/, /\b[A-Z0-9]{6}-[A-Z0-9]{6}\b/];

let bed: SlackBed | undefined;
let discord: DiscordSetup | undefined;
afterEach(async () => {
  await bed?.close();
  await discord?.close();
  bed = undefined;
  discord = undefined;
});

describe('the weekly digest through the real adapters', () => {
  it('GIVEN alice subscribed a Slack channel to the digest WHEN an operator runs the jobs before and after Monday 09:00 (Paris) THEN the channel gets the overview once, through chat.postMessage, without personal details', async () => {
    bed = await startSlackBed();
    await bed.link('U0ALICE', 'alice-ovh');
    const sub = await bed.slash('U0ALICE', '/reminders', 'subscribe digest');
    const said = blockText((await bed.response(sub.responseUrl)).body);
    expect(said).toContain(`slack:${FAKE_TEAM}/${CHANNEL} will get alice-ovh’s reminders: digest`);
    expect(said).toContain('The weekly digest is posted on mon 09:00 (Europe/Paris)');
    const digests = () => bed!.fake.callsOf('chat.postMessage').filter((c) => c.args.channel === CHANNEL && blockText(c.args).includes('Weekly digest of alice-ovh'));

    bed.h.clock.set(new Date(Date.parse(FIRST_SLOT) - 60_000));
    await bed.response((await bed.slash(ROOT, '/guichet', 'admin run-jobs')).responseUrl);
    expect(digests()).toHaveLength(0);

    bed.h.clock.set(new Date(FIRST_SLOT));
    const run = await bed.slash(ROOT, '/guichet', 'admin run-jobs');
    await bed.response(run.responseUrl);
    expect(digests()).toHaveLength(1);
    const posted = digests()[0]!.args;
    const shown = blockText(posted);
    expect(shown).toContain('Weekly digest of alice-ovh (2026-W49)');
    expect(shown).toMatch(/vps-demo-1/);
    for (const p of PERSONAL) expect(shown).not.toMatch(p);
    expect(String(posted.text)).not.toMatch(PERSONAL[0]!);
    // Its buttons are bound to alice's account: another account's member clicking one is refused.
    const button = buttonsOf(posted)[0];
    if (button) {
      await bed.link('U0BOB', 'bob-ovh');
      const click = await bed.click('U0BOB', button.action_id);
      expect(blockText((await bed.response(click.responseUrl)).body)).toMatch(/not yours/);
    }

    await bed.response((await bed.slash(ROOT, '/guichet', 'admin run-jobs')).responseUrl);
    expect(digests()).toHaveLength(1);
  });

  it('GIVEN alice subscribed a Discord channel to the digest WHEN the operator runs the jobs at Monday 09:00 (Paris) and again THEN the channel gets one digest message, without personal details', async () => {
    discord = await startDiscord();
    await discord.link({ [IDS.alice]: 'alice-ovh' });
    const channel = inGuild(IDS.alice).channel;
    const sub = await runCommand(discord, IDS.alice, 'reminders subscribe', [opt.str('types', 'digest')]);
    expect(sub.text).toContain('The weekly digest is posted on mon 09:00');
    const digests = () => discord!.fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${channel}/messages` && messageText(r.body).includes('Weekly digest of alice-ovh'));
    discord.h.clock.set(new Date(FIRST_SLOT));
    await runCommand(discord, IDS.operator, 'guichet admin run-jobs');
    expect(digests().map((r) => r.status)).toEqual([200]);
    const shown = messageText(digests()[0]!.body);
    expect(shown).toMatch(/vps-demo-1/);
    for (const p of PERSONAL) expect(shown).not.toMatch(p);
    await runCommand(discord, IDS.operator, 'guichet admin run-jobs');
    expect(digests()).toHaveLength(1);
  });
});
