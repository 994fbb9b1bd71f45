import { afterEach, describe, expect, it } from 'vitest';
import { Guichet } from '../src/core/guichet.js';
import { RateLimiter } from '../src/core/rate-limit.js';
import { askChange } from './support/contacts.js';
import { makeHarness, type Harness } from './support/harness.js';

let h: Harness;
afterEach(async () => h?.close());

describe('token guessing across requests', () => {
  it('GIVEN a user spreading wrong tokens over several requests WHEN they pass the per-user limit THEN even right tokens wait, without locking anyone else', async () => {
    h = await makeHarness();
    let t = 0;
    const core = new Guichet({ ...h.core.deps, guessLimiter: new RateLimiter(6, 3_600_000, () => t) });
    const ids: { id: string; tokens: Record<string, string> }[] = [];
    for (const svc of ['pc-demo', 'vps-demo-1', 'hosting-demo']) ids.push(await askChange(h, `/contacts change ${svc} billing=dave-ovh`));
    const accept = (id: string, token: string, n: string) =>
      core.handle({ id: n, user: { platform: 'console', workspace: 'local', user: 'dave' }, command: 'contacts', input: { kind: 'text', text: `accept ${id} ${token}` } });
    const codes: (string | undefined)[] = [];
    for (const [i, r] of ids.entries()) for (let k = 0; k < 3; k++) codes.push((await accept(r.id, 'WRONGWRONG', `g${i}${k}`)).code);
    expect(codes.slice(0, 6)).toEqual(Array(6).fill('CONTACTS.BAD_TOKEN'));
    expect(codes.slice(6)).toEqual(Array(3).fill('CONTACTS.TOO_MANY_GUESSES'));
    expect((await accept(ids[2]!.id, ids[2]!.tokens.dave!, 'right')).code).toBe('CONTACTS.TOO_MANY_GUESSES');
    const alice = await h.run(`/contacts accept ${ids[2]!.id} ${ids[2]!.tokens.alice}`);
    expect(alice.tone).toBe('success');
    t = 3_600_001;
    expect((await accept(ids[2]!.id, ids[2]!.tokens.dave!, 'later')).tone).toBe('success');
  });
});
