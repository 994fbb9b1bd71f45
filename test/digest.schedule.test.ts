import { describe, expect, it } from 'vitest';
import { ConfigError, coreConfigOf, loadEnv } from '../src/config.js';
import { digestSlotAtOrBefore, isoWeekOf, nextDigestSlot, parseDigestSchedule } from '../src/domain/digest.js';

describe('GUICHET_DIGEST: when the weekly digest is posted', () => {
  it('GIVEN no GUICHET_DIGEST WHEN the configuration loads THEN the digest goes out on Mondays at 09:00', () => {
    expect(coreConfigOf(loadEnv({})).digest).toEqual({ weekday: 1, hour: 9, minute: 0 });
    expect(coreConfigOf(loadEnv({ GUICHET_DIGEST: 'Fri 17:45' })).digest).toEqual({ weekday: 5, hour: 17, minute: 45 });
  });

  it.each(['monday 09:00', 'mon 9', 'mon 24:00', 'mon 09:60', 'xyz 09:00', '09:00', 'mon  09:00 extra'])('GIVEN GUICHET_DIGEST=%j WHEN the configuration loads THEN start-up stops naming the variable and the expected form', (value) => {
    expect(() => loadEnv({ GUICHET_DIGEST: value })).toThrow(ConfigError);
    expect(() => loadEnv({ GUICHET_DIGEST: value })).toThrow(/GUICHET_DIGEST: must be a day \(mon, tue, wed, thu, fri, sat or sun\) and a time HH:MM in GUICHET_TZ/);
  });

  it('GIVEN wed 18:30 in New York WHEN slots are computed around a Wednesday evening THEN they fall at 18:30 New York time, a week apart, across the DST change', () => {
    const s = parseDigestSchedule('wed 18:30')!;
    const tz = 'America/New_York';
    // 2026-10-28 is a Wednesday (EDT, UTC-4); 2026-11-04 too (EST, UTC-5, after 1 November).
    expect(digestSlotAtOrBefore(new Date('2026-10-28T22:30:00Z'), s, tz).toISOString()).toBe('2026-10-28T22:30:00.000Z');
    expect(digestSlotAtOrBefore(new Date('2026-10-28T22:29:59Z'), s, tz).toISOString()).toBe('2026-10-21T22:30:00.000Z');
    expect(nextDigestSlot(new Date('2026-10-28T22:30:00Z'), s, tz).toISOString()).toBe('2026-11-04T23:30:00.000Z');
    // Thursday 00:10 UTC is still Wednesday evening in New York.
    expect(digestSlotAtOrBefore(new Date('2026-11-05T00:10:00Z'), s, tz).toISOString()).toBe('2026-11-04T23:30:00.000Z');
  });

  it('GIVEN instants around the new year WHEN their ISO week is read in the time zone THEN the week belongs to the year of its Thursday', () => {
    expect(isoWeekOf(new Date('2026-12-31T12:00:00Z'), 'Europe/Paris')).toBe('2026-W53');
    expect(isoWeekOf(new Date('2027-01-04T12:00:00Z'), 'Europe/Paris')).toBe('2027-W01');
    expect(isoWeekOf(new Date('2026-11-29T23:30:00Z'), 'Europe/Paris')).toBe('2026-W49');
    expect(isoWeekOf(new Date('2026-11-29T23:30:00Z'), 'UTC')).toBe('2026-W48');
  });
});
