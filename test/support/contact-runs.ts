import { expect } from 'vitest';
import type { DueEntry } from '../../src/ports/store.js';
import { read } from './contacts.js';
import { DEMO_NOW, type Harness } from './harness.js';

const DAY = 86_400_000;

/** The due entries about a request (any kind), oldest first. */
export async function dueOf(h: Harness, id: string): Promise<DueEntry[]> {
  return (await read(h, (tx) => tx.due.until(new Date('2100-01-01'), 10_000))).filter((e) => e.ref === id);
}

/**
 * Runs the jobs once on each of `days` (counted from DEMO_NOW, when the requests are asked), returning the waiting
 * reminders posted about `id` by day, and the expiries counted by the runs.
 */
export async function runOn(h: Harness, days: number[], id: string): Promise<{ reminders: string[]; expired: number }> {
  const start = new Date(DEMO_NOW).getTime();
  const reminders: string[] = [];
  let expired = 0;
  for (const d of days) {
    h.clock.set(new Date(start + d * DAY));
    const before = h.notifier.posts.length;
    const report = await h.jobs.runNow(h.clock.now());
    expired += report.counts['contact-request-expired'] ?? 0;
    for (const p of h.notifier.posts.slice(before)) if (new RegExp(`${id} (is waiting for you|vous attend)`).test(p.text)) reminders.push(`${d} ${p.channel}`);
  }
  return { reminders, expired };
}

/** Days `from` to `to`, one run each. */
export const days = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/**
 * Says the request was expired exactly once, at `at`: its state, one audit record, one private notice to each side
 * (alice asked, dave is the new contact), no due entry left.
 */
export async function expectExpiredOnce(h: Harness, id: string, at: string): Promise<void> {
  expect(await read(h, (tx) => tx.contactRequests.get(id))).toMatchObject({ state: 'expired', endReason: 'expired', settledAt: at });
  const audit = await read(h, (tx) => tx.audit.latest(200));
  expect(audit.filter((a) => a.action === 'contacts.expired' && a.target === id)).toHaveLength(1);
  const told = h.notifier.directs.filter((d) => d.text.includes(id) && /expired before|a expiré avant/.test(d.text));
  expect(told.map((d) => d.to).sort()).toEqual(['console:local/alice', 'console:local/dave']);
  expect(await dueOf(h, id)).toEqual([]);
}
