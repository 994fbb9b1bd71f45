import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runChild } from './support/spawn.js';

const dir = mkdtempSync(join(tmpdir(), 'guichet-digest-console-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('console: the weekly digest with its credit chart', () => {
  it('GIVEN alice subscribed the console channel to the digest on the demo store WHEN the process restarts at Monday 09:00 (Paris) and the operator runs the jobs THEN the digest is printed with the path of pc-demo’s chart, written as a PNG', async () => {
    const files = join(dir, 'files');
    const env: Record<string, string> = { GUICHET_STORE: `sqlite://${join(dir, 's.sqlite')}`, GUICHET_FILES_DIR: files, LOG_LEVEL: 'warn' };
    for (const k of ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'DISCORD_TOKEN', 'DISCORD_APPLICATION_ID']) env[k] = '';
    const first = await runChild('npx', ['tsx', 'adapters/main.ts'], { ...env, GUICHET_NOW: '2026-11-24T09:00:00Z' }, '/reminders subscribe digest\n');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('digest');
    const second = await runChild('npx', ['tsx', 'adapters/main.ts'], { ...env, GUICHET_NOW: '2026-11-30T08:00:00Z' }, '@root /guichet admin run-jobs\n');
    expect(second.code, second.stderr).toBe(0);
    const path = join(files, 'credit-pc-demo-2026-11.png');
    expect(second.stdout).toContain('Weekly digest of alice-ovh (2026-W49)');
    expect(second.stdout).toContain(`🖼 ${path} (800×420)`);
    expect(second.stdout).toMatch(/Credit on project pc-demo: €[\d,.]+ on 30 Nov 2026/);
    expect(readFileSync(path).subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(existsSync(path)).toBe(true);
  }, 90_000);
});
