import { afterEach, describe, expect, it } from 'vitest';
import { addCalendarMonthsIn, calendarDaysBetween, relativeDays } from '../src/domain/time.js';
import { makeHarness, type Harness } from './support/harness.js';

let h: Harness;
afterEach(async () => h?.close());

const HOUR = 3_600_000;

describe('one day count: calendar days in GUICHET_TZ', () => {
  it('GIVEN instants around midnight in Paris WHEN days are counted THEN calendar days of the zone are counted, not 24-hour blocks', () => {
    const tz = 'Europe/Paris';
    // 00:30 on 24 Nov in Paris → 23:30 on 3 Dec in Paris: 9 calendar days (9 d 23 h apart).
    expect(calendarDaysBetween(new Date('2026-11-23T23:30:00Z'), new Date('2026-12-03T22:30:00Z'), tz)).toBe(9);
    // 23:30 on 23 Nov → 00:30 on 24 Nov in Paris: tomorrow, although one hour apart.
    expect(calendarDaysBetween(new Date('2026-11-23T22:30:00Z'), new Date('2026-11-23T23:30:00Z'), tz)).toBe(1);
    // The same pair in UTC is the same day.
    expect(calendarDaysBetween(new Date('2026-11-23T22:30:00Z'), new Date('2026-11-23T23:30:00Z'), 'UTC')).toBe(0);
    expect(calendarDaysBetween(new Date('2026-12-05T09:00:00Z'), new Date('2026-12-03T09:00:00Z'), tz)).toBe(-2);
    expect(relativeDays(-2)).toEqual({ en: '2 day(s) ago', fr: 'il y a 2 jour(s)' });
    expect(relativeDays(0).en).toBe('today');
  });

  it('GIVEN vps-demo-1 expiring in 10 days at 09:00 WHEN alice asks an hour later THEN /account audit and /renew status both say 10 days', async () => {
    h = await makeHarness();
    h.clock.advance(HOUR);
    expect(await h.text('@alice /account audit')).toContain('vps-demo-1 (manual renewal) expires in 10 day(s)');
    expect(await h.text('@alice /renew status vps-demo-1')).toContain('(in 10 day(s))');
    expect(await h.text('@alice /renew status')).toMatch(/vps-demo-1.*in 10 day\(s\)/);
  });

  it('GIVEN credit bought at 00:30 on 31 January in Paris WHEN 13 calendar months are added in Paris time THEN it lapses on 28 February of the next year, Paris time', () => {
    const bought = new Date('2026-01-30T23:30:00Z');
    expect(addCalendarMonthsIn(bought, 13, 'Europe/Paris').toISOString()).toBe('2027-02-27T23:30:00.000Z');
    // Summer time: 00:30 on 1 April (UTC+2) → 00:30 on 1 May (UTC+2).
    expect(addCalendarMonthsIn(new Date('2026-03-31T22:30:00Z'), 1, 'Europe/Paris').toISOString()).toBe('2026-04-30T22:30:00.000Z');
    // Across the change to winter time: 12:00 on 15 October (UTC+2) → 12:00 on 15 November (UTC+1).
    expect(addCalendarMonthsIn(new Date('2026-10-15T10:00:00Z'), 1, 'Europe/Paris').toISOString()).toBe('2026-11-15T11:00:00.000Z');
  });

  it('GIVEN alice pays a credit order at 00:30 on 31 January, Paris time WHEN the credit is added THEN it lapses at 00:30 on 28 February of the next year, Paris time', async () => {
    h = await makeHarness({ now: '2026-01-30T23:30:00.000Z' });
    const order = /ORD-[A-Z0-9]+/.exec(await h.text('@alice /credit buy 10 pc-demo'))![0];
    expect(await h.text(`@alice /orders pay ${order}`)).toContain('usable until 28 Feb 2027');
    const wallet = await h.uow.run(async (tx) => ({ commit: false, result: await tx.wallets.get('pc-demo') }));
    expect(wallet!.entries.find((e) => e.orderId === order)!.expiresAt).toBe('2027-02-27T23:30:00.000Z');
  });
});
