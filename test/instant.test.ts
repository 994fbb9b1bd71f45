import { describe, expect, it } from 'vitest';
import { Instant, isInstant } from '../src/domain/instant.js';
import { Service } from '../src/domain/service.js';

describe('dates in the domain schemas', () => {
  it('GIVEN texts that are not instants WHEN read as one THEN each is refused', () => {
    for (const bad of ['not-a-date', '2026-02-31T00:00:00Z', '2026-11-23', '2026-11-23T09:00:00', '23/11/2026 09:00', '2026-13-01T00:00:00Z', ''])
      expect(Instant.safeParse(bad).success, bad).toBe(false);
  });

  it('GIVEN instants written with a zone WHEN read THEN they are kept in the one UTC form the store compares as text', () => {
    expect(Instant.parse('2026-11-23T09:00:00.000Z')).toBe('2026-11-23T09:00:00.000Z');
    expect(Instant.parse('2026-11-23T10:00:00+01:00')).toBe('2026-11-23T09:00:00.000Z');
    expect(Instant.parse('2026-11-23T09:00Z')).toBe('2026-11-23T09:00:00.000Z');
  });

  it('GIVEN a service whose expiry is not a date WHEN validated by the domain schema THEN it is refused at the field', () => {
    const service = { id: 'ks', kind: 'vps', owner: 'a-ovh', contacts: { admin: 'a-ovh', billing: 'a-ovh', tech: 'a-ovh' }, state: 'active', createdAt: '2026-01-01T00:00:00Z', renewal: { expiresAt: 'not-a-date', periodMonths: 1, mode: 'manual' } };
    const r = Service.safeParse(service);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['renewal', 'expiresAt']);
  });
});

describe('the canonical fast path of isInstant', () => {
  /** What isInstant answered for canonical texts before its fast path: Date.parse, then the day read back. */
  const reference = (text: string) => {
    const t = Date.parse(text);
    return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === text.slice(0, 10);
  };
  const pad = (n: number, w: number) => String(n).padStart(w, '0');

  it('GIVEN canonical texts with every month and day up to 31, leap and common years, hours up to 24, minutes and seconds up to 60 WHEN checked THEN the fast path answers as Date.parse does', () => {
    const texts: string[] = [];
    for (const year of [1900, 1999, 2000, 2024, 2026, 2100, 2400])
      for (let month = 0; month <= 13; month++)
        for (let day = 0; day <= 32; day++) texts.push(`${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T09:30:15.250Z`);
    for (const time of ['00:00:00', '23:59:59', '24:00:00', '23:60:00', '23:59:60', '99:00:00']) texts.push(`2026-03-31T${time}.000Z`);
    const wrong = texts.filter((t) => isInstant(t) !== reference(t));
    expect(wrong).toEqual([]);
    expect(texts.filter(isInstant).length).toBeGreaterThan(2000);
  });
});
