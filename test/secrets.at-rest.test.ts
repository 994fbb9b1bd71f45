import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadEnv } from '../src/config.js';
import { makeHarness, type Harness } from './support/harness.js';
import { askChange } from './support/contacts.js';

let h: Harness;
afterEach(async () => h?.close());

const KEY = randomBytes(32).toString('hex');

/** Every document of the store as JSON text, to look for a token at rest. */
async function storeText(): Promise<string> {
  return JSON.stringify(await h.engine.range('', '\uffff', { limit: 1_000_000 }));
}

/** Keys of the kept secrets. */
async function keptKeys(): Promise<string[]> {
  return (await h.engine.range('kept', 'kept\uffff', { limit: 10_000 })).map((r) => r.key);
}

describe('tokens copied into service mails are sealed at rest and erased with their request', () => {
  it('GIVEN GUICHET_SECRET_KEY WHEN a contact change sends tokens THEN no token is readable in the store, yet each account reads its own in /account emails', async () => {
    h = await makeHarness({ engine: 'sqlite', secretKey: KEY });
    const { tokens } = await askChange(h, '@alice /contacts change pc-demo billing=dave-ovh');
    expect(Object.keys(tokens).sort()).toEqual(['alice', 'dave']);
    const raw = await storeText();
    for (const token of Object.values(tokens)) expect(raw).not.toContain(token);
    expect(await h.text('@dave /account emails')).toContain(tokens.dave);
    expect(await h.text('@alice /account emails')).toContain(tokens.alice);
    expect(await h.text('@alice /account emails')).not.toContain(tokens.dave);
  });

  it('GIVEN a request WHEN it settles THEN the kept tokens are erased and the mails say the token is no longer valid', async () => {
    h = await makeHarness({ secretKey: KEY });
    const { id, tokens } = await askChange(h, '@alice /contacts change pc-demo billing=dave-ovh');
    expect(await keptKeys()).not.toEqual([]);
    await h.run(`@dave /contacts refuse ${id} ${tokens.dave}`);
    expect(await keptKeys()).toEqual([]);
    const mails = await h.text('@dave /account emails');
    expect(mails).not.toContain(tokens.dave);
    expect(mails).toContain('plus valable');
  });

  it('GIVEN no key WHEN tokens are sent THEN they are kept only until the request expires, and the job run erases them', async () => {
    h = await makeHarness();
    const { tokens } = await askChange(h, '@alice /contacts change pc-demo billing=dave-ovh');
    expect(await h.text('@dave /account emails')).toContain(tokens.dave);
    h.clock.advance(8 * 86_400_000);
    await h.run('@root /guichet admin run-jobs');
    expect(await keptKeys()).toEqual([]);
    const raw = await storeText();
    for (const token of Object.values(tokens)) expect(raw).not.toContain(token);
  });

  it('GIVEN a deletion confirmation WHEN its 15 minutes pass THEN the job run erases the kept token; WHEN used THEN it is erased at once', async () => {
    h = await makeHarness({ secretKey: KEY });
    await h.run('@alice /renew delete-now vps-demo-1');
    expect(await keptKeys()).toHaveLength(2);
    h.clock.advance(16 * 60_000);
    expect(await h.text('@root /guichet admin run-jobs')).toMatch(/kept-secrets-erased\s+1/);
    expect(await keptKeys()).toEqual([]);
    await h.run('@alice /renew delete-now example-demo.fr');
    const token = /delete-now example-demo\.fr ([A-Z0-9]{10})/.exec(h.notifier.directs.at(-1)!.text)![1]!;
    expect((await h.run(`@alice /renew delete-now example-demo.fr ${token}`)).tone).toBe('success');
    expect(await keptKeys()).toEqual([]);
  });

  it('GIVEN a malformed GUICHET_SECRET_KEY WHEN the configuration is read THEN start-up stops naming the variable, without echoing the value', () => {
    expect(() => loadEnv({ GUICHET_SECRET_KEY: 'not-a-key-0123' })).toThrow(ConfigError);
    expect(() => loadEnv({ GUICHET_SECRET_KEY: 'not-a-key-0123' })).toThrow(/GUICHET_SECRET_KEY: must be 64 hexadecimal characters/);
    expect(() => loadEnv({ GUICHET_SECRET_KEY: 'not-a-key-0123' })).not.toThrow(/not-a-key-0123/);
    expect(loadEnv({ GUICHET_SECRET_KEY: KEY }).GUICHET_SECRET_KEY).toBe(KEY);
  });
});
