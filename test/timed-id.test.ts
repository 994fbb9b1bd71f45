import { describe, expect, it } from 'vitest';
import { UNAMBIGUOUS } from '../src/domain/ids.js';
import { CROCKFORD, encodeTime, RANDOM_WIDTH, TIME_WIDTH, timedId, timeOfTimedId } from '../src/domain/timed-id.js';

const DISCORD_CUSTOM_ID_MAX = 100;
const SLACK_ACTION_ID_MAX = 255;

describe('timed IDs (button IDs that carry their expiry)', () => {
  it('GIVEN the base32 digits WHEN compared as strings THEN they are in ASCII order, so fixed-width encodings sort as numbers', () => {
    expect([...CROCKFORD].sort().join('')).toBe(CROCKFORD);
    expect(new Set(CROCKFORD).size).toBe(32);
  });

  it('GIVEN times in random order WHEN their IDs are sorted as strings THEN they come out in time order, and each gives its time back', () => {
    const times = [0, 1, 31, 32, 1023, 1024, Date.parse('2026-11-23T09:00:00.000Z'), Date.parse('2026-11-23T09:00:00.001Z'), Date.parse('2999-12-31T23:59:59.999Z'), 2 ** 50 - 1];
    const shuffled = [...times].sort(() => Math.random() - 0.5).map((t) => ({ t, id: timedId(new Date(t)) }));
    const sorted = [...shuffled].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((x) => x.t);
    expect(sorted).toEqual(times);
    for (const { t, id } of shuffled) expect(timeOfTimedId(id)?.getTime()).toBe(t);
    for (let i = 1; i < times.length; i++) expect(encodeTime(new Date(times[i - 1]!)) < encodeTime(new Date(times[i]!))).toBe(true);
  });

  it('GIVEN a time before 1970 or past what 10 digits hold WHEN encoded THEN it is refused, not wrapped around', () => {
    expect(() => encodeTime(new Date(-1))).toThrow(RangeError);
    expect(() => encodeTime(new Date(2 ** 50))).toThrow(RangeError);
    expect(() => encodeTime(new Date(Number.NaN))).toThrow(RangeError);
  });

  it('GIVEN IDs made at one instant WHEN compared THEN they are 30 base32 characters (within Discord and Slack limits) with at least the 97 random bits of a former ID, and all differ', () => {
    const at = new Date('2026-11-23T09:30:00.000Z');
    const ids = Array.from({ length: 4000 }, () => timedId(at));
    const shape = new RegExp(`^[${CROCKFORD}]{30}$`);
    for (const id of ids) expect(id).toMatch(shape);
    expect(TIME_WIDTH + RANDOM_WIDTH).toBeLessThanOrEqual(Math.min(DISCORD_CUSTOM_ID_MAX, SLACK_ACTION_ID_MAX));
    expect(RANDOM_WIDTH * Math.log2(CROCKFORD.length)).toBeGreaterThanOrEqual(20 * Math.log2(UNAMBIGUOUS.length));
    expect(new Set(ids).size).toBe(ids.length);
    // The random part is spread over the 32 digits at every position (a fixed or low-entropy position would show).
    const tails = ids.map((id) => id.slice(TIME_WIDTH));
    for (let p = 0; p < RANDOM_WIDTH; p++) {
      const counts = new Map<string, number>();
      for (const t of tails) counts.set(t[p]!, (counts.get(t[p]!) ?? 0) + 1);
      expect(counts.size).toBe(32);
      expect(Math.max(...counts.values())).toBeLessThan(4000 / 32 * 1.6);
    }
  });

  it('GIVEN an ID of an earlier version (20 letters) or anything else WHEN read THEN it carries no time', () => {
    expect(timeOfTimedId('ABCDEFGHJKMNPQRSTWXY')).toBeUndefined();
    expect(timeOfTimedId('NOPE')).toBeUndefined();
    expect(timeOfTimedId(`${timedId(new Date())}X`)).toBeUndefined();
    expect(timeOfTimedId(timedId(new Date()).toLowerCase())).toBeUndefined();
    expect(timeOfTimedId('I'.repeat(30))).toBeUndefined();
  });
});
