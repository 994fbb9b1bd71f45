import { afterEach, describe, expect, it } from 'vitest';
import { coreConfigOf, loadEnv, startInstant } from '../src/config.js';
import { makeHarness, type Harness } from './support/harness.js';

let h: Harness | undefined;
afterEach(async () => h?.close());

describe('reminder configuration', () => {
  it('GIVEN GUICHET_REMINDER_DAYS WHEN it is read THEN the thresholds change, and a wrong value names the variable', () => {
    expect(coreConfigOf(loadEnv({})).reminderDays).toMatchObject({ renewal: [30, 14, 7, 3, 1], termination: [7, 1] });
    expect(coreConfigOf(loadEnv({ GUICHET_REMINDER_DAYS: 'renewal=10,2; termination=3' })).reminderDays).toMatchObject({ renewal: [10, 2], termination: [3], credit: [30, 7] });
    expect(() => loadEnv({ GUICHET_REMINDER_DAYS: 'renewals=10' })).toThrow(/GUICHET_REMINDER_DAYS: "renewals=10" is not SET=DAYS/);
    expect(() => loadEnv({ GUICHET_REMINDER_DAYS: 'renewal=ten' })).toThrow(/GUICHET_REMINDER_DAYS/);
    expect(() => loadEnv({ GUICHET_REMINDER_CRON: 'often' })).toThrow(/GUICHET_REMINDER_CRON/);
    expect(loadEnv({}).GUICHET_REMINDER_CRON).toBe('*/15 * * * *');
  });

  it('GIVEN renewal reminders set to 5 and 2 days WHEN vps-demo-1 walks to expiry THEN exactly those two are posted', async () => {
    h = await makeHarness({ config: { reminderDays: { renewal: [5, 2], termination: [7, 1] } } });
    await h.run('@alice /reminders subscribe renewal');
    for (let i = 0; i < 40; i++) {
      await h.jobs.runNow(h.clock.now());
      h.clock.advance(6 * 3_600_000);
    }
    const posts = h.notifier.posts.filter((p) => p.text.includes('vps-demo-1'));
    expect(posts.map((p) => /in (\d+) day/.exec(p.text)?.[1])).toEqual(['5', '2']);
  });
});

describe('help examples', () => {
  it('GIVEN the examples of /renew and /reminders WHEN each is parsed THEN it names its own subcommand and parses', async () => {
    const { parseText } = await import('../src/core/parser.js');
    const { renewFamily } = await import('../src/commands/renew.command.js');
    const { remindersFamily } = await import('../src/commands/reminders.command.js');
    for (const family of [renewFamily, remindersFamily]) {
      for (const spec of family.commands) {
        for (const example of spec.examples ?? []) {
          const parsed = parseText(family, example);
          expect(parsed.ok, example).toBe(true);
          if (parsed.ok) expect(parsed.spec.name, example).toBe(spec.name);
        }
      }
    }
  });
});

describe('GUICHET_NOW as an offset from now (issue 15, item 18)', () => {
  it('GIVEN +5d, +12h or -30m WHEN read THEN the clock starts that far from the real time; anything else is refused naming the variable', () => {
    const real = new Date('2027-03-01T10:00:00.000Z');
    expect(startInstant(loadEnv({ GUICHET_NOW: '+5d' }).GUICHET_NOW, real)?.toISOString()).toBe('2027-03-06T10:00:00.000Z');
    expect(startInstant(loadEnv({ GUICHET_NOW: '+12h' }).GUICHET_NOW, real)?.toISOString()).toBe('2027-03-01T22:00:00.000Z');
    expect(startInstant(loadEnv({ GUICHET_NOW: '-30m' }).GUICHET_NOW, real)?.toISOString()).toBe('2027-03-01T09:30:00.000Z');
    expect(startInstant(loadEnv({ GUICHET_NOW: '2026-12-01T09:00:00Z' }).GUICHET_NOW, real)?.toISOString()).toBe('2026-12-01T09:00:00.000Z');
    expect(startInstant(loadEnv({}).GUICHET_NOW, real)).toBeUndefined();
    expect(() => loadEnv({ GUICHET_NOW: 'tomorrow' })).toThrow(/GUICHET_NOW: .*offset from now such as \+5d/);
  });
});
