import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it as vitestIt } from 'vitest';
import { Guichet } from '../src/core/guichet.js';
import type { ChatUser } from '../src/core/identity.js';
import { RateLimiter } from '../src/core/rate-limit.js';
import { replyToPlainText, type Reply } from '../src/core/reply.js';
import { askChange } from './support/contacts.js';
import { makeHarness, type Harness } from './support/harness.js';
import { createDatabase, POSTGRES_URL } from './support/postgres.js';

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Two cores, each with its own engine, cache and limiters, on one store: two processes in all but the OS. */
async function twoProcesses(kind: 'sqlite' | 'postgres'): Promise<[Harness, Harness]> {
  let uri: string;
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'guichet-procs-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    uri = `sqlite://${join(dir, 'store.sqlite')}`;
  } else {
    const db = await createDatabase('procs');
    cleanups.push(() => db.drop());
    uri = db.uri;
  }
  const a = await makeHarness({ uri });
  cleanups.push(() => a.close());
  const b = await makeHarness({ uri, demo: false });
  cleanups.push(() => b.close());
  await a.run('@root /guichet admin link slack:T1/U1 alice-ovh');
  return [a, b];
}

const slackUser: ChatUser = { platform: 'slack', workspace: 'T1', user: 'U1' };
const slack = (core: Guichet, id: string, text: string, repeatKey?: string): Promise<Reply> =>
  core.handle({ id, user: slackUser, channel: 'slack:T1/C1', command: text.split(' ')[0]!, input: { kind: 'text', text: text.split(' ').slice(1).join(' ') }, ...(repeatKey ? { repeatKey } : {}) });
const orderCount = async (h: Harness) => new Set((await h.text('/orders')).match(/ORD-[A-Z0-9]{8}/g)).size;

describe.each(['sqlite', 'postgres'] as const)('two Guichet processes on one %s store', (kind) => {
  const it = kind === 'postgres' && !POSTGRES_URL ? vitestIt.skip : vitestIt;

  it('GIVEN the same Slack delivery reaching both processes at once WHEN each handles it THEN it is applied once and the other answers "Already done"', async () => {
    const [a, b] = await twoProcesses(kind);
    const before = await orderCount(a);
    for (let i = 0; i < 5; i++) {
      const replies = await Promise.all([slack(a.core, `Tdup${i}`, 'credit buy 10 pc-demo'), slack(b.core, `Tdup${i}`, 'credit buy 10 pc-demo')]);
      const texts = replies.map(replyToPlainText);
      expect(texts.filter((t) => t.includes('Already done'))).toHaveLength(1);
      expect(texts.every((t) => /ORD-[A-Z0-9]{8}/.test(t))).toBe(true);
    }
    expect(await orderCount(a)).toBe(before + 5);
  });

  it('GIVEN a command typed again the same way within the repeat window WHEN the repeat reaches the other process THEN it is applied once', async () => {
    const [a, b] = await twoProcesses(kind);
    const before = await orderCount(a);
    const key = 'slack:T1/U1/C1/credit buy 12 pc-demo';
    expect(replyToPlainText(await slack(a.core, 'Trep1', 'credit buy 12 pc-demo', key))).not.toContain('Already done');
    expect(replyToPlainText(await slack(b.core, 'Trep2', 'credit buy 12 pc-demo', key))).toContain('Already done');
    expect(await orderCount(b)).toBe(before + 1);
  });

  it('GIVEN a limit of 3 commands a minute WHEN a Slack user spreads 4 over both processes THEN the 4th is refused', async () => {
    const [a, b] = await twoProcesses(kind);
    const limited = (h: Harness) => new Guichet({ ...h.core.deps, rateLimiter: new RateLimiter(3, 60_000, () => 0) });
    const [ca, cb] = [limited(a), limited(b)];
    expect((await slack(ca, 'r1', 'account')).code).toBeUndefined();
    expect((await slack(cb, 'r2', 'account')).code).toBeUndefined();
    expect((await slack(ca, 'r3', 'account')).code).toBeUndefined();
    expect((await slack(cb, 'r4', 'account')).code).toBe('RATE.LIMITED');
  });

  it('GIVEN a limit of 4 wrong tokens an hour WHEN a user spreads wrong tokens over both processes THEN the 5th try is refused, even a right one', async () => {
    const [a, b] = await twoProcesses(kind);
    const request = await askChange(a, '/contacts change pc-demo billing=dave-ovh');
    const guarded = (h: Harness) => new Guichet({ ...h.core.deps, guessLimiter: new RateLimiter(4, 3_600_000, () => 0) });
    const [ca, cb] = [guarded(a), guarded(b)];
    const accept = (core: Guichet, id: string, token: string) =>
      core.handle({ id, user: { platform: 'console', workspace: 'local', user: 'dave' }, command: 'contacts', input: { kind: 'text', text: `accept ${request.id} ${token}` } });
    const codes = [];
    for (const [i, core] of [ca, cb, ca, cb].entries()) codes.push((await accept(core, `g${i}`, 'WRONGWRONG')).code);
    expect(codes).toEqual(Array(4).fill('CONTACTS.BAD_TOKEN'));
    expect((await accept(ca, 'g5', request.tokens.dave!)).code).toBe('CONTACTS.TOO_MANY_GUESSES');
  });
});
