import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime, type Runtime } from '../adapters/runtime.js';
import { FAKE_APP_ID } from './support/fake-discord.js';

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function storeEnv(): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'guichet-demo-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return { GUICHET_STORE: `sqlite://${join(dir, 's.sqlite')}`, GUICHET_NOW: '2026-11-23T09:00:00Z', LOG_LEVEL: 'silent' };
}

async function start(env: Record<string, string>): Promise<Runtime> {
  const runtime = await createRuntime(env);
  cleanups.push(async () => {
    await runtime.presence.release();
    await runtime.store.uow.close();
  });
  return runtime;
}

const stop = async (r: Runtime) => {
  cleanups.pop();
  await r.presence.release();
  await r.store.uow.close();
};

const SLACK = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' };
const DISCORD = { DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: FAKE_APP_ID };
const codes = (r: Runtime) => r.store.uow.run(async (tx) => ({ commit: false, result: (await tx.vouchers.list(undefined, 100)).items.map((v) => v.code) }));
const accounts = (r: Runtime) => r.store.uow.run(async (tx) => ({ commit: false, result: (await tx.accounts.list(undefined, 100)).items.length }));

describe('demo data stays out of production stores (issue 17, item 3)', () => {
  for (const [name, platform] of Object.entries({ Slack: SLACK, Discord: DISCORD })) {
    it(`GIVEN ${name} configured and GUICHET_DEMO_DATA not set WHEN Guichet starts on an empty store THEN no demo account or voucher is loaded`, async () => {
      const r = await start({ ...storeEnv(), ...platform });
      expect(r.store.seeded).toBe(false);
      expect(await accounts(r)).toBe(0);
      expect(await codes(r)).toEqual([]);
    });
  }

  it('GIVEN the console (no platform) or GUICHET_DEMO_DATA=auto said explicitly WHEN Guichet starts on an empty store THEN the demo data is loaded', async () => {
    const console = await start(storeEnv());
    expect(console.store.seeded).toBe(true);
    expect(await codes(console)).toContain('WELCOME-50');
    const explicit = await start({ ...storeEnv(), ...SLACK, GUICHET_DEMO_DATA: 'auto' });
    expect(explicit.store.seeded).toBe(true);
  });

  it('GIVEN a store seeded in demo mode WHEN Guichet starts on it with demo mode off THEN demo voucher codes not yet used are withdrawn; used ones (the showcase\'s SPRING-20 too) and operators\' codes stay', async () => {
    const env = storeEnv();
    const demo = await start(env);
    const line = (user: string, text: string) => demo.core.handle({ id: `${user}-${text}`, user: { platform: 'console', workspace: 'local', user }, command: text.split(' ')[0]!, input: { kind: 'text', text: text.split(' ').slice(1).join(' ') }, channel: 'console:local/general' });
    await line('alice', 'voucher activate WELCOME-50 pc-demo');
    await line('root', 'guichet admin voucher issue SPRING-25 25 EUR');
    expect((await codes(demo)).sort()).toEqual(['EXPIRED-10', 'SPRING-20', 'SPRING-25', 'UK-30', 'WELCOME-50']);
    await stop(demo);
    const production = await start({ ...env, ...SLACK });
    expect((await codes(production)).sort()).toEqual(['SPRING-20', 'SPRING-25', 'WELCOME-50']);
    await stop(production);
    const off = await start({ ...env, GUICHET_DEMO_DATA: 'off' });
    expect((await codes(off)).sort()).toEqual(['SPRING-20', 'SPRING-25', 'WELCOME-50']);
  });
});
