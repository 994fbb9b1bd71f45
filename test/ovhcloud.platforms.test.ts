import { afterEach, describe, expect, it } from 'vitest';
import { blockText, buttonsOf, startSlackBed, type SlackBed } from './support/slack-bed.js';
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
