import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildRegistry } from '../src/commands/index.js';
import { positional } from '../src/core/args.js';
import { defineCommand, type CommandFamily } from '../src/core/command.js';
import { CommandRegistry } from '../src/core/registry.js';
import { reply, text } from '../src/core/reply.js';
import { FAKE_TEAM } from './support/slack-fake.js';
import { blockText, ROOT, startSlackBed, type SlackBed } from './support/slack-bed.js';

let bed: SlackBed | undefined;
afterEach(async () => {
  await bed?.close();
  bed = undefined;
});

const SECRET = 'TOKEN-7F3K9Q';

/** A test-only family whose command sends a private notice through ctx.notify, as the contact flow will. */
const noticeFamily: CommandFamily = {
  name: 'notice',
  summary: { en: 'Test notices', fr: 'Avis de test' },
  commands: [
    defineCommand({
      name: 'send',
      summary: { en: 'Send a token to an account', fr: 'Envoyer un code à un compte' },
      args: z.object({ account: positional(z.string(), { placeholder: 'ACCOUNT', description: { en: 'account', fr: 'compte' } }) }),
      access: 'operator',
      async run(ctx, args) {
        const sent = await ctx.notify(args.account, { subject: { en: 'Your token', fr: 'Votre code' }, body: { en: 'Confirm with {secret}', fr: 'Confirmez avec {secret}' }, secret: SECRET });
        return reply([text(`Sent to ${sent.recipients} chat user(s).`)], { tone: 'success' });
      },
    }),
  ],
};

describe('SlackNotifier: private messages and channel posts', () => {
  it('GIVEN two Slack users linked to alice-ovh WHEN a command notifies alice-ovh THEN each gets the token by DM and the public reply has no token', async () => {
    bed = await startSlackBed({ registry: new CommandRegistry([...buildRegistry().families, noticeFamily]) });
    await bed.link('U0ALICE', 'alice-ovh');
    await bed.link('U0ALICE2', 'alice-ovh');
    const sent = await bed.slash(ROOT, '/notice', 'send alice-ovh --public');
    const shown = await bed.response(sent.responseUrl);
    expect(shown.body.response_type).toBe('in_channel');
    expect(JSON.stringify(shown.body)).not.toContain(SECRET);
    await bed.fake.until(() => bed!.fake.callsOf('chat.postMessage').length >= 2);
    expect(bed.fake.callsOf('conversations.open').map((c) => c.args.users).sort()).toEqual(['U0ALICE', 'U0ALICE2']);
    const dms = bed.fake.callsOf('chat.postMessage');
    expect(dms.map((c) => c.args.channel).sort()).toEqual(['DU0ALICE', 'DU0ALICE2']);
    for (const dm of dms) expect(blockText(dm.args)).toContain(`Confirm with ${SECRET}`);
    const inChannels = bed.fake.calls.filter((c) => String(c.args.channel ?? '').startsWith('C'));
    expect(inChannels.every((c) => !JSON.stringify(c.args).includes(SECRET))).toBe(true);
    expect(bed.h.logs.lines.every((l) => !l.includes(SECRET))).toBe(true);
  });

  it('GIVEN Slack cannot open a DM with a linked user WHEN notifying THEN the requester’s reply names the failure', async () => {
    bed = await startSlackBed({ registry: new CommandRegistry([...buildRegistry().families, noticeFamily]) });
    await bed.link('U0GONE', 'dave-ovh');
    bed.fake.script('conversations.open', { status: 200, body: { ok: false, error: 'user_not_found' } });
    const sent = await bed.slash(ROOT, '/notice', 'send dave-ovh');
    const shown = blockText((await bed.response(sent.responseUrl)).body);
    expect(shown).toContain(`slack:${FAKE_TEAM}/U0GONE (dave-ovh): Slack refused it (user_not_found)`);
    expect(shown).not.toContain(SECRET);
  });

  it('GIVEN Slack answers 429 with Retry-After WHEN posting to a channel THEN it waits that long, retries and succeeds', async () => {
    bed = await startSlackBed();
    bed.fake.script('chat.postMessage', { status: 429, headers: { 'retry-after': '2' }, body: { ok: false, error: 'ratelimited' } });
    const delivery = await bed.adapter.notifier.post(`slack:${FAKE_TEAM}/C0REMIND`, reply([text('vps-demo-1 renews in 10 days')]));
    expect(delivery).toEqual({ ok: true });
    expect(bed.sleeps).toEqual([2000]);
    const posts = bed.fake.callsOf('chat.postMessage');
    expect(posts.map((p) => p.args.channel)).toEqual(['C0REMIND', 'C0REMIND']);
    expect(blockText(posts[1]!.args)).toContain('vps-demo-1 renews in 10 days');
  });

  it('GIVEN Slack keeps answering 429 WHEN posting THEN it gives up after 3 attempts and reports a failure', async () => {
    bed = await startSlackBed();
    const limited = { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } };
    bed.fake.script('chat.postMessage', limited, limited, limited, limited);
    const delivery = await bed.adapter.notifier.post(`slack:${FAKE_TEAM}/C0REMIND`, reply([text('notice')]));
    expect(delivery.ok).toBe(false);
    expect(bed.fake.callsOf('chat.postMessage')).toHaveLength(3);
    expect(bed.sleeps).toEqual([1000, 1000]);
  });

  it('GIVEN a Retry-After longer than the wait limit WHEN posting THEN it fails at once so the job retries later', async () => {
    bed = await startSlackBed();
    bed.fake.script('chat.postMessage', { status: 429, headers: { 'retry-after': '600' }, body: { ok: false, error: 'ratelimited' } });
    const delivery = await bed.adapter.notifier.post(`slack:${FAKE_TEAM}/C0REMIND`, reply([text('notice')]));
    expect(delivery).toEqual({ ok: false, reason: 'Slack is rate limiting us (retry after 600 s)' });
    expect(bed.sleeps).toEqual([]);
  });

  it('GIVEN bad addresses WHEN posting or messaging THEN the delivery fails cleanly without calling Slack', async () => {
    bed = await startSlackBed();
    const n = bed.adapter.notifier;
    expect((await n.post('slack:general', reply([text('x')]))).ok).toBe(false);
    expect(await n.post('slack:T0OTHER/C1', reply([text('x')]))).toEqual({ ok: false, reason: 'Guichet is not installed in Slack workspace T0OTHER' });
    expect((await n.direct({ platform: 'discord', workspace: 'G', user: 'U' }, reply([text('x')]))).ok).toBe(false);
    expect(bed.fake.callsOf('chat.postMessage')).toHaveLength(0);
  });

  it('GIVEN a channel post refused by Slack WHEN posting THEN the reason is returned', async () => {
    bed = await startSlackBed();
    bed.fake.script('chat.postMessage', { status: 200, body: { ok: false, error: 'not_in_channel' } });
    expect(await bed.adapter.notifier.post(`slack:${FAKE_TEAM}/C0X`, reply([text('x')]))).toEqual({ ok: false, reason: 'Slack refused it (not_in_channel)' });
  });
});
