import { describe, expect, it } from 'vitest';
import { Instant } from '../src/domain/instant.js';
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
