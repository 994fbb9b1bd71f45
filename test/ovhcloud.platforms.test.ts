import { afterEach, describe, expect, it } from 'vitest';
import { blockText, buttonsOf, CHANNEL, ROOT, startSlackBed, type SlackBed } from './support/slack-bed.js';
import { IDS, runCommand, startDiscord, type DiscordSetup } from './support/discord-setup.js';
import { startOvhBed, type OvhBed } from './support/ovhcloud-fake/bed.js';
import { ovhProviderOn } from './support/ovhcloud-provider.js';

let ovh: OvhBed | undefined;
let slack: SlackBed | undefined;
let discord: DiscordSetup | undefined;
afterEach(async () => {
  await slack?.close();
  await discord?.close();
  await ovh?.close();
  slack = discord = ovh = undefined;
});

const posts = (method: string, path: RegExp) => ovh!.fake.requests.filter((r) => r.method === method && path.test(r.path)).length;

describe('Slack in ovhcloud mode (real Bolt, fake Slack, fake OVHcloud)', () => {
  it('GIVEN alice connected WHEN she buys credit and clicks Pay twice THEN OVHcloud is asked to pay once and the credit appears', async () => {
    slack = await startSlackBed({ provider: ovhProviderOn(() => ovh!) });
    ovh = await startOvhBed({ clock: slack.h.clock });
    await slack.link('U0ALICE', 'alice-ovh');
    const bought = await slack.response((await slack.slash('U0ALICE', '/credit', 'buy 100 pc-demo')).responseUrl);
    const orderId = /Purchase order (\d+) generated/.exec(blockText(bought.body))?.[1];
    expect(orderId, blockText(bought.body)).toBeDefined();
    const [pay] = buttonsOf(bought.body);
    const first = await slack.click('U0ALICE', pay!.value);
    expect(blockText((await slack.response(first.responseUrl)).body)).toContain(`Order ${orderId} paid`);
    const second = await slack.click('U0ALICE', pay!.value);
    expect(blockText((await slack.response(second.responseUrl)).body)).toContain('Already done');
    expect(posts('POST', new RegExp(`/me/order/${orderId}/pay$`))).toBe(1);
    slack.h.clock.advance(2 * 60_000); // OVHcloud checks a payment for a minute, then delivers
    const list = await slack.response((await slack.slash('U0ALICE', '/credit', 'list pc-demo')).responseUrl);
    expect(blockText(list.body)).toMatch(/100[.,]00/);
    expect(ovh.fake.mismatches).toEqual([]);
  });

  it('GIVEN a retried slash command (X-Slack-Retry-Num) WHEN alice activates a voucher THEN OVHcloud sees one activation', async () => {
    slack = await startSlackBed({ provider: ovhProviderOn(() => ovh!) });
    ovh = await startOvhBed({ clock: slack.h.clock });
    await slack.link('U0ALICE', 'alice-ovh');
    const sent = await slack.slash('U0ALICE', '/voucher', 'activate WELCOME-50 pc-demo', { triggerId: 'T-RETRY-1' });
    expect(blockText((await slack.response(sent.responseUrl)).body)).toContain('WELCOME-50 activated');
    const retried = await slack.slash('U0ALICE', '/voucher', 'activate WELCOME-50 pc-demo', { triggerId: 'T-RETRY-1', retryNum: 1 });
    expect(blockText((await slack.response(retried.responseUrl)).body)).toContain('Already done');
    expect(posts('POST', /\/cloud\/project\/pc-demo\/credit$/)).toBe(1);
  });
});

describe('Discord in ovhcloud mode (real discord.js, fake gateway, fake OVHcloud)', () => {
  it('GIVEN alice connected WHEN she reads renewals and switches vps-demo-1 to automatic THEN the fake service follows', async () => {
    discord = await startDiscord({ provider: ovhProviderOn(() => ovh!) });
    ovh = await startOvhBed({ clock: discord.h.clock });
    await discord.link({ [IDS.alice]: 'alice-ovh' });
    const status = await runCommand(discord, IDS.alice, 'renew status');
    expect(status.text).toContain('vps-demo-1');
    const auto = await runCommand(discord, IDS.alice, 'renew auto', [{ name: 'service', type: 3, value: 'vps-demo-1' }]);
    expect(auto.text).toContain('automatic');
    expect(ovh.fake.state.serviceByName('vps-demo-1')!.renewMode).toBe('automatic');
    expect(ovh.fake.mismatches).toEqual([]);
  });
});

const tokenOf = (nic: string) => /token=([A-Za-z0-9_-]+)/.exec(ovh!.fake.state.emails.filter((m) => m.nichandle === nic).at(-1)!.body)![1]!;

describe('Slack in ovhcloud mode: the other families', () => {
  it('GIVEN alice and dave connected WHEN alice asks a billing change and both answer (dave by the Accept button) THEN OVHcloud applies it', async () => {
    slack = await startSlackBed({ provider: ovhProviderOn(() => ovh!) });
    ovh = await startOvhBed({ clock: slack.h.clock });
    await slack.link('U0ALICE', 'alice-ovh');
    await slack.link('U0DAVE', 'dave-ovh');
    const asked = blockText((await slack.response((await slack.slash('U0ALICE', '/contacts', 'change pc-demo billing=dave-ovh')).responseUrl)).body);
    const id = /(\d+): billing contact of pc-demo/.exec(asked)?.[1];
    expect(id, asked).toBeDefined();
    const listed = await slack.response((await slack.slash('U0DAVE', '/contacts', 'requests')).responseUrl);
    const accept = buttonsOf(listed.body).find((b) => b.text.text.includes(`${id}`) && b.style === 'primary');
    expect(accept, JSON.stringify(listed.body)).toBeDefined();
    expect(JSON.stringify(listed.body)).not.toMatch(/token=/);
    const clicked = await slack.click('U0DAVE', accept!.value);
    expect(blockText((await slack.response(clicked.responseUrl)).body)).toMatch(/accepted|accepté/);
    const done = await slack.response((await slack.slash('U0ALICE', '/contacts', `accept ${id} ${tokenOf('alice-ovh')}`)).responseUrl);
    expect(blockText(done.body)).toContain('applied');
    expect(ovh.fake.state.serviceByName('pc-demo')!.contacts.contactBilling).toBe('dave-ovh');
    expect(ovh.fake.mismatches).toEqual([]);
  });

  it('GIVEN alice connected WHEN she reads her account, audit, e-mails, orders and subscribes reminders, then the operator runs the jobs THEN each answers from OVHcloud and the channel gets its reminder', async () => {
    slack = await startSlackBed({ provider: ovhProviderOn(() => ovh!) });
    ovh = await startOvhBed({ clock: slack.h.clock });
    await slack.link('U0ALICE', 'alice-ovh');
    const say = async (command: string, text: string, user = 'U0ALICE') => blockText((await slack!.response((await slack!.slash(user, command, text)).responseUrl)).body);
    expect(await say('/account', '')).toContain('alice-ovh');
    expect(await say('/account', 'audit')).toMatch(/backup e-mail|secours/i);
    await say('/credit', 'buy 100 pc-demo');
    expect(await say('/orders', '')).toMatch(/\d{6,}/);
    expect(await say('/renew', 'delete-now vps-demo-1')).toMatch(/e-mailed/);
    expect(await say('/account', 'emails')).toMatch(/confirmTerminate/);
    expect(await say('/reminders', 'subscribe')).toContain(CHANNEL);
    expect(await say('/guichet', 'admin run-jobs', ROOT)).toMatch(/accounts-synced|reminders/);
    expect(ovh.fake.mismatches).toEqual([]);
  });
});

describe('Discord in ovhcloud mode: the other families', () => {
  it('GIVEN alice connected WHEN she buys credit, activates a voucher, lists credits, orders and her account THEN each answers from OVHcloud', async () => {
    discord = await startDiscord({ provider: ovhProviderOn(() => ovh!) });
    ovh = await startOvhBed({ clock: discord.h.clock });
    await discord.link({ [IDS.alice]: 'alice-ovh' });
    const bought = await runCommand(discord, IDS.alice, 'credit buy', [{ name: 'amount', type: 3, value: '100' }, { name: 'project', type: 3, value: 'pc-demo' }]);
    expect(bought.text).toMatch(/Purchase order \d+ generated/);
    const voucher = await runCommand(discord, IDS.alice, 'voucher activate', [{ name: 'code', type: 3, value: 'WELCOME-50' }, { name: 'project', type: 3, value: 'pc-demo' }]);
    expect(voucher.text).toContain('WELCOME-50 activated');
    expect((await runCommand(discord, IDS.alice, 'credit list', [{ name: 'project', type: 3, value: 'pc-demo' }])).text).toMatch(/50[.,]00/);
    expect((await runCommand(discord, IDS.alice, 'orders')).text).toMatch(/\d{6,}/);
    expect((await runCommand(discord, IDS.alice, 'account')).text).toContain('alice-ovh');
    expect(ovh.fake.mismatches).toEqual([]);
  });
});
