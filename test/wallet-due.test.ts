import { afterEach, describe, expect, it } from 'vitest';
import { dueOfEntry } from '../src/flows/wallet-book.js';
import { read } from './support/contacts.js';
import { makeHarness, type Harness } from './support/harness.js';

let h: Harness;
afterEach(async () => h?.close());

const DAY = 86_400_000;
const orderIdOf = (text: string) => /ORD-[A-Z0-9]+/.exec(text)?.[0] ?? '';
const dueOf = (ref: string) => read(h, async (tx) => (await tx.due.until(new Date('2031-01-01'), 10_000)).filter((d) => d.ref === ref));

/** Runs the jobs once a day for `days` days. */
async function daily(days: number): Promise<void> {
  const start = h.clock.now().getTime();
  for (let d = 1; d <= days; d++) {
    h.clock.set(new Date(start + d * DAY));
    await h.jobs.runNow(h.clock.now());
  }
}

/** The service mails and audit entries that tell of the expiry of `ref` (PROJECT:ENTRY). */
async function expiryNotices(ref: string, entryId: string) {
  const audit = (await read(h, (tx) => tx.audit.latest(500))).filter((a) => a.action.endsWith('.expired') && a.target === ref);
  const mails = (await read(h, (tx) => tx.mails.latest('alice-ovh', 500))).filter((m) => JSON.stringify(m).includes(entryId) && /expired|expiré/.test(JSON.stringify(m)));
  return { audit: audit.length, mails: mails.length };
}

describe('the one due entry of a credit or a voucher', () => {
  it('GIVEN WELCOME-50 WHEN it is activated THEN its entry in the date index is one reminder entry, no separate expiry entry', async () => {
    h = await makeHarness();
    await h.run('@alice /voucher activate WELCOME-50 pc-demo');
    const due = await dueOf('pc-demo:V-WELCOME-50');
    expect(due.map((d) => d.kind)).toEqual(['reminder:voucher']);
  });

  it('GIVEN 100 EUR of credit paid WHEN 13 months pass with daily job runs THEN the one entry reminds, then expires the credit once (one mail, one audit entry) and goes', async () => {
    h = await makeHarness();
    const id = orderIdOf(await h.text('@alice /credit buy 100 pc-demo'));
    await h.run(`@alice /orders pay ${id}`);
    const ref = `pc-demo:CR-${id}`;
    expect((await dueOf(ref)).map((d) => d.kind)).toEqual(['reminder:credit']);
    const expiresAt = (await read(h, (tx) => tx.wallets.get('pc-demo')))!.entries.find((e) => e.id === `CR-${id}`)!.expiresAt;
    await daily(Math.round((Date.parse(expiresAt) - h.clock.now().getTime()) / DAY) - 10);
    // After the 30-day reminder the entry waits for the next threshold, then for the expiry.
    expect(await dueOf(ref)).toEqual([expect.objectContaining({ kind: 'reminder:credit', at: new Date(Date.parse(expiresAt) - 7 * DAY).toISOString() })]);
    await daily(12);
    expect((await read(h, (tx) => tx.wallets.get('pc-demo')))!.entries.some((e) => e.id === `CR-${id}`)).toBe(false);
    expect((await read(h, (tx) => tx.wallets.get('pc-demo')))!.totals.expiredMinor).toBe(10_000);
    expect(await expiryNotices(ref, `CR-${id}`)).toEqual({ audit: 1, mails: 1 });
    expect(await dueOf(ref)).toEqual([]);
  }, 60_000);

  it('GIVEN a credit written by an earlier version (an expiry entry beside its reminder entry) WHEN the jobs run past its expiry THEN it expires once and both entries go', async () => {
    h = await makeHarness();
    const id = orderIdOf(await h.text('@alice /credit buy 100 pc-demo'));
    await h.run(`@alice /orders pay ${id}`);
    const ref = `pc-demo:CR-${id}`;
    await h.uow.run(async (tx) => {
      const entry = (await tx.wallets.get('pc-demo'))!.entries.find((e) => e.id === `CR-${id}`)!;
      tx.due.add(dueOfEntry('pc-demo', entry));
      return { commit: true, result: undefined };
    });
    expect((await dueOf(ref)).map((d) => d.kind).sort()).toEqual(['credit-expiry', 'reminder:credit']);
    h.clock.advance(400 * DAY);
    await h.jobs.runNow(h.clock.now());
    await daily(2);
    expect(await expiryNotices(ref, `CR-${id}`)).toEqual({ audit: 1, mails: 1 });
    expect(await dueOf(ref)).toEqual([]);
  }, 60_000);
});
