import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function start(store: string, now: string, input: string) {
  const env = { ...process.env, GUICHET_STORE: `sqlite://${store}`, GUICHET_NOW: now, LOG_LEVEL: 'silent', SLACK_BOT_TOKEN: '', DISCORD_TOKEN: '' };
  const r = spawnSync('npx', ['tsx', 'adapters/main.ts'], { input, env, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout };
}

describe('walking a store through time from outside (GUICHET_NOW + run-jobs)', () => {
  it('GIVEN a store WHEN the process is started three times at later dates and runs the jobs THEN each reminder and deletion happens once, and it exits cleanly with the scheduler stopped', async () => {
    dir = mkdtempSync(join(tmpdir(), 'guichet-walk-'));
    const store = join(dir, 's.sqlite');
    const first = start(store, '2026-11-23T09:00:00Z', '/reminders subscribe\n@root /guichet admin run-jobs\n@root /guichet admin run-jobs\n');
    expect(first.code).toBe(0);
    expect(first.out.match(/📣 console:local\/general:\n\s+Renewal due: vps-demo-1/g)).toHaveLength(1);
    expect(first.out).toContain('Nothing was due.');
    const second = start(store, '2026-11-23T10:00:00Z', '@root /guichet admin run-jobs\n');
    expect(second.code).toBe(0);
    expect(second.out).not.toContain('📣');
    const third = start(store, '2026-11-28T09:30:00Z', '@root /guichet admin run-jobs\n/renew status hosting-demo\n');
    expect(third.code).toBe(0);
    expect(third.out).toContain('hosting-demo: terminated at expiry (deleted)');
    expect(third.out).toContain('ks-demo: automatic renewal failed');
    expect(third.out).toMatch(/Renewal due: vps-demo-1[\s\S]*in 5 day\(s\)/);
    expect(third.out).toContain('hosting-demo was deleted');
  }, 120_000);
});
