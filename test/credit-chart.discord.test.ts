import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { opt } from './support/discord-interactions.js';
import { IDS, inGuild, runCommand, startDiscord, type DiscordSetup } from './support/discord-setup.js';
import { ManualTimers } from './support/manual-timers.js';

let s: DiscordSetup;
beforeAll(async () => {
  // The reply budget never runs out here (its timers fire only by hand): the chart comes in the callback itself.
  s = await startDiscord({ replyTimers: new ManualTimers() });
  await s.link({ [IDS.alice]: 'alice-ovh' });
  await s.h.run('@root /guichet admin charge pc-demo 42');
});
afterAll(async () => { await s?.close(); });

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('Discord: /credit chart answers with the PNG as an attachment', () => {
  it('GIVEN alice charged 42 € on pc-demo WHEN she runs /credit chart THEN the interaction callback is multipart with the PNG, its alt text as the attachment description, shown in the embed', async () => {
    const r = await runCommand(s, IDS.alice, 'credit chart', [opt.str('project', 'pc-demo')]);
    expect(r.callback.status).toBe(204);
    expect(r.callback.body.type).toBe(4);
    expect(r.edit).toBeUndefined();
    expect(r.files).toHaveLength(1);
    const [file] = r.files;
    expect(file!.name).toMatch(/^credit-pc-demo-\d{4}-\d{2}\.png$/);
    expect(file!.bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect([file!.bytes.readUInt32BE(16), file!.bytes.readUInt32BE(20)]).toEqual([800, 420]);
    expect(r.message.attachments[0]).toMatchObject({ id: '0', description: expect.stringContaining('Consumption over 12 months: €42.00') });
    expect(r.message.embeds[0].image).toEqual({ url: `attachment://${file!.name}` });
    expect(r.text).toContain('Credit & vouchers — pc-demo');
  }, 60_000);

  it('GIVEN a reply with a chart WHEN the notifier posts it to a channel (the digest’s way) THEN the channel message carries the PNG as a multipart attachment', async () => {
    const reply = await s.core.handle({ id: 'chart-post', user: { platform: 'discord', workspace: IDS.guild, user: IDS.alice }, command: 'credit', input: { kind: 'options', subcommand: 'chart', values: { project: 'pc-demo' } } });
    expect(reply.files).toHaveLength(1);
    const channel = inGuild(IDS.alice).channel;
    expect(await s.adapter.notifier.post(`discord:${IDS.guild}/${channel}`, { ...reply, visibility: 'public' })).toEqual({ ok: true });
    const posted = s.fake.requests.filter((q) => q.method === 'POST' && q.path === `/channels/${channel}/messages`).at(-1)!;
    expect(posted.status).toBe(200);
    expect(posted.files.map((f) => f.bytes.equals(Buffer.from(reply.files![0]!.png)))).toEqual([true]);
    expect(posted.body.attachments).toEqual([{ id: 0, filename: reply.files![0]!.name, description: reply.files![0]!.alt }]);
  }, 60_000);
});
