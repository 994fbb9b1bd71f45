import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runChild } from './support/spawn.js';

const dir = mkdtempSync(join(tmpdir(), 'guichet-chart-console-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('console: /credit chart', () => {
  it('GIVEN the console bot on the demo store WHEN alice asks for the chart of pc-demo THEN the PNG is written in GUICHET_FILES_DIR, its path and the alt text are printed, and a bad project is refused', async () => {
    const files = join(dir, 'files');
    const env: Record<string, string> = { GUICHET_STORE: `sqlite://${join(dir, 's.sqlite')}`, GUICHET_NOW: '2026-11-24T09:00:00Z', GUICHET_FILES_DIR: files, LOG_LEVEL: 'warn' };
    for (const k of ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'DISCORD_TOKEN', 'DISCORD_APPLICATION_ID']) env[k] = '';
    const lines = ['/credit chart pc-demo', '@root /guichet admin charge pc-demo 42', '/credit chart pc-demo', '/credit chart vps-demo-1'];
    const r = await runChild('npx', ['tsx', 'adapters/main.ts'], env, `${lines.join('\n')}\n`);
    expect(r.code, r.stderr).toBe(0);
    const path = join(files, 'credit-pc-demo-2026-11.png');
    expect(r.stdout).toContain(`🖼 ${path} (800×420)`);
    const totals = [...r.stdout.matchAll(/Credit on project pc-demo: €[\d,.]+ on 24 Nov 2026[^\n]*Consumption over 12 months: €([\d,.]+)/g)].map((m) => Number(m[1]!.replace(/,/g, '')));
    expect(totals).toHaveLength(2);
    expect(Math.round((totals[1]! - totals[0]!) * 100)).toBe(4200);
    expect(existsSync(path)).toBe(true);
    expect(readFileSync(path).subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(r.stdout).toContain('vps-demo-1 is a vps, not a Public Cloud project');
  }, 60_000);
});
