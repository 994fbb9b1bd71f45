import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DiscordAdapter } from '../adapters/discord/discord.adapter.js';
import { discordSettingsOf } from '../adapters/discord/discord.config.js';
import { SlackAdapter } from '../adapters/slack/slack.adapter.js';
import { ConfigError, loadEnv } from '../src/config.js';
import { FAKE_APP_ID, FakeDiscord } from './support/fake-discord.js';
import { makeHarness, type Harness } from './support/harness.js';
import { SIGNING_SECRET } from './support/slack-bed.js';
import { FakeSlack } from './support/slack-fake.js';
import { startConsole } from './support/spawn.js';

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function harness(): Promise<Harness> {
  const h = await makeHarness({ demo: false });
  cleanups.push(() => h.close());
  return h;
}

const failure = (p: Promise<unknown>) => p.then(() => 'started', (e: Error) => e.message);

describe('Discord configuration is checked as strictly as Slack\'s (issue 15 item 12)', () => {
  it('GIVEN half a Discord configuration WHEN read THEN start-up stops naming the missing or wrong variable', () => {
    expect(discordSettingsOf(loadEnv({}))).toBeUndefined();
    expect(() => discordSettingsOf(loadEnv({ DISCORD_TOKEN: 't' }))).toThrow(/DISCORD_APPLICATION_ID: required with DISCORD_TOKEN/);
    expect(() => discordSettingsOf(loadEnv({ DISCORD_APPLICATION_ID: FAKE_APP_ID }))).toThrow(/DISCORD_TOKEN: required with DISCORD_APPLICATION_ID/);
    expect(() => discordSettingsOf(loadEnv({ DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: 'guichet' }))).toThrow(/DISCORD_APPLICATION_ID: must be the application's numeric ID/);
    expect(() => discordSettingsOf(loadEnv({ DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: FAKE_APP_ID, DISCORD_GUILD_ID: 'my server' }))).toThrow(/DISCORD_GUILD_ID: must be the server's numeric ID/);
    expect(() => discordSettingsOf(loadEnv({ DISCORD_GUILD_ID: '123456789012345678' }))).toThrow(/DISCORD_TOKEN: required with DISCORD_GUILD_ID/);
    expect(() => discordSettingsOf(loadEnv({ DISCORD_TOKEN: 'x' }))).toThrow(ConfigError);
    expect(discordSettingsOf(loadEnv({ DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: FAKE_APP_ID }))).toEqual({ token: 't', applicationId: FAKE_APP_ID });
  });

  it('GIVEN DISCORD_TOKEN without DISCORD_APPLICATION_ID WHEN npm start runs THEN it stops naming the variable instead of starting the console', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'guichet-startup-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const r = await startConsole({ GUICHET_STORE: `sqlite://${join(dir, 's.sqlite')}`, DISCORD_TOKEN: 'abc', DISCORD_APPLICATION_ID: '', SLACK_BOT_TOKEN: '', LOG_LEVEL: 'warn' }, '/account\n');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('DISCORD_APPLICATION_ID: required with DISCORD_TOKEN');
    expect(r.stdout).not.toContain('Customer ID');
  });
});

describe('start-up tells "could not reach" apart from "refused the token" (issue 15 item 12)', () => {
  it('GIVEN Discord refuses the token WHEN the adapter starts THEN the error says Discord refused DISCORD_TOKEN', async () => {
    const fake = await FakeDiscord.start();
    cleanups.push(() => fake.close());
    fake.refusedTokens.add('stale-token');
    const h = await harness();
    const adapter = new DiscordAdapter({ token: 'stale-token', applicationId: FAKE_APP_ID, core: h.core, logger: h.logs, apiUrl: fake.apiUrl });
    cleanups.push(() => adapter.stop());
    const message = await failure(adapter.start());
    expect(message).toMatch(/^Discord refused DISCORD_TOKEN \(401/);
    expect(message).not.toContain('stale-token');
  });

  it('GIVEN Discord cannot be reached WHEN the adapter starts THEN the error says so, names the address and DISCORD_TOKEN as not checked', async () => {
    const port = await closedPort();
    const h = await harness();
    const adapter = new DiscordAdapter({ token: 't', applicationId: FAKE_APP_ID, core: h.core, logger: h.logs, apiUrl: `http://127.0.0.1:${port}/api` });
    cleanups.push(() => adapter.stop());
    const message = await failure(adapter.start());
    expect(message).toContain(`Could not reach Discord at http://127.0.0.1:${port}/api`);
    expect(message).toContain('ECONNREFUSED');
    expect(message).toContain('DISCORD_TOKEN was not checked');
    expect(message).not.toMatch(/refused DISCORD_TOKEN|invalid token/i);
  });

  it('GIVEN a token of another application WHEN the adapter starts THEN the error names DISCORD_APPLICATION_ID', async () => {
    const fake = await FakeDiscord.start();
    cleanups.push(() => fake.close());
    const h = await harness();
    const adapter = new DiscordAdapter({ token: 't', applicationId: '123456789012345678', core: h.core, logger: h.logs, apiUrl: fake.apiUrl });
    cleanups.push(() => adapter.stop());
    expect(await failure(adapter.start())).toContain(`DISCORD_APPLICATION_ID is 123456789012345678, but DISCORD_TOKEN belongs to application ${FAKE_APP_ID}`);
  });

  it('GIVEN Slack cannot be reached WHEN the adapter starts THEN the error says so and does not claim the token was refused', async () => {
    const port = await closedPort();
    const h = await harness();
    const message = await failure(SlackAdapter.start({ core: h.core, logger: h.logs, botToken: 'xoxb-1', signingSecret: SIGNING_SECRET, apiUrl: `http://127.0.0.1:${port}/api/`, port: 0 }));
    expect(message).toContain(`Could not reach Slack at http://127.0.0.1:${port}/api/`);
    expect(message).toContain('SLACK_BOT_TOKEN was not checked');
    expect(message).not.toMatch(/not accepted|refused/);
  });

  it('GIVEN Slack refuses the token WHEN the adapter starts THEN the error says Slack refused SLACK_BOT_TOKEN', async () => {
    const fake = await FakeSlack.start();
    cleanups.push(() => fake.close());
    fake.script('auth.test', { status: 200, body: { ok: false, error: 'invalid_auth' } });
    const h = await harness();
    const message = await failure(SlackAdapter.start({ core: h.core, logger: h.logs, botToken: 'xoxb-1', signingSecret: SIGNING_SECRET, apiUrl: fake.apiUrl, port: 0 }));
    expect(message).toMatch(/^Slack refused SLACK_BOT_TOKEN \(invalid_auth\)/);
  });
});
