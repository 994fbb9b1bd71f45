import { afterEach, describe, expect, it } from 'vitest';
import { replyToPlainText } from '../src/core/reply.js';
import { consoleUser, makeHarness, type Harness } from './support/harness.js';

let h: Harness;
afterEach(async () => h?.close());

const DAY = 86_400_000;
const keys = async (prefix: string) => (await h.engine.range(prefix, `${prefix}\uffff`, { limit: 1000 })).map((r) => r.key);
const orders = async () => (await h.uow.run(async (tx) => ({ commit: false, result: await tx.orders.listForAccount('alice-ovh') }))).items;
const expiry = async () => (await h.uow.run(async (tx) => ({ commit: false, result: await tx.services.get('vps-demo-1') })))?.renewal?.expiresAt;

/** Rewrites a record filed by day as an earlier version wrote it: `inv:ID` plus its time index entry `inv-at:TIME:ID`. */
async function asLegacy(id: string): Promise<void> {
  const [row] = (await h.engine.range('invd:', 'invd:\uffff', { limit: 1000 })).filter((r) => r.key.endsWith(`:${id}`));
  const at = (row!.value as { at: string }).at;
  const writes = new Map<string, unknown>([[row!.key, null], [`inv:${id}`, row!.value], [`inv-at:${at}:${id}`, id]]);
  expect(await h.engine.commit({ reads: new Map(), writes })).toBe(true);
}

describe('invocation records filed by day', () => {
  it('GIVEN a payment applied at 23:59:59 UTC WHEN the platform retries it at 00:00:01 the next day THEN it is answered "Already done" and paid once', async () => {
    h = await makeHarness({ now: '2026-11-23T23:59:59.000Z' });
    const unpaid = await expiry();
    const first = await h.run('@alice /renew pay vps-demo-1 --yes', { id: 'midnight' });
    expect(replyToPlainText(first)).not.toMatch(/Already done/);
    const paidUntil = await expiry();
    expect([unpaid, paidUntil]).toEqual(['2026-12-03T23:59:59.000Z', '2027-01-03T23:59:59.000Z']);
    h.clock.advance(2_000);
    expect(replyToPlainText(await h.run('@alice /renew pay vps-demo-1 --yes', { id: 'midnight' }))).toMatch(/^Already done/);
    expect(await orders()).toHaveLength(1);
    expect(await expiry()).toBe(paidUntil);
  });

  it('GIVEN a mutating command WHEN it is applied THEN one record is written, filed under its day, and no time index document', async () => {
    h = await makeHarness({ engine: 'sqlite' });
    await h.run('@alice /credit buy 10 pc-demo', { id: 'one-doc' });
    expect(await keys('invd:')).toEqual(['invd:2026-11-23:one-doc']);
    expect(await keys('inv-at:')).toEqual([]);
    expect(await keys('inv:')).toEqual([]);
  });

  it('GIVEN a record written by the previous version (inv:ID and inv-at:) WHEN the same ID comes again THEN it is "Already done"; WHEN the retention has passed THEN the jobs purge both documents', async () => {
    h = await makeHarness({ engine: 'sqlite' });
    await h.run('@alice /renew pay vps-demo-1 --yes', { id: 'legacy' });
    await asLegacy('legacy');
    expect(await keys('invd:')).toEqual([]);
    expect(replyToPlainText(await h.run('@alice /renew pay vps-demo-1 --yes', { id: 'legacy' }))).toMatch(/^Already done/);
    expect(await orders()).toHaveLength(1);
    h.clock.advance(15 * DAY);
    expect(replyToPlainText(await h.run('@root /guichet admin run-jobs'))).toMatch(/invocation-records-purged\s+1/);
    expect([...(await keys('inv:')), ...(await keys('inv-at:'))]).toEqual([]);
  });

  it('GIVEN a Pay button that lives 7 days, clicked once WHEN it is clicked again 3 days later THEN the second click says "Already done"', async () => {
    h = await makeHarness();
    const button = (await h.run('@alice /credit buy 100 pc-demo')).actions![0]!;
    expect(replyToPlainText(await h.core.click({ id: 'k1', user: consoleUser('alice'), actionId: button.id }))).toContain('paid');
    h.clock.advance(3 * DAY);
    expect(replyToPlainText(await h.core.click({ id: 'k2', user: consoleUser('alice'), actionId: button.id }))).toContain('Already done: this request reached me twice');
  });
});
