import { afterEach, describe, expect, it } from 'vitest';
import { NONCE_MAX, postNonce } from '../adapters/discord/discord.notifier.js';
import { reply, text } from '../src/core/reply.js';
import { deliveryKey } from '../src/jobs/reminder-delivery.js';
import { opt } from './support/discord-interactions.js';
import { IDS, inGuild, messageText, runCommand, startDiscord, type DiscordSetup } from './support/discord-setup.js';
import type { RecordedRequest } from './support/fake-discord.js';
import { DEMO_NOW } from './support/harness.js';
import { aService, saveService } from './support/renewal.js';

/** The first digest slot after the demo's start: Monday 30 November 2026, 09:00 in Paris. */
const FIRST_SLOT = '2026-11-30T08:00:00.000Z';
const DAY = 86_400_000;

let s: DiscordSetup | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

/** The bot's create-message requests in one channel. */
const createsIn = (setup: DiscordSetup, channel: string): RecordedRequest[] =>
  setup.fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${channel}/messages`);

/** Runs the jobs as `/guichet admin run-jobs` does (the same runner, posting through the adapter), and returns the report. */
const runJobs = (x: DiscordSetup) => x.core.deps.jobs!.runNow(x.h.clock.now());

describe('Discord channel posts carry a nonce: a retried post is one message', () => {
  it('GIVEN Discord created the weekly digest (chart attached) but the connection closed before its answer WHEN the jobs run again THEN exactly one message exists in the channel, the retry carried the same nonce, and a third run posts nothing', async () => {
    s = await startDiscord();
    await s.link({ [IDS.alice]: 'alice-ovh' });
    await s.h.run('@alice /voucher activate WELCOME-50 pc-demo');
    const channel = inGuild(IDS.alice).channel;
    await runCommand(s, IDS.alice, 'reminders subscribe', [opt.str('types', 'digest')]);
    s.h.clock.set(new Date(FIRST_SLOT));
    s.fake.loseNextAnswer(channel, 'reset');

    const first = await runJobs(s);
    expect(first.counts['reminders-failed']).toBe(1);
    expect(first.lines.map((l) => l.en).join('\n')).toMatch(/not posted to discord:\d+\/\d+ \(Discord could not be reached/);
    expect(createsIn(s, channel).map((r) => r.status)).toEqual([0]);
    expect(s.fake.messagesIn(channel)).toHaveLength(1);

    expect((await runJobs(s)).counts['reminders-sent']).toBe(1);
    const [lost, retry] = createsIn(s, channel);
    expect(retry!.status).toBe(200);
    expect(retry!.body).toMatchObject({ nonce: lost!.body.nonce, enforce_nonce: true });
    expect(lost!.body.nonce).toHaveLength(NONCE_MAX);
    expect(retry!.files.map((f) => f.name)).toEqual(['credit-pc-demo-2026-11.png']);
    const messages = s.fake.messagesIn(channel);
    expect(messages).toHaveLength(1);
    expect(messageText(messages[0])).toContain('Weekly digest of alice-ovh');
    expect(messages[0].attachments.map((a: { filename: string }) => a.filename)).toEqual(['credit-pc-demo-2026-11.png']);

    expect((await runJobs(s)).counts['reminders-sent']).toBeUndefined();
    expect(createsIn(s, channel)).toHaveLength(2);
    expect(s.fake.messagesIn(channel)).toHaveLength(1);
  }, 60_000);

  it('GIVEN Discord created a post but answered 500 WHEN discord.js retries it by itself THEN the post is delivered as one message, where the same post without a key makes two', async () => {
    s = await startDiscord();
    const notice = reply([text('vps-demo-1 expires in 7 days.')], { title: 'Renewal reminder', tone: 'warning' });
    const keyed = '700000000000000042';
    s.fake.loseNextAnswer(keyed, 500);
    const address = `discord:${IDS.guild}/${keyed}`;
    expect(await s.adapter.notifier.post(address, notice, { key: deliveryKey('renewal:vps-demo-1:2026-12-07:7', address) })).toEqual({ ok: true });
    const creates = createsIn(s, keyed);
    expect(creates.map((r) => r.status)).toEqual([500, 200]);
    expect(new Set(creates.map((r) => r.body.nonce)).size).toBe(1);
    expect(s.fake.messagesIn(keyed)).toHaveLength(1);

    const bare = '700000000000000043';
    s.fake.loseNextAnswer(bare, 500);
    expect(await s.adapter.notifier.post(`discord:${IDS.guild}/${bare}`, notice)).toEqual({ ok: true });
    expect(createsIn(s, bare).map((r) => r.body.nonce)).toEqual([undefined, undefined]);
    expect(s.fake.messagesIn(bare)).toHaveLength(2);
  }, 60_000);

  it('GIVEN two renewal reminders due for one Discord channel WHEN the jobs post them THEN each carries its own nonce and both messages exist', async () => {
    s = await startDiscord();
    await s.link({ [IDS.alice]: 'alice-ovh' });
    await saveService(s.h, aService('nonce-1', { expiresAt: new Date(Date.parse(DEMO_NOW) + 5 * DAY).toISOString() }));
    await saveService(s.h, aService('nonce-2', { expiresAt: new Date(Date.parse(DEMO_NOW) + 5 * DAY).toISOString() }));
    const channel = inGuild(IDS.alice).channel;
    await runCommand(s, IDS.alice, 'reminders subscribe', [opt.str('types', 'renewal')]);
    await runJobs(s);
    const ours = createsIn(s, channel).filter((r) => /Renewal due: nonce-[12]/.test(messageText(r.body)));
    expect(ours).toHaveLength(2);
    const nonces = ours.map((r) => r.body.nonce as string);
    expect(new Set(nonces).size).toBe(2);
    for (const r of ours) expect(r.body).toMatchObject({ nonce: expect.stringMatching(/^[A-Za-z0-9_-]{1,25}$/), enforce_nonce: true });
    expect(s.fake.messagesIn(channel).filter((m) => /Renewal due: nonce-[12]/.test(messageText(m)))).toHaveLength(2);
  }, 60_000);

  it('GIVEN one delivery key WHEN its nonce is derived for a channel THEN it is the same every time, and differs for another channel or another key', () => {
    const key = deliveryKey('digest:alice-ovh:2026-W49', 'discord:600000000000000001/700000000000000001');
    expect(postNonce(key, '700000000000000001')).toBe(postNonce(key, '700000000000000001'));
    expect(postNonce(key, '700000000000000001')).not.toBe(postNonce(key, '700000000000000002'));
    expect(postNonce(key, '700000000000000001')).not.toBe(postNonce(deliveryKey('digest:alice-ovh:2026-W50', 'discord:600000000000000001/700000000000000001'), '700000000000000001'));
    expect(postNonce(key, '700000000000000001').length).toBeLessThanOrEqual(NONCE_MAX);
  });
});
