import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadEnv } from '../src/config.js';
import { slackSettingsOf } from '../adapters/slack/slack.config.js';
import { FAKE_TEAM, FakeSlack } from './support/slack-fake.js';
import { blockText, postSigned, ROOT, SIGNING_SECRET, slashForm } from './support/slack-bed.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Starts `adapters/main.ts` as a child process with the given environment. */
function startMain(env: Record<string, string>): { child: ChildProcess; stderr: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'adapters/main.ts'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, stderr: () => err, exited };
}

async function portOf(stderr: () => string, exited: Promise<number | null>): Promise<number> {
  for (;;) {
    const line = stderr().split('\n').find((l) => l.includes('"slack adapter started"'));
    if (line) return (JSON.parse(line) as { port: number }).port;
    const done = await Promise.race([exited.then(() => 'exit'), new Promise((r) => setTimeout(r, 50, 'wait'))]);
    if (done === 'exit') throw new Error(`main exited: ${stderr()}`);
  }
}

describe('Guichet process with Slack configured', () => {
  it('GIVEN SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET WHEN npm start runs THEN it serves signed slash commands over HTTP and stops cleanly on SIGTERM', async () => {
    const fake = await FakeSlack.start();
    cleanups.push(() => fake.close());
    const dir = mkdtempSync(join(tmpdir(), 'guichet-slack-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const main = startMain({
      GUICHET_STORE: `sqlite://${join(dir, 's.sqlite')}`, GUICHET_NOW: '2026-11-23T09:00:00Z', GUICHET_OPERATORS: `slack:${FAKE_TEAM}/${ROOT}`, GUICHET_DEMO_DATA: 'auto',
      SLACK_BOT_TOKEN: 'xoxb-main-test', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl, PORT: '0',
    });
    cleanups.push(() => { main.child.kill('SIGKILL'); });
    const port = await portOf(main.stderr, main.exited);

    const linkUrl = fake.newResponseUrl();
    fake.noteAck(linkUrl, (await postSigned(port, slashForm(ROOT, '/guichet', `admin link slack:${FAKE_TEAM}/U0ALICE alice-ovh`, { responseUrl: linkUrl, triggerId: 't-link' }))).body);
    const linked = await fake.until(() => fake.repliesTo(linkUrl)[0]);
    expect(blockText(linked.body)).toContain('Linked');
    const profileUrl = fake.newResponseUrl();
    fake.noteAck(profileUrl, (await postSigned(port, slashForm('U0ALICE', '/account', '', { responseUrl: profileUrl, triggerId: 't-profile' }))).body);
    const profile = await fake.until(() => fake.repliesTo(profileUrl)[0]);
    expect(blockText(profile.body)).toContain('*Customer ID*\nalice-ovh');
    expect(fake.callsOf('auth.test')[0]?.auth).toBe('Bearer xoxb-main-test');

    main.child.kill('SIGTERM');
    expect(await main.exited).toBe(0);
    expect(main.stderr()).not.toContain('xoxb-main-test');
    expect(main.stderr()).not.toContain(SIGNING_SECRET);
  });

  it('GIVEN a bot token the Web API rejects WHEN starting THEN it stops with a message naming SLACK_BOT_TOKEN', async () => {
    const fake = await FakeSlack.start();
    cleanups.push(() => fake.close());
    fake.script('auth.test', { status: 200, body: { ok: false, error: 'invalid_auth' } });
    const dir = mkdtempSync(join(tmpdir(), 'guichet-slack-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const main = startMain({ GUICHET_STORE: `sqlite://${join(dir, 's.sqlite')}`, SLACK_BOT_TOKEN: 'xoxb-bad', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl, PORT: '0' });
    expect(await main.exited).toBe(1);
    expect(main.stderr()).toContain('Slack refused SLACK_BOT_TOKEN (invalid_auth)');
  });
});

describe('Slack settings', () => {
  it('GIVEN no Slack variable WHEN read THEN Slack is off', () => {
    expect(slackSettingsOf(loadEnv({}))).toBeUndefined();
  });

  it('GIVEN a bot token without a signing secret WHEN read THEN start-up stops naming SLACK_SIGNING_SECRET', () => {
    expect(() => slackSettingsOf(loadEnv({ SLACK_BOT_TOKEN: 'xoxb-1' }))).toThrow(/SLACK_SIGNING_SECRET: required/);
  });

  it('GIVEN wrong token kinds WHEN read THEN the variable at fault is named', () => {
    expect(() => slackSettingsOf(loadEnv({ SLACK_BOT_TOKEN: 'xapp-1', SLACK_SIGNING_SECRET: 's' }))).toThrow(/SLACK_BOT_TOKEN: must be a bot token/);
    expect(() => slackSettingsOf(loadEnv({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', SLACK_APP_TOKEN: 'xoxb-2' }))).toThrow(/SLACK_APP_TOKEN: must be an app-level token/);
    expect(() => slackSettingsOf(loadEnv({ SLACK_SIGNING_SECRET: 's' }))).toThrow(/SLACK_BOT_TOKEN: required/);
  });

  it('GIVEN a full configuration WHEN read THEN Socket Mode is on with the app token and the API URL is kept', () => {
    expect(slackSettingsOf(loadEnv({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', SLACK_APP_TOKEN: 'xapp-1', SLACK_API_URL: 'http://127.0.0.1:9/api/' })))
      .toEqual({ botToken: 'xoxb-1', signingSecret: 's', appToken: 'xapp-1', apiUrl: 'http://127.0.0.1:9/api/' });
  });
});
