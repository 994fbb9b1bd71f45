import { afterEach, describe, expect, it } from 'vitest';
import { Guichet } from '../src/core/guichet.js';
import type { ChatUser } from '../src/core/identity.js';
import { RateLimiter } from '../src/core/rate-limit.js';
import { makeHarness, type Harness } from './support/harness.js';

let h: Harness;
afterEach(async () => h?.close());

const slack = (user: string): ChatUser => ({ platform: 'slack', workspace: 'T1', user });

describe('rate limits', () => {
  it('GIVEN a limit of 3 a minute WHEN a Slack user sends a 4th command THEN it is refused with when to retry, and later allowed', async () => {
    h = await makeHarness();
    let t = 0;
    const core = new Guichet({ ...h.core.deps, rateLimiter: new RateLimiter(3, 60_000, () => t) });
    await h.run('@root /guichet admin link slack:T1/U1 alice-ovh');
    const ask = (id: string, user = 'U1') => core.handle({ id, user: slack(user), command: 'account', input: { kind: 'text', text: '' } });
    for (const id of ['a', 'b', 'c']) expect((await ask(id)).code).toBeUndefined();
    const refused = await ask('d');
    expect(refused.code).toBe('RATE.LIMITED');
    expect(refused.sections[0]).toMatchObject({ text: expect.stringContaining('try again in 60 second(s)') });
    expect((await ask('c')).code).toBeUndefined();
    t = 61_000;
    expect((await ask('e')).code).toBeUndefined();
  });

  it('GIVEN two chat users linked to one account WHEN together they exceed the limit THEN the account limit refuses', async () => {
    h = await makeHarness();
    const core = new Guichet({ ...h.core.deps, rateLimiter: new RateLimiter(2, 60_000, () => 0) });
    await h.run('@root /guichet admin link slack:T1/U1 bob-ovh');
    await h.run('@root /guichet admin link slack:T1/U2 bob-ovh');
    const ask = (id: string, user: string) => core.handle({ id, user: slack(user), command: 'account', input: { kind: 'text', text: '' } });
    expect((await ask('1', 'U1')).code).toBeUndefined();
    expect((await ask('2', 'U2')).code).toBeUndefined();
    expect((await ask('3', 'U2')).code).toBe('RATE.LIMITED');
  });

  it('GIVEN the console WHEN many commands are typed THEN the local operator tool is not limited', async () => {
    h = await makeHarness();
    const core = new Guichet({ ...h.core.deps, rateLimiter: new RateLimiter(1, 60_000, () => 0) });
    for (let i = 0; i < 3; i++) {
      const r = await core.handle({ id: `c${i}`, user: { platform: 'console', workspace: 'local', user: 'alice' }, command: 'account', input: { kind: 'text', text: '' } });
      expect(r.code).toBeUndefined();
    }
  });

  it('GIVEN a limit of 20 a minute WHEN the same /account audit is delivered 30 times (one repeat key) THEN the 21st and later are refused', async () => {
    h = await makeHarness();
    const core = new Guichet({ ...h.core.deps, rateLimiter: new RateLimiter(20, 60_000, () => 0) });
    await h.run('@root /guichet admin link slack:T1/U1 alice-ovh');
    const codes: (string | undefined)[] = [];
    for (let i = 0; i < 30; i++) {
      const r = await core.handle({ id: `audit-${i}`, user: slack('U1'), channel: 'slack:T1/C1', command: 'account', input: { kind: 'text', text: 'audit' }, repeatKey: 'slack:T1/U1/C1/account audit' });
      codes.push(r.code);
    }
    expect(codes.slice(0, 20).every((c) => c !== 'RATE.LIMITED')).toBe(true);
    expect(codes.slice(20)).toEqual(Array(10).fill('RATE.LIMITED'));
  });

  it('GIVEN a limit of 3 autocomplete requests a minute WHEN a Discord user asks a 4th time THEN it gets no suggestions, while the console is not limited', async () => {
    h = await makeHarness();
    const core = new Guichet({ ...h.core.deps, suggestLimiter: new RateLimiter(3, 60_000, () => 0) });
    await h.run('@root /guichet admin link discord:G1/D1 alice-ovh');
    const discord: ChatUser = { platform: 'discord', workspace: 'G1', user: 'D1' };
    const counts: number[] = [];
    for (let i = 0; i < 4; i++) counts.push((await core.suggest(discord, 'service', '')).length);
    expect(counts.slice(0, 3).every((n) => n > 0)).toBe(true);
    expect(counts[3]).toBe(0);
    for (let i = 0; i < 4; i++) expect((await core.suggest({ platform: 'console', workspace: 'local', user: 'alice' }, 'service', '')).length).toBeGreaterThan(0);
  });
});
