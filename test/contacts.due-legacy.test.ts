import { afterEach, describe, expect, it } from 'vitest';
import { moveEntry } from '../src/flows/schedule.js';
import type { DueEntry } from '../src/ports/store.js';
import { askChange, read } from './support/contacts.js';
import { days, dueOf, expectExpiredOnce, runOn } from './support/contact-runs.js';
import { makeHarness, type Harness } from './support/harness.js';

let h: Harness;
afterEach(async () => h?.close());

const EXPIRES_AT = '2026-11-30T09:00:00.000Z';

async function harness(): Promise<void> {
  h = await makeHarness();
  await h.run('@alice /reminders subscribe contact');
  await h.run('@dave /reminders subscribe contact');
}

/** Commits writes in a unit of work of their own. */
const write = (body: (tx: Parameters<Parameters<Harness['uow']['run']>[0]>[0]) => Promise<void> | void) =>
  h.uow.run(async (tx) => {
    await body(tx);
    return { commit: true, result: undefined };
  });

/** Asks a change as the previous version stored it: its `contact-request-waiting` entry and a `contact-request-expiry` at its expiry. */
async function oldRequest(): Promise<{ id: string; tokens: Record<string, string> }> {
  const asked = await askChange(h, '@alice /contacts change pc-demo billing=dave-ovh');
  const request = (await read(h, (tx) => tx.contactRequests.get(asked.id)))!;
  expect(request.expiresAt).toBe(EXPIRES_AT);
  await write((tx) => tx.due.add({ at: request.expiresAt, kind: 'contact-request-expiry', ref: asked.id }));
  expect((await dueOf(h, asked.id)).map((e) => e.kind)).toEqual(['contact-request-waiting', 'contact-request-expiry']);
  return asked;
}

describe('stores written by the previous version (contact-request-waiting and contact-request-expiry for each request)', () => {
  it('GIVEN a request holding both entries WHEN the jobs run every 6 hours for 10 days THEN it is reminded once on day 2 and expired once on day 7', async () => {
    await harness();
    const { id } = await oldRequest();
    const r = await runOn(h, days(1, 40).map((q) => q / 4), id);
    expect(r.reminders).toEqual(['2 console:local/general']);
    expect(r.expired).toBe(1);
    await expectExpiredOnce(h, id, EXPIRES_AT);
  });

  it('GIVEN a request holding both entries WHEN the jobs do not run from day 3 to day 9 THEN the run of day 10 expires it once, with no late reminder', async () => {
    await harness();
    const { id } = await oldRequest();
    const r = await runOn(h, [1, 2, 10, 11, 20], id);
    expect(r.reminders).toEqual(['2 console:local/general']);
    expect(r.expired).toBe(1);
    await expectExpiredOnce(h, id, '2026-12-03T09:00:00.000Z');
  });

  it('GIVEN a request reminded by the previous version (its waiting entry gone, its expiry entry left) WHEN the jobs run daily THEN it is not reminded again and expired once on day 7', async () => {
    await harness();
    const { id } = await oldRequest();
    const first = await runOn(h, [2], id);
    // The previous version dropped the waiting entry after its last reminder; this one moved it to the expiry.
    const moved: DueEntry = { at: EXPIRES_AT, kind: 'contact-request-waiting', ref: id };
    expect(await dueOf(h, id)).toEqual([{ ...moved, kind: 'contact-request-expiry' }, moved]);
    await write((tx) => moveEntry(tx, `contact:${id}`, moved, undefined));
    const later = await runOn(h, days(3, 10), id);
    expect([...first.reminders, ...later.reminders]).toEqual(['2 console:local/general']);
    expect(first.expired + later.expired).toBe(1);
    await expectExpiredOnce(h, id, EXPIRES_AT);
  });

  it('GIVEN a request holding both entries WHEN both sides accept it on day 1 THEN nobody is reminded or told of an expiry, and its leftover expiry entry goes at its time', async () => {
    await harness();
    const { id, tokens } = await oldRequest();
    h.clock.advance(86_400_000);
    await h.run(`@alice /contacts accept ${id} ${tokens.alice}`);
    expect((await h.run(`@dave /contacts accept ${id} ${tokens.dave}`)).tone).toBe('success');
    expect(await dueOf(h, id)).toEqual([{ at: EXPIRES_AT, kind: 'contact-request-expiry', ref: id }]);
    const directs = h.notifier.directs.length;
    const r = await runOn(h, days(1, 10), id);
    expect(r).toEqual({ reminders: [], expired: 0 });
    expect(h.notifier.directs.slice(directs).filter((d) => d.text.includes(id))).toEqual([]);
    expect((await read(h, (tx) => tx.contactRequests.get(id)))?.state).toBe('applied');
    expect(await dueOf(h, id)).toEqual([]);
  });
});
