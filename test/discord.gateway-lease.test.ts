import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { DISCORD_GATEWAY_LEASE, GatewayLease } from '../adapters/discord/gateway-lease.js';
import { Leases } from '../src/jobs/leases.js';
import { ManualClock } from '../src/ports/clock.js';
import { chatInput } from './support/discord-interactions.js';
import { messageText } from './support/discord-setup.js';
import { FAKE_APP_ID, FakeDiscord } from './support/fake-discord.js';
import { makeHarness, type Harness } from './support/harness.js';
import { createDatabase, POSTGRES_URL } from './support/postgres.js';
import { ROOT } from './support/spawn.js';

const cleanups: (() => Promise<void> | void)[] = [];
let h: Harness | undefined;
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  await h?.close();
  h = undefined;
});

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** A process's part in the lease: its connection state, as the lease drives it. */
function member(holder: string, clock: ManualClock) {
  const state = { connected: false, connects: 0 };
  const lease = new GatewayLease({ leases: new Leases(h!.uow, holder), clock, logger: h!.logs, ttlMs: 30_000, renewMs: 20, pollMs: 20 });
  const run = () => lease.run(async () => { state.connected = true; state.connects++; }, async () => { state.connected = false; });
  return { state, lease, run };
}

describe('one Discord gateway connection across processes', () => {
  it('GIVEN two processes WHEN both start THEN one connects and the other stands by; WHEN the owner stops THEN the other connects at once; WHEN that one dies THEN a third connects once its lease lapsed', async () => {
    h = await makeHarness({ demo: false });
    const clock = new ManualClock('2026-11-23T09:00:00Z');
    const a = member('A', clock);
    const b = member('B', clock);
    await a.run();
    await b.run();
    await new Promise((r) => setTimeout(r, 100));
    expect([a.state.connected, b.state.connected]).toEqual([true, false]);
    expect([a.lease.owner, b.lease.owner]).toEqual([true, false]);
    await a.lease.stop();
    a.state.connected = false;
    await until(() => b.state.connected, 'B connecting after A released the lease');
    b.lease.abandon(); // B dies without a word
    const c = member('C', clock);
    await c.run();
    await new Promise((r) => setTimeout(r, 100));
    expect(c.state.connected).toBe(false);
    clock.advance(30_001);
    await until(() => c.state.connected, 'C connecting after B\'s lease lapsed');
    await c.lease.stop();
  });

  it('GIVEN an owner frozen past its lease WHEN it wakes up and finds the lease taken THEN it disconnects and stands by', async () => {
    h = await makeHarness({ demo: false });
    const clock = new ManualClock('2026-11-23T09:00:00Z');
    const a = member('A', clock);
    await a.run();
    expect(a.state.connected).toBe(true);
    clock.advance(30_001);
    const taken = await new Leases(h.uow, 'B').acquire(DISCORD_GATEWAY_LEASE, clock.now(), 30_000);
    expect(taken).toBe(true);
    await until(() => !a.state.connected, 'A disconnecting');
    expect(a.lease.owner).toBe(false);
    await a.lease.stop();
  });
});

describe.skipIf(!POSTGRES_URL)('Discord with two Guichet processes on one PostgreSQL store', () => {
  it('GIVEN two processes configured for Discord WHEN they start THEN only one identifies on the gateway; WHEN it gets SIGTERM THEN the other connects and answers the next interaction', async () => {
    const db = await createDatabase('gateway');
    cleanups.push(() => db.drop());
    const fake = await FakeDiscord.start();
    cleanups.push(() => fake.close());
    const start = () => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'adapters/main.ts'], {
        cwd: ROOT,
        env: { ...process.env, DISCORD_TOKEN: 'gw-token', DISCORD_APPLICATION_ID: FAKE_APP_ID, DISCORD_API_URL: fake.apiUrl, PORT: '0', GUICHET_STORE: db.uri, LOG_LEVEL: 'info', SLACK_BOT_TOKEN: '' },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      cleanups.push(() => { child.kill('SIGKILL'); });
      return { child, exited, stderr: () => err };
    };
    const identifies = () => fake.gatewayFrames.filter((f) => f.op === 2).length;
    const first = start();
    await until(() => first.stderr().includes('"connected to Discord"'), 'the first process to connect');
    const second = start();
    await until(() => second.stderr().includes('standing by'), 'the second process to stand by');
    expect(identifies()).toBe(1);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    await until(() => second.stderr().includes('"connected to Discord"'), 'the second process to connect');
    expect(identifies()).toBe(2);
    await new Promise((r) => setTimeout(r, 200));
    const i = chatInput({ user: '190000000000000009', guild: '600000000000000001', locale: 'en' }, 'account show');
    fake.dispatch('INTERACTION_CREATE', i);
    const answer = await fake.answerTo(i);
    expect(messageText(answer.message)).toContain('not linked');
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 120_000);
});
