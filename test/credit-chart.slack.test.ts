import { afterEach, describe, expect, it } from 'vitest';
import { FAKE_TEAM } from './support/slack-fake.js';
import { blockText, CHANNEL, ROOT, startSlackBed, type SlackBed } from './support/slack-bed.js';

let bed: SlackBed | undefined;
afterEach(async () => {
  await bed?.close();
  bed = undefined;
});

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('Slack: /credit chart uploads the PNG with files.uploadV2', () => {
  it('GIVEN alice charged 42 € on pc-demo WHEN she asks privately, then with --public THEN the private chart goes to her DM and the public one to the channel, each uploaded whole with its title and alt text', async () => {
    bed = await startSlackBed();
    await bed.link('U0ALICE', 'alice-ovh');
    const charged = await bed.slash(ROOT, '/guichet', 'admin charge pc-demo 42');
    expect(blockText((await bed.response(charged.responseUrl)).body)).toContain('€42.00');

    const asked = await bed.slash('U0ALICE', '/credit', 'chart pc-demo');
    const answer = await bed.response(asked.responseUrl);
    expect(answer.body.response_type).toBe('ephemeral');
    const shown = blockText(answer.body);
    expect(shown).toContain('Consumption over 12 months: €42.00');
    expect(shown).toContain('The image is in your direct messages with Guichet');
    const dm = await bed.fake.until(() => bed!.fake.files.find((f) => f.completed));
    expect(dm).toMatchObject({ channel: 'DU0ALICE', title: 'Credit & vouchers — pc-demo', filename: expect.stringMatching(/^credit-pc-demo-\d{4}-\d{2}\.png$/) });
    expect(dm.altText).toContain('Credit on project pc-demo: €0.00');
    expect(dm.bytes!.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect([dm.bytes!.readUInt32BE(16), dm.bytes!.readUInt32BE(20)]).toEqual([800, 420]);
    expect(bed.fake.callsOf('files.getUploadURLExternal')[0]!.args).toMatchObject({ filename: dm.filename, length: String(dm.bytes!.length) });

    const pub = await bed.slash('U0ALICE', '/credit', 'chart pc-demo --public');
    expect((await bed.response(pub.responseUrl)).body.response_type).toBe('in_channel');
    const shared = await bed.fake.until(() => bed!.fake.files.filter((f) => f.completed)[1]);
    expect(shared.channel).toBe(CHANNEL);
    expect(shared.bytes!.equals(dm.bytes!)).toBe(true);
    expect(bed.fake.files.every((f) => f.completed && f.bytes)).toBe(true);
  }, 60_000);

  it('GIVEN a reply carrying the chart WHEN the notifier posts it to a channel (the digest’s way) THEN the message is posted and the PNG uploaded into that channel', async () => {
    bed = await startSlackBed();
    await bed.link('U0ALICE', 'alice-ovh');
    const reply = await bed.core.handle({ id: 'chart-for-post', user: { platform: 'slack', workspace: FAKE_TEAM, user: 'U0ALICE' }, command: 'credit', input: { kind: 'text', text: 'chart pc-demo' } });
    expect(reply.files).toHaveLength(1);
    expect(await bed.adapter.notifier.post(`slack:${FAKE_TEAM}/C0DIGEST`, { ...reply, visibility: 'public' })).toEqual({ ok: true });
    expect(bed.fake.callsOf('chat.postMessage').some((c) => c.args.channel === 'C0DIGEST')).toBe(true);
    const [file] = bed.fake.files;
    expect(file).toMatchObject({ channel: 'C0DIGEST', completed: true, filename: reply.files![0]!.name, altText: reply.files![0]!.alt });
    expect(file!.bytes!.equals(Buffer.from(reply.files![0]!.png))).toBe(true);
  }, 60_000);
});
