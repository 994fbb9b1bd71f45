import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatInput } from './support/discord-interactions.js';
import { FAKE_APP_ID, FakeDiscord } from './support/fake-discord.js';
import { messageText } from './support/discord-setup.js';

let fake: FakeDiscord;
let dir: string;
beforeAll(async () => { fake = await FakeDiscord.start(); dir = mkdtempSync(join(tmpdir(), 'guichet-discord-main-')); });
afterAll(async () => { await fake.close(); rmSync(dir, { recursive: true, force: true }); });

describe('npm start with Discord credentials', () => {
  it('GIVEN DISCORD_TOKEN, DISCORD_APPLICATION_ID and DISCORD_API_URL WHEN Guichet starts THEN it serves Discord and closes cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'adapters/main.ts'], {
      env: {
        ...process.env, DISCORD_TOKEN: 'main-token', DISCORD_APPLICATION_ID: FAKE_APP_ID, DISCORD_API_URL: fake.apiUrl, PORT: '0',
        GUICHET_STORE: `sqlite://${join(dir, 's.sqlite')}`, GUICHET_NOW: '2026-11-23T09:00:00Z', LOG_LEVEL: 'silent', SLACK_BOT_TOKEN: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += String(c)));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise<void>((resolve) => {
      const on = (f: { op?: number; d?: { token?: string } }) => { if (f.op === 2) { fake.off('frame', on); resolve(); } };
      fake.on('frame', on);
    });
    expect(fake.gatewayFrames.find((f) => f.op === 2).d.token).toBe('main-token');
    const i = chatInput({ user: '190000000000000009', guild: '600000000000000001', locale: 'fr' }, 'account show');
    // The gateway keeps frame order: READY went out right after IDENTIFY, so this arrives after it.
    fake.dispatch('INTERACTION_CREATE', i);
    const answer = await fake.answerTo(i);
    expect(messageText(answer.message)).toContain('n\'est lié à aucun compte');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toBe('');
  });
});
