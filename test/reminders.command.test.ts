import { afterEach, describe, expect, it } from 'vitest';
import { consoleUser, makeHarness, type Harness } from './support/harness.js';
import { aService, saveService } from './support/renewal.js';

let h: Harness;
afterEach(async () => h?.close());

const DAY = 86_400_000;

function inChannel(user: string, text: string, channel: string | undefined) {
  const [command, ...rest] = text.split(' ');
  return h.core.handle({ id: `${user}-${text}-${channel}-${Math.random()}`, user: consoleUser(user), command: command!, input: { kind: 'text', text: rest.join(' ') }, ...(channel ? { channel } : {}) });
}

describe('/reminders', () => {
  it('GIVEN alice in a Slack channel WHEN she subscribes, adds, removes and lists types THEN the channel’s subscription follows', async () => {
    h = await makeHarness();
    const ch = 'slack:T1/C2';
    expect((await inChannel('alice', 'reminders subscribe renewal', ch)).tone).toBe('success');
    expect((await inChannel('alice', 'reminders subscribe renewal', ch)).sections[0]).toMatchObject({ text: expect.stringContaining('already gets renewal') });
    await inChannel('alice', 'reminders subscribe terminations, credit', ch);
    const list = await h.text('@alice /reminders list');
    expect(list).toContain('slack:T1/C2');
    expect(list).toContain('renewal, termination, credit');
    await inChannel('alice', 'reminders unsubscribe renewal', ch);
    expect(await h.text('@alice /reminders list')).toContain('termination, credit');
    await inChannel('alice', 'reminders unsubscribe', ch);
    expect(await h.text('@alice /reminders list')).toContain('No channel gets');
  });

  it('GIVEN bad input WHEN subscribing THEN an unknown type, a missing channel and an unlinked user are refused with what to type', async () => {
    h = await makeHarness();
    const bad = await inChannel('alice', 'reminders subscribe renewal birthdays', 'console:local/general');
    expect(bad.code).toBe('REMINDERS.UNKNOWN_TYPE');
    expect(JSON.stringify(bad)).toContain('renewal, termination, credit, voucher, order, contact');
    expect((await inChannel('alice', 'reminders subscribe', undefined)).code).toBe('REMINDERS.NO_CHANNEL');
    expect((await inChannel('mallory', 'reminders subscribe', 'console:local/general')).code).toBe('ACCESS.NOT_LINKED');
    expect(await h.text('@alice /reminders list')).toContain('No channel gets');
  });

  it('GIVEN the demo WHEN alice and bob preview THEN the next 30 days of reminders show, with whether this channel gets them', async () => {
    h = await makeHarness();
    await h.run('@alice /reminders subscribe termination');
    const alice = await h.text('@alice /reminders preview');
    expect(alice).toMatch(/vps-demo-1 must be renewed \(14 day\(s\) before expiry\)\s+no/);
    expect(alice).toMatch(/vps-demo-1 must be renewed \(1 day\(s\) before expiry\)/);
    expect(alice).toMatch(/hosting-demo is deleted at expiry \(7 day\(s\) before\)\s+yes/);
    expect(alice).not.toContain('example-demo.fr');
    expect(await h.text('@bob /reminders preview')).toContain('ks-demo: automatic renewal will fail (no usable payment method)');
    await h.jobs.runNow(h.clock.now());
    expect(await h.text('@alice /reminders preview')).not.toContain('14 day(s)');
  });

  it('GIVEN jobs down for 38 days WHEN they run again 1.5 days before a manual expiry THEN only the most urgent reminder is posted, then the last one on time', async () => {
    h = await makeHarness();
    await saveService(h, aService('late-vps', { expiresAt: new Date(h.clock.now().getTime() + 40 * DAY).toISOString() }));
    await h.run('@alice /reminders subscribe renewal');
    h.clock.advance(38.5 * DAY);
    await h.jobs.runNow(h.clock.now());
    const late = h.notifier.posts.filter((p) => p.text.includes('late-vps'));
    expect(late).toHaveLength(1);
    expect(late[0]!.text).toContain('in 2 day(s)');
    await h.jobs.runNow(h.clock.now());
    h.clock.advance(0.5 * DAY);
    await h.jobs.runNow(h.clock.now());
    const all = h.notifier.posts.filter((p) => p.text.includes('late-vps'));
    expect(all).toHaveLength(2);
    expect(all[1]!.text).toContain('in 1 day(s)');
  });
});
