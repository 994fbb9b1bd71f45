import { afterEach, describe, expect, it } from 'vitest';
import { opt } from './support/discord-interactions.js';
import { IDS, inGuild, messageText, runCommand, startDiscord, type DiscordSetup } from './support/discord-setup.js';
import { FAKE_TEAM } from './support/slack-fake.js';
import { blockText, buttonsOf, CHANNEL, ROOT, startSlackBed, type SlackBed } from './support/slack-bed.js';

/** The first digest slot after the demo's start (Monday 23 November 2026, 10:00 in Paris): Monday 30 November, 09:00 Paris. */
const FIRST_SLOT = '2026-11-30T08:00:00.000Z';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
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
  it('GIVEN alice subscribed a Slack channel to the digest WHEN an operator runs the jobs before and after Monday 09:00 (Paris) THEN the channel gets the overview once, through chat.postMessage, without personal details, with pc-demo’s credit chart uploaded into it', async () => {
    bed = await startSlackBed();
    await bed.link('U0ALICE', 'alice-ovh');
    await bed.response((await bed.slash('U0ALICE', '/voucher', 'activate WELCOME-50 pc-demo')).responseUrl);
    await bed.response((await bed.slash(ROOT, '/guichet', 'admin charge pc-demo 12')).responseUrl);
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
    // The credit chart of pc-demo follows, uploaded into the channel with files.uploadV2, with its alt text.
    const charts = bed.fake.files.filter((f) => f.completed && f.channel === CHANNEL);
    expect(charts.map((f) => f.filename)).toEqual(['credit-pc-demo-2026-11.png']);
    expect(charts[0]!.bytes!.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(charts[0]!.title).toBe('Credit & vouchers — pc-demo');
    expect(charts[0]!.altText).toContain('Consumption over 12 months: €12.00');
    // Its buttons are bound to alice's account: another account's member clicking one is refused.
    const button = buttonsOf(posted)[0];
    if (button) {
      await bed.link('U0BOB', 'bob-ovh');
      const click = await bed.click('U0BOB', button.action_id);
      expect(blockText((await bed.response(click.responseUrl)).body)).toMatch(/not yours/);
    }

    await bed.response((await bed.slash(ROOT, '/guichet', 'admin run-jobs')).responseUrl);
    expect(digests()).toHaveLength(1);
    expect(bed.fake.files.filter((f) => f.channel === CHANNEL)).toHaveLength(1);
  }, 60_000);

  it('GIVEN Slack refuses the chart’s upload once WHEN the jobs run at the slot and again THEN the digest message is posted once, without the chart, never reposted', async () => {
    bed = await startSlackBed();
    await bed.link('U0ALICE', 'alice-ovh');
    await bed.response((await bed.slash('U0ALICE', '/voucher', 'activate WELCOME-50 pc-demo')).responseUrl);
    await bed.response((await bed.slash('U0ALICE', '/reminders', 'subscribe digest')).responseUrl);
    const digests = () => bed!.fake.callsOf('chat.postMessage').filter((c) => c.args.channel === CHANNEL && blockText(c.args).includes('Weekly digest of alice-ovh'));
    bed.fake.script('files.getUploadURLExternal', { status: 200, body: { ok: false, error: 'internal_error' } });
    bed.h.clock.set(new Date(FIRST_SLOT));
    const report = await bed.jobs.runNow(bed.h.clock.now());
    expect(report.counts['reminders-files-missed']).toBe(1);
    expect(report.lines.map((l) => l.en).join('\n')).toMatch(/→ slack:[A-Z0-9]+\/[A-Z0-9]+, without its files \(Slack refused it \(internal_error\)\)/);
    expect(digests()).toHaveLength(1);
    expect(bed.fake.callsOf('files.getUploadURLExternal')).toHaveLength(1);
    expect(bed.fake.files.some((f) => f.completed)).toBe(false);
    expect(bed.h.logs.lines.some((l) => l.includes('reminder posted without its files'))).toBe(true);
    await bed.response((await bed.slash(ROOT, '/guichet', 'admin run-jobs')).responseUrl);
    expect(digests()).toHaveLength(1);
    expect(bed.fake.callsOf('files.getUploadURLExternal')).toHaveLength(1);
  }, 60_000);

  it('GIVEN alice subscribed a Discord channel to the digest WHEN the operator runs the jobs at Monday 09:00 (Paris) and again THEN the channel gets one digest message, without personal details, with pc-demo’s credit chart attached', async () => {
    discord = await startDiscord();
    await discord.link({ [IDS.alice]: 'alice-ovh' });
    await discord.h.run('@alice /voucher activate WELCOME-50 pc-demo');
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
    // The credit chart of pc-demo is an attachment of the same message, with its alt text.
    const posted = digests()[0]!;
    expect(posted.files.map((f) => f.name)).toEqual(['credit-pc-demo-2026-11.png']);
    expect(posted.files[0]!.bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(posted.body.attachments).toEqual([{ id: 0, filename: 'credit-pc-demo-2026-11.png', description: expect.stringContaining('Vouchers: €50.00') }]);
    await runCommand(discord, IDS.operator, 'guichet admin run-jobs');
    expect(digests()).toHaveLength(1);
  }, 60_000);
});
