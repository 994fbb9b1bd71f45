import { afterEach, describe, expect, it } from 'vitest';
import { echoLine, parseConsoleLine } from '../adapters/console/console.adapter.js';
import { loadEnv } from '../src/config.js';
import { opt } from './support/discord-interactions.js';
import { IDS, runCommand, startDiscord, type DiscordSetup } from './support/discord-setup.js';
import { makeHarness, type Harness } from './support/harness.js';
import { blockText, startSlackBed, type SlackBed } from './support/slack-bed.js';

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function harness(): Promise<Harness> {
  const h = await makeHarness();
  cleanups.push(() => h.close());
  return h;
}

describe('every family under the umbrella /guichet (issue 15, item 17)', () => {
  it('GIVEN /guichet followed by a family WHEN run THEN it is that family\'s command; /guichet\'s own subcommands still win', async () => {
    const h = await harness();
    expect(await h.text('@alice /guichet account')).toContain('Customer ID: alice-ovh');
    const bought = await h.text('@alice /guichet credit buy 100 pc-demo');
    expect(bought).toMatch(/ORD-[A-Z0-9]+/);
    expect(await h.text('@alice /orders')).toContain(/ORD-[A-Z0-9]+/.exec(bought)![0]);
    expect(await h.text('@alice /guichet /account')).toContain('Customer ID: alice-ovh');
    expect(await h.text('@alice /guichet help credit')).toContain('/credit buy AMOUNT');
    expect(await h.text('@root /guichet admin links alice-ovh')).toContain('console:local/alice');
    expect(await h.text('@alice /guichet credit nonsense')).toContain('is not a /credit command');
  });

  it('GIVEN the help WHEN read THEN it says every command also works after /guichet', async () => {
    const h = await harness();
    expect(await h.text('@alice /guichet help')).toContain('Every command also works after /guichet, e.g. /guichet credit buy 100');
    expect(await h.text('@alice /guichet help credit')).toContain('/guichet credit …');
  });

  it('GIVEN a token typed under the umbrella in the console WHEN echoed THEN it is masked as it is with /contacts', async () => {
    const h = await harness();
    const line = '@dave /guichet contacts accept CR-ABCDEF TOKENSECRET';
    const parsed = parseConsoleLine(line);
    expect(parsed && !('usage' in parsed) && echoLine(h.core, line, parsed)).not.toContain('TOKENSECRET');
  });
});

describe('Slack command prefix (issue 15, item 17)', () => {
  it('GIVEN a prefix Slack does not accept WHEN configured THEN start-up names GUICHET_SLACK_COMMAND_PREFIX', () => {
    expect(() => loadEnv({ GUICHET_SLACK_COMMAND_PREFIX: 'G /' })).toThrow(/GUICHET_SLACK_COMMAND_PREFIX/);
    expect(loadEnv({ GUICHET_SLACK_COMMAND_PREFIX: 'acme-' }).GUICHET_SLACK_COMMAND_PREFIX).toBe('acme-');
  });

  it('GIVEN the adapter started with the prefix g- WHEN /g-account and /guichet account are typed THEN both answer', async () => {
    const bed: SlackBed = await startSlackBed({ commandPrefix: 'g-' });
    cleanups.push(() => bed.close());
    await bed.link('U0ALICE', 'alice-ovh');
    const prefixed = await bed.slash('U0ALICE', '/g-account', '');
    expect(blockText((await bed.response(prefixed.responseUrl)).body)).toContain('alice-ovh');
    const umbrella = await bed.slash('U0ALICE', '/guichet', 'credit list pc-demo');
    expect(blockText((await bed.response(umbrella.responseUrl)).body)).toContain('pc-demo');
  });
});

describe('the umbrella on Discord (issue 15, item 17)', () => {
  it('GIVEN /guichet type with a text command WHEN run THEN it is that command, answered privately', async () => {
    const s: DiscordSetup = await startDiscord();
    cleanups.push(() => s.close());
    await s.link({ [IDS.alice]: 'alice-ovh' });
    const r = await runCommand(s, IDS.alice, 'guichet type', [opt.str('command', 'account')]);
    expect(r.text).toContain('alice-ovh');
    expect(r.callback.body.data?.flags).toBe(64);
    const bad = await runCommand(s, IDS.alice, 'guichet type', [opt.str('command', 'nonsense here')]);
    expect(bad.text).toContain('`nonsense` is not a /guichet command');
  });
});
