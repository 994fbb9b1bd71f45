import { afterEach, describe, expect, it } from 'vitest';
import { askChange, requestIds, tokensFor } from './support/contacts.js';
import { days, dueOf, expectExpiredOnce, runOn } from './support/contact-runs.js';
import { DueWrites } from './support/due-writes.js';
import { failingCommits, writtenDoc } from './support/engines.js';
import { makeHarness, type Harness, type HarnessOptions } from './support/harness.js';

let h: Harness;
afterEach(async () => h?.close());

/** Asked at DEMO_NOW (2026-11-23 09:00): first reminder on day 2, expiry on day 7 (GUICHET_CONTACT_REQUEST_TTL_DAYS=7). */
const REMIND_AT = '2026-11-25T09:00:00.000Z';
const EXPIRES_AT = '2026-11-30T09:00:00.000Z';
const onlyContacts = (writes: string[]) => writes.filter((w) => w.includes(':contact-request-'));

async function harness(options: HarnessOptions = {}): Promise<DueWrites> {
  const writes = new DueWrites();
  h = await makeHarness({ ...options, wrap: writes.wrap });
  await h.run('@alice /reminders subscribe contact');
  await h.run('@dave /reminders subscribe contact');
  return writes;
}

describe('a contact-change request holds one due entry', () => {
  it('GIVEN alice WHEN she asks a change THEN the command writes exactly one due document, and the acceptance that applies it deletes exactly that one', async () => {
    const writes = await harness();
    const asking = writes.commits.length;
    const { id, tokens } = await askChange(h, '@alice /contacts change pc-demo billing=dave-ovh');
    const key = `due:${REMIND_AT}:contact-request-waiting:${id}`;
    expect(writes.since(asking)).toEqual([`+${key}`]);
    expect(await dueOf(h, id)).toEqual([{ at: REMIND_AT, kind: 'contact-request-waiting', ref: id }]);
    const accepting = writes.commits.length;
    expect((await h.run(`@alice /contacts accept ${id} ${tokens.alice}`)).tone).toBe('success');
    expect(writes.since(accepting)).toEqual([]);
    expect((await h.run(`@dave /contacts accept ${id} ${tokens.dave}`)).tone).toBe('success');
    expect(onlyContacts(writes.since(accepting))).toEqual([`-${key}`]);
    expect(await dueOf(h, id)).toEqual([]);
  });

  it('GIVEN a request WHEN dave refuses it THEN the command deletes exactly its one due document', async () => {
    const writes = await harness();
    const { id, tokens } = await askChange(h, '@alice /contacts change pc-demo billing=dave-ovh');
    const refusing = writes.commits.length;
    expect((await h.run(`@dave /contacts refuse ${id} ${tokens.dave}`)).tone).not.toBe('error');
    expect(onlyContacts(writes.since(refusing))).toEqual([`-due:${REMIND_AT}:contact-request-waiting:${id}`]);
    expect(await dueOf(h, id)).toEqual([]);
  });

  it('GIVEN paired requests WHEN asked, then one refused THEN one due document each is written, and one each deleted', async () => {
    const writes = await harness();
    const asking = writes.commits.length;
    const ids = requestIds(await h.text('@alice /contacts change pc-demo admin=carol-ovh billing=carol-ovh'));
    expect(ids).toHaveLength(2);
    const keys = ids.map((id) => `due:${REMIND_AT}:contact-request-waiting:${id}`).sort();
    expect(writes.since(asking).sort()).toEqual(keys.map((k) => `+${k}`));
    const refusing = writes.commits.length;
    await h.run(`@carol /contacts refuse ${ids[1]} ${tokensFor(h, ids[1]!).carol}`);
    expect(onlyContacts(writes.since(refusing)).sort()).toEqual(keys.map((k) => `-${k}`));
  });
});

describe('a request never answered', () => {
  it('GIVEN a request WHEN the jobs run every 6 hours for 10 days THEN it is reminded once on day 2 and expired once at the first run at its expiry', async () => {
    await harness();
    const { id } = await askChange(h, '@alice /contacts change pc-demo billing=dave-ovh');
    const r = await runOn(h, days(1, 40).map((q) => q / 4), id);
    expect(r.reminders).toEqual(['2 console:local/general']);
    expect(r.expired).toBe(1);
    await expectExpiredOnce(h, id, EXPIRES_AT);
  });

  it('GIVEN a request WHEN the jobs do not run from day 3 to day 9 THEN the run of day 10 expires it, with no late reminder, once', async () => {
    await harness();
    const { id } = await askChange(h, '@alice /contacts change pc-demo billing=dave-ovh');
    const r = await runOn(h, [1, 2, 10, 11, 20], id);
    expect(r.reminders).toEqual(['2 console:local/general']);
    expect(r.expired).toBe(1);
    await expectExpiredOnce(h, id, '2026-12-03T09:00:00.000Z');
  });

  it('GIVEN a request WHEN the jobs do not run from day 1 to day 8 THEN the run of day 9 expires it without reminding it (too late), once', async () => {
    await harness();
    const { id } = await askChange(h, '@alice /contacts change pc-demo billing=dave-ovh');
    const r = await runOn(h, [0.5, 9, 10], id);
    expect(r.reminders).toEqual([]);
    expect(r.expired).toBe(1);
    await expectExpiredOnce(h, id, '2026-12-02T09:00:00.000Z');
  });

  it('GIVEN alice accepted her side WHEN dave never answers THEN he is reminded once on day 2, and the request still expires once at its expiry', async () => {
    await harness();
    const { id, tokens } = await askChange(h, '@alice /contacts change pc-demo billing=dave-ovh');
    await h.run(`@alice /contacts accept ${id} ${tokens.alice}`);
    const r = await runOn(h, days(1, 10), id);
    expect(r.reminders).toEqual(['2 console:local/general']);
    expect(r.expired).toBe(1);
    await expectExpiredOnce(h, id, EXPIRES_AT);
  });

  it('GIVEN GUICHET_CONTACT_REQUEST_TTL_DAYS=1 (before the first reminder) WHEN the jobs run daily THEN its one entry is at the expiry and the run of day 1 expires it', async () => {
    await harness({ config: { contactRequestTtlDays: 1 } });
    const { id } = await askChange(h, '@alice /contacts change pc-demo billing=dave-ovh');
    expect(await dueOf(h, id)).toEqual([{ at: '2026-11-24T09:00:00.000Z', kind: 'contact-request-waiting', ref: id }]);
    const r = await runOn(h, days(1, 4), id);
    expect(r).toEqual({ reminders: [], expired: 1 });
    await expectExpiredOnce(h, id, '2026-11-24T09:00:00.000Z');
  });

  it('GIVEN the commit that expires the request fails once WHEN the reminder phase of that run reads its entry THEN the entry stays and the next run expires it, once', async () => {
    let failOn: string | undefined;
    h = await makeHarness({
      wrap: (engine) => failingCommits(engine, (request) => {
        const doc = failOn ? writtenDoc(request.writes.get(`creq:${failOn}`)) : undefined;
        const expires = doc !== undefined && (doc as { state?: string } | null)?.state === 'expired';
        if (expires) failOn = undefined;
        return expires;
      }),
    });
    const { id } = await askChange(h, '@alice /contacts change pc-demo billing=dave-ovh');
    failOn = id;
    const first = await runOn(h, [7], id);
    expect(first.expired).toBe(0);
    expect(await dueOf(h, id)).toEqual([{ at: EXPIRES_AT, kind: 'contact-request-waiting', ref: id }]);
    const next = await runOn(h, [7.25, 8], id);
    expect(next.expired).toBe(1);
    await expectExpiredOnce(h, id, '2026-11-30T15:00:00.000Z');
  });

  it('GIVEN paired requests one of which both sides accepted WHEN the other is never answered THEN the run at their expiry expires both, once', async () => {
    await harness();
    await h.text('@root /guichet admin link console:erin carol-ovh');
    const [adminId, billingId] = requestIds(await h.text('@alice /contacts change pc-demo admin=carol-ovh billing=carol-ovh')) as [string, string];
    const ta = tokensFor(h, adminId);
    await h.run(`@alice /contacts accept ${adminId} ${ta.alice}`);
    await h.run(`@carol /contacts accept ${adminId} ${ta.carol}`);
    const r = await runOn(h, days(1, 10), adminId);
    expect(r.reminders).toEqual([]);
    expect(r.expired).toBe(1);
    for (const id of [adminId, billingId]) {
      expect(await dueOf(h, id)).toEqual([]);
      expect((await h.text('@alice /contacts requests')).match(new RegExp(`${id}.*expired`, 'g'))).toHaveLength(1);
    }
  });
});
