import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDS, runClick, runCommand, startDiscord, type DiscordSetup } from './support/discord-setup.js';
import { OVERVIEW_HEADINGS } from '../src/commands/account.overview.view.js';
import { EMBED_LIMITS } from '../adapters/discord/discord.render.js';

let s: DiscordSetup;
beforeAll(async () => {
  s = await startDiscord({ demo: 'showcase' });
  await s.link({ [IDS.alice]: 'alice-ovh', [IDS.bob]: 'bob-ovh' });
});
afterAll(async () => { await s?.close(); });

const DAY = 86_400_000;

/** Fails unless a message body keeps within Discord's limits. */
function expectWithinLimits(body: any): void {
  let total = 0;
  for (const e of body.embeds) {
    expect((e.fields ?? []).length).toBeLessThanOrEqual(EMBED_LIMITS.fields);
    for (const f of e.fields ?? []) {
      expect(f.name.length).toBeLessThanOrEqual(EMBED_LIMITS.fieldName);
      expect(f.value.length).toBeLessThanOrEqual(EMBED_LIMITS.fieldValue);
      total += f.name.length + f.value.length;
    }
    total += (e.title ?? '').length + (e.description ?? '').length + (e.footer?.text ?? '').length;
  }
  expect(total).toBeLessThanOrEqual(EMBED_LIMITS.total);
  expect(body.components.length).toBeLessThanOrEqual(5);
  for (const row of body.components) expect(row.components.length).toBeLessThanOrEqual(5);
}

describe('Discord: /account overview as an embed with fields and buttons (discord.js against the fake)', () => {
  it('GIVEN alice on the showcase WHEN she runs /account overview THEN one private embed holds a field per section and the buttons, and Pay works', async () => {
    const r = await runCommand(s, IDS.alice, 'account overview');
    expect(r.callback.body.data.flags).toBe(64);
    const embed = r.message.embeds[0];
    expect(embed.title).toBe('Overview of alice-ovh');
    expect(embed.fields.map((f: { name: string }) => f.name)).toEqual(Object.values(OVERVIEW_HEADINGS).map((h) => h.en));
    expect(embed.fields.every((f: { inline: boolean }) => f.inline === false)).toBe(true);
    expect(embed.fields[0].value).toMatch(/hosting-demo[\s\S]*vps-demo-1/);
    expectWithinLimits(r.message);
    const buttons = r.message.components.flatMap((row: any) => row.components);
    expect(buttons.map((b: { label: string }) => b.label)).toEqual(expect.arrayContaining(['Undo cancel: hosting-demo', 'Renew vps-demo-1 now', 'Automatic: vps-demo-1']));
    const pay = buttons.find((b: { label: string }) => b.label.startsWith('Pay ORD-'));
    expect((await runClick(s, IDS.alice, pay.custom_id)).text).toMatch(/Order ORD-[A-Z0-9]+ paid: €60\.00/);
  });

  it('GIVEN alice with more expiring services and orders than Discord can show WHEN she runs /account overview THEN every limit holds and the rest is counted', async () => {
    await s.h.uow.run(async (tx) => {
      const base = (await tx.services.get('vps-demo-1'))!;
      for (let i = 0; i < 40; i++) {
        const id = `vps-${'long-name-'.repeat(8)}${String(i).padStart(2, '0')}`;
        await tx.services.put({ ...base, id, displayName: 'x'.repeat(60), renewal: { ...base.renewal!, expiresAt: new Date(s.h.clock.now().getTime() + (i % 25) * DAY).toISOString() } });
      }
      return { commit: true, result: undefined };
    });
    const r = await runCommand(s, IDS.alice, 'account overview');
    expectWithinLimits(r.message);
    const fields = r.message.embeds[0].fields;
    expect(fields).toHaveLength(5);
    expect(fields[0].value).toMatch(/…and \d+ more$/);
    expect(r.message.components.flatMap((row: any) => row.components).length).toBeLessThanOrEqual(EMBED_LIMITS.buttons);
  });
});
