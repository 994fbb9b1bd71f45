import { afterEach, describe, expect, it } from 'vitest';
import { replyToPlainText } from '../src/core/reply.js';
import { makeHarness, type Harness } from './support/harness.js';

let h: Harness;
afterEach(async () => h?.close());

const DAY = 86_400_000;
const records = () => h.uow.run(async (tx) => ({ commit: false, result: [await tx.invocations.get('keep-me'), await tx.invocations.get('old-one')] }));

describe('invocation records', () => {
  it('GIVEN invocation records WHEN the jobs run 15 days later THEN records older than 14 days are forgotten, recent ones kept', async () => {
    h = await makeHarness();
    await h.run('@root /guichet admin link console:eve alice-ovh', { id: 'old-one' });
    h.clock.advance(10 * DAY);
    await h.run('@root /guichet admin link console:eve bob-ovh', { id: 'keep-me' });
    expect((await records()).map(Boolean)).toEqual([true, true]);
    h.clock.advance(5 * DAY);
    const report = replyToPlainText(await h.run('@root /guichet admin run-jobs'));
    expect(report).toContain('invocation-records-purged');
    const [kept, old] = await records();
    expect(kept?.id).toBe('keep-me');
    expect(old).toBeUndefined();
    const index = await h.uow.run(async (tx) => ({ commit: false, result: await tx.invocations.purgeBefore(new Date(h.clock.now().getTime() - 14 * DAY), 10) }));
    expect(index).toBe(0);
  });

  it('GIVEN a recent invocation WHEN it is delivered again after a jobs run THEN it is still answered once', async () => {
    h = await makeHarness();
    await h.run('@root /guichet admin link console:eve alice-ovh', { id: 'retry-me' });
    h.clock.advance(DAY);
    await h.run('@root /guichet admin run-jobs');
    expect(replyToPlainText(await h.run('@root /guichet admin link console:eve alice-ovh', { id: 'retry-me' }))).toMatch(/^Already done/);
  });
});
