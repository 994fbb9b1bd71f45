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

describe('pending button records', () => {
  const action = (id: string) => h.uow.run(async (tx) => ({ commit: false, result: await tx.actions.get(id) }));

  it('GIVEN buttons offered WHEN the jobs run more than a day after one expired THEN its record is purged, a live one kept', async () => {
    h = await makeHarness();
    const old = (await h.run('@alice /renew delete-now vps-demo-1')).actions![0]!.id;
    h.clock.advance(2 * DAY);
    const live = (await h.run('@alice /renew delete-now example-demo.fr')).actions![0]!.id;
    const report = replyToPlainText(await h.run('@root /guichet admin run-jobs'));
    expect(report).toMatch(/button-records-purged\s+1/);
    expect(await action(old)).toBeUndefined();
    expect(await action(live)).toBeDefined();
    const left = await h.engine.range('action', 'action\uffff', { limit: 100 });
    expect(left.map((r) => r.key).filter((k) => k.includes(old))).toEqual([]);
  });

  it('GIVEN a button that expired an hour ago WHEN the jobs run THEN it is kept, so a late click still says what to type instead', async () => {
    h = await makeHarness();
    const id = (await h.run('@alice /renew delete-now vps-demo-1')).actions![0]!.id;
    h.clock.advance(75 * 60_000);
    await h.run('@root /guichet admin run-jobs');
    const click = await h.core.click({ id: 'late', user: { platform: 'console', workspace: 'local', user: 'alice' }, actionId: id });
    expect(click.code).toBe('ACTION.EXPIRED');
  });
});
