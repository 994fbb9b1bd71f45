import { afterEach, describe, expect, it } from 'vitest';
import { replyToPlainText } from '../src/core/reply.js';
import { makeHarness, type Harness } from './support/harness.js';

let h: Harness;
afterEach(async () => h?.close());

const DAY = 86_400_000;

describe('remote-effect records', () => {
  it('GIVEN effect records of 15 and 2 days ago WHEN the jobs run THEN the old one is forgotten and the recent one kept', async () => {
    h = await makeHarness();
    const at = (days: number) => new Date(h.clock.now().getTime() - days * DAY).toISOString();
    await h.uow.run(async (tx) => {
      tx.effects.put({ key: 'old:logout', state: 'done', at: at(15), claim: 'a', leaseUntil: at(15), outcome: { revoked: true } });
      tx.effects.put({ key: 'new:logout', state: 'intent', at: at(2), claim: 'b', leaseUntil: at(2) });
      return { commit: true, result: undefined };
    });
    const report = replyToPlainText(await h.run('@root /guichet admin run-jobs'));
    expect(report).toContain('effect-records-purged');
    const left = await h.uow.run(async (tx) => ({ commit: false, result: [await tx.effects.get('old:logout'), (await tx.effects.get('new:logout'))?.state] }));
    expect(left).toEqual([undefined, 'intent']);
  });
});
