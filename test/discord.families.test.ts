import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autocomplete, opt, type RawOption } from './support/discord-interactions.js';
import { IDS, inGuild, isCallback, runClick, runCommand, startDiscord, type DiscordSetup } from './support/discord-setup.js';

let s: DiscordSetup;
beforeAll(async () => {
  s = await startDiscord();
  await s.link({ [IDS.alice]: 'alice-ovh', [IDS.bob]: 'bob-ovh' });
});
afterAll(async () => { await s?.close(); });

const command = (user: string, path: string, options: RawOption[] = [], locale?: string) => runCommand(s, user, path, options, locale);
const read = <T>(f: (tx: Parameters<Parameters<DiscordSetup['h']['uow']['run']>[0]>[0]) => Promise<T>) =>
  s.h.uow.run(async (tx) => ({ commit: false, result: await f(tx) }));

/** Dispatches an autocomplete interaction and returns the offered values. */
async function complete(user: string, path: string, options: RawOption[]): Promise<string[]> {
  const i = autocomplete(inGuild(user), path, options);
  s.fake.dispatch('INTERACTION_CREATE', i);
  const cb = await s.fake.waitForRequest(isCallback(i.id), `autocomplete of /${path}`);
  expect(cb.body.type).toBe(8);
  return cb.body.data.choices.map((c: { value: string }) => c.value);
}

const CHANNEL = inGuild(IDS.alice).channel;
const channelPosts = (channel: string) => s.fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${channel}/messages`);

describe('Discord: chat-input interactions of every command family, with typed options', () => {
  it('GIVEN alice WHEN she buys credit with a text amount and a project, then clicks Pay THEN the order is paid once; /orders pay afterwards charges nothing', async () => {
    const bought = await command(IDS.alice, 'credit buy', [opt.str('amount', '100'), opt.str('project', 'pc-demo')]);
    const order = /Purchase order (ORD-[A-Z0-9-]+) generated/.exec(bought.text)?.[1];
    expect(order, bought.text).toBeDefined();
    const pay = bought.message.components[0].components[0];
    expect(pay).toMatchObject({ label: expect.stringMatching(/^Pay /), custom_id: expect.stringMatching(/^[A-Z0-9]{30}$/) });
    const shown = await command(IDS.alice, 'orders show', [opt.str('order', order!)]);
    expect(shown.text).toContain(order!);
    const paid = await runClick(s, IDS.alice, pay.custom_id);
    expect(paid.message.embeds[0].color, paid.text).toBe(0x22c55e);
    expect(paid.text).toContain(order!);
    const again = await command(IDS.alice, 'orders pay', [opt.str('order', order!)]);
    expect(again.text).toContain('already paid');
    const audit = await read(async (tx) => (await tx.audit.latest(200)).filter((e) => e.action === 'order.pay' && e.target === order));
    expect(audit).toHaveLength(1);
    const listed = await command(IDS.alice, 'orders list');
    expect(listed.text).toContain(order!);
    const credits = await command(IDS.alice, 'credit list', [opt.str('project', 'pc-demo'), opt.int('page', 1)]);
    expect(credits.text).toContain('Credits & vouchers — pc-demo');
  });

  it('GIVEN a voucher code WHEN alice activates it on pc-demo THEN it is added once; a re-run says already done, another activation is refused', async () => {
    const first = await command(IDS.alice, 'voucher activate', [opt.str('code', 'WELCOME-50'), opt.str('project', 'pc-demo')]);
    expect(first.message.embeds[0].color, first.text).toBe(0x22c55e);
    const rerun = await command(IDS.alice, 'voucher activate', [opt.str('code', 'WELCOME-50'), opt.str('project', 'pc-demo')]);
    expect(rerun.text).toContain('Already done');
    const second = await command(IDS.alice, 'voucher activate', [opt.str('code', 'welcome-50'), opt.str('project', 'pc-demo')]);
    expect(second.message.embeds[0].color, second.text).toBe(0xef4444);
    const bad = await command(IDS.alice, 'voucher activate', [opt.str('code', 'NO-SUCH-CODE'), opt.str('project', 'pc-demo')]);
    expect(bad.message.embeds[0].color).toBe(0xef4444);
  });

  it('GIVEN alice WHEN she asks /renew status of a service and /renew manual on it THEN the renewal is shown and the mode kept', async () => {
    const status = await command(IDS.alice, 'renew status', [opt.str('service', 'vps-demo-1')]);
    expect(status.text).toMatch(/vps-demo-1[\s\S]*manual/);
    const manual = await command(IDS.alice, 'renew manual', [opt.str('service', 'hosting-demo')]);
    expect(manual.text).toContain('now renews in mode “manual”');
    const cancel = await command(IDS.alice, 'renew cancel', [opt.str('service', 'hosting-demo'), opt.str('reason', 'moving to another provider')]);
    expect(cancel.message.embeds[0].color, cancel.text).toBe(0x22c55e);
    expect((await read((tx) => tx.services.get('hosting-demo')))?.renewal?.mode).toBe('cancel');
  });

  it('GIVEN alice WHEN she runs /contacts show, /account emails with an integer count and /guichet help of a family THEN each answers', async () => {
    const contacts = await command(IDS.alice, 'contacts show', [opt.str('project', 'pc-demo')]);
    expect(contacts.text).toContain('alice-ovh');
    const mails = await command(IDS.alice, 'account emails', [opt.int('count', 3)]);
    expect(mails.message.embeds[0].color).not.toBe(0xef4444);
    const help = await command(IDS.alice, 'guichet help', [opt.str('command', 'credit')]);
    expect(help.text).toContain('/credit buy');
    const badCount = await command(IDS.alice, 'account emails', [opt.int('count', -4)]);
    expect(badCount.message.embeds[0].color).toBe(0xef4444);
  });
});

describe('Discord: autocomplete of project, service and order options', () => {
  it('GIVEN alice with an order WHEN she types part of a project, a service and an order THEN only her own items are offered', async () => {
    expect(await complete(IDS.alice, 'credit buy', [opt.str('amount', '10'), opt.str('project', 'pc', true)])).toEqual(['pc-demo']);
    expect(await complete(IDS.bob, 'credit buy', [opt.str('amount', '10'), opt.str('project', 'pc', true)])).not.toContain('pc-demo');
    const services = await complete(IDS.alice, 'renew status', [opt.str('service', 'demo', true)]);
    expect(services).toContain('vps-demo-1');
    expect(services).not.toContain('ks-demo');
    const orders = await complete(IDS.alice, 'orders pay', [opt.str('order', 'ord', true)]);
    expect(orders.length).toBeGreaterThan(0);
    expect(orders.every((o) => o.startsWith('ORD-'))).toBe(true);
    const mine = await read(async (tx) => (await tx.orders.listForAccount('alice-ovh', undefined, 100)).items.map((o) => o.id));
    expect(orders.every((o) => mine.includes(o))).toBe(true);
    expect(await complete(IDS.bob, 'orders pay', [opt.str('order', orders[0]!, true)])).toEqual([]);
    expect(await complete(IDS.stranger, 'renew status', [opt.str('service', '', true)])).toEqual([]);
  });
});

describe('Discord: channel reminders through /guichet admin run-jobs', () => {
  const reminderPosts = () => channelPosts(CHANNEL).filter((r) => JSON.stringify(r.body).includes('Renewal due: vps-demo-1'));
  const channelMarks = async () => {
    const svc = await read((tx) => tx.services.get('vps-demo-1'));
    return read(async (tx) => (await tx.reminders.marks(`renewal:vps-demo-1:${svc!.renewal!.expiresAt}:14`)).filter((m) => m.target.startsWith('discord:')).length);
  };

  it('GIVEN alice subscribed this channel WHEN the bot may not post there THEN run-jobs reports the failure, nothing is marked, and the next run posts it once', async () => {
    const sub = await command(IDS.alice, 'reminders subscribe', [opt.str('types', 'renewal')]);
    expect(sub.text).toContain(`discord:${IDS.guild}/${CHANNEL} will get alice-ovh’s reminders: renewal`);
    const listed = await command(IDS.alice, 'reminders list');
    expect(listed.text).toContain(`discord:${IDS.guild}/${CHANNEL}`);

    const denied = await command(IDS.alice, 'guichet admin run-jobs');
    expect(denied.text).toContain('Only Guichet operators');

    s.fake.forbiddenChannels.add(CHANNEL);
    const first = await command(IDS.operator, 'guichet admin run-jobs');
    expect(first.text).toMatch(/Reminder renewal vps-demo-1 \(14 d\): not posted to discord:\S+ \(.+\); retried next run/);
    expect(reminderPosts().map((r) => r.status)).toEqual([403]);
    expect(await channelMarks()).toBe(0);

    s.fake.forbiddenChannels.delete(CHANNEL);
    await command(IDS.operator, 'guichet admin run-jobs');
    expect(reminderPosts().map((r) => r.status)).toEqual([403, 200]);
    expect(reminderPosts()[1]!.auth).toBe('Bot test-bot-token');
    expect(await channelMarks()).toBe(1);

    await command(IDS.operator, 'guichet admin run-jobs');
    expect(reminderPosts()).toHaveLength(2);
  });
});
