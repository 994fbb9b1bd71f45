import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');

/** Runs the real entry point on a store with piped stdin, as a user would. */
function runConsole(store: string, lines: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, GUICHET_STORE: `sqlite://${store}`, GUICHET_NOW: '2026-11-23T09:00:00Z', LOG_LEVEL: 'debug' };
    for (const k of ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'DISCORD_TOKEN', 'DISCORD_APPLICATION_ID']) delete env[k];
    const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), ['adapters/main.ts'], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(`${lines.join('\n')}\n`);
  });
}

/** Splits console output into blocks: a heading line and its indented lines. */
function blocks(out: string): { head: string; body: string }[] {
  const result: { head: string; body: string }[] = [];
  for (const line of out.split('\n')) {
    if (/^\s/.test(line) && result.length) result[result.length - 1]!.body += `${line}\n`;
    else if (line.trim()) result.push({ head: line, body: '' });
  }
  return result;
}

describe('contact change as a console scenario (child process, SQLite store)', () => {
  let dir: string;
  beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'guichet-contacts-')); });
  afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

  it('GIVEN alice’s pc-demo WHEN alice asks to move the billing contact to dave-ovh and both accept with their private tokens THEN /contacts show lists dave as billing contact, and no token was printed publicly', async () => {
    const store = join(dir, 'store.sqlite');
    const first = await runConsole(store, ['/contacts show pc-demo', '@alice /contacts change pc-demo billing=dave-ovh']);
    expect(first.code).toBe(0);
    const b1 = blocks(first.stdout);
    const privateTo = (user: string) => b1.filter((b) => b.head === `✉ private message to @${user}:`).map((b) => b.body).join('');
    const idMatch = /(CR-[A-Z0-9]{6}): billing contact of pc-demo, alice-ovh → dave-ovh/.exec(first.stdout);
    expect(idMatch).not.toBeNull();
    const id = idMatch![1]!;
    const alice = new RegExp(`/contacts accept ${id} ([A-Z0-9]{10})`).exec(privateTo('alice'))?.[1];
    const dave = new RegExp(`/contacts accept ${id} ([A-Z0-9]{10})`).exec(privateTo('dave'))?.[1];
    expect(alice).toBeDefined();
    expect(dave).toBeDefined();
    expect(alice).not.toBe(dave);
    expect(first.stdout).toContain('Billing contact: alice-ovh (FR)');

    const second = await runConsole(store, [
      `@alice /contacts accept ${id} ${alice}`,
      '@dave /contacts requests',
      `@dave /contacts accept ${id} ${dave}`,
      '@alice /contacts show pc-demo',
    ]);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('Waiting for dave-ovh to accept');
    expect(second.stdout).toMatch(new RegExp(`${id}\\s+pc-demo\\s+contact facturation\\s+alice-ovh → dave-ovh\\s+alice-ovh\\s+en attente`));
    expect(second.stdout).toMatch(/Le contact facturation de pc-demo est désormais dave-ovh/);
    const show = blocks(second.stdout).filter((b) => b.head.startsWith('→')).pop()!;
    expect(show.body).toContain('Billing contact: dave-ovh (FR)');
    expect(show.body).toContain('Admin contact: alice-ovh (FR)');

    const publicText = [...blocks(first.stdout), ...blocks(second.stdout)]
      .filter((b) => !b.head.startsWith('✉ private message to'))
      .map((b) => `${b.head}\n${b.body}`)
      .join('\n');
    expect(publicText).toContain(`/contacts accept ${id} ••••••••••`);
    for (const token of [alice!, dave!]) {
      expect(publicText).not.toContain(token);
      expect(first.stderr + second.stderr).not.toContain(token);
    }
    expect(second.stderr).toContain('"msg":"handled"');
  });
});
