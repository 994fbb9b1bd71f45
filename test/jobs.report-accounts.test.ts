import { afterEach, describe, expect, it } from 'vitest';
import { makeHarness, type Harness } from './support/harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('a job run names the accounts it changed', () => {
  it('GIVEN the demo data WHEN the jobs run 11 days later (alice’s manual service deleted, bob’s automatic renewal failed) THEN the report names alice-ovh and bob-ovh, and a run with nothing due names none', async () => {
    h = await makeHarness();
    const seen: string[][] = [];
    h.jobs.onReport((r) => seen.push([...(r.accounts ?? [])]));
    h.clock.set(new Date(h.clock.now().getTime() + 11 * 86_400_000));
    const report = await h.jobs.runNow(h.clock.now());
    expect(report.counts.deleted).toBeGreaterThan(0);
    expect(report.counts.expired).toBeGreaterThan(0);
    expect(report.accounts).toEqual(expect.arrayContaining(['alice-ovh', 'bob-ovh']));
    expect([...(report.accounts ?? [])].sort()).toEqual(report.accounts);
    const quiet = await h.jobs.runNow(h.clock.now());
    expect(quiet.accounts).toBeUndefined();
    expect(seen).toEqual([[...report.accounts!], []]);
  });
});
