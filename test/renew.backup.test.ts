import { afterEach, describe, expect, it } from 'vitest';
import { exportStore, importStore } from '../adapters/store/backup.js';
import { makeHarness, type Harness } from './support/harness.js';
import { dueFor } from './support/renewal.js';

const hs: Harness[] = [];
afterEach(async () => {
  for (const h of hs.splice(0)) await h.close();
});

describe('export and import keep the schedule', () => {
  it('GIVEN reminders already sent WHEN the store is exported and imported into an empty one THEN due entries, subscriptions and sent marks come along: nothing is repeated, the next threshold still comes', async () => {
    const a = await makeHarness();
    hs.push(a);
    await a.run('@alice /reminders subscribe');
    await a.jobs.runNow(a.clock.now());
    expect(a.notifier.posts).toHaveLength(2);
    const file = JSON.parse(JSON.stringify(await exportStore(a.engine, a.clock.now())));
    expect(JSON.stringify(file)).not.toMatch(/"hashes"/);
    const b = await makeHarness({ demo: false });
    hs.push(b);
    await importStore(b.uow, file);
    expect(await dueFor(b, 'vps-demo-1')).toEqual(await dueFor(a, 'vps-demo-1'));
    await b.jobs.runNow(b.clock.now());
    expect(b.notifier.posts).toEqual([]);
    b.clock.advance(3 * 86_400_000);
    await b.jobs.runNow(b.clock.now());
    expect(b.notifier.posts.map((p) => p.text.split('\n')[0])).toEqual(['Renewal due: vps-demo-1']);
  });
});
