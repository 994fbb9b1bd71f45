import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { replyToPlainText } from '../src/core/reply.js';
import { makeHarness, type Harness } from './support/harness.js';
import { ROOT } from './support/spawn.js';
import { StoreGate } from './support/store-gate.js';

let h: Harness | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await h?.close();
  h = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('graceful shutdown', () => {
  it('GIVEN a command in flight WHEN the core drains THEN new commands are turned away and the one in flight completes', async () => {
    const gate = new StoreGate();
    h = await makeHarness({ wrap: gate.wrap });
    gate.arm();
    const inFlight = h.run('@root /guichet admin link console:eve alice-ovh');
    await gate.entered;
    const draining = h.core.drain(60_000);
    const late = await h.run('/account');
    expect(late.code).toBe('SHUTTING_DOWN');
    gate.release();
    expect(await draining).toBe(true);
    expect(replyToPlainText(await inFlight)).toContain('Linked console:local/eve');
  });

  it('GIVEN a command that never finishes WHEN draining THEN the wait is bounded', async () => {
    const gate = new StoreGate();
    h = await makeHarness({ wrap: gate.wrap });
    gate.arm();
    void h.run('/account');
    await gate.entered;
    expect(await h.core.drain(50)).toBe(false);
    gate.release();
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`GIVEN the running console bot WHEN it gets ${signal} THEN it exits 0 with the store flushed and closed`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'guichet-stop-'));
      dirs.push(dir);
      const file = join(dir, 'g.sqlite');
      const child = spawn(process.execPath, ['--import', 'tsx', 'adapters/main.ts'], {
        cwd: ROOT,
        env: { ...process.env, GUICHET_STORE: `sqlite://${file}`, LOG_LEVEL: 'info' },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      const answered = new Promise<void>((resolve) => child.stdout.on('data', () => out.includes('Linked console:local/eve') && resolve()));
      child.stdin.write('@root /guichet admin link console:eve alice-ovh\n');
      await answered;
      const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
      child.kill(signal);
      expect(await exited).toBe(0);
      expect(err).toContain('"msg":"stopped"');
      expect(!existsSync(`${file}-wal`) || statSync(`${file}-wal`).size === 0).toBe(true);
    });
  }
});
