import { describe, expect, it } from 'vitest';
import { expectDeliveredOnce, line } from './support/walk.js';
import { walkEvents } from './support/walk-events.js';

const DAYS = 400;

describe('400 simulated days of credit, voucher, order and contact-change reminders', () => {
  it('GIVEN credits bought (paid, paid late, never paid), vouchers and contact-change requests WHEN the jobs run every 6 hours for 400 days THEN each reminder is posted exactly once, at the first run after its threshold', async () => {
    const r = await walkEvents({ engine: 'memory', days: DAYS });
    expect(r.counts.orders).toBeGreaterThan(20);
    expect(r.counts.vouchers).toBeGreaterThan(10);
    expect(r.counts.requests).toBeGreaterThan(5);
    expect(r.counts['wallet-expired']).toBeGreaterThan(5);
    expect(r.counts['contact-request-expired']).toBeGreaterThan(0);
    expect(r.counts['order-cancelled']).toBeGreaterThan(5);
    for (const kind of ['Cloud credit expiring', 'Voucher expiring', 'Order awaiting payment', 'Order to be cancelled', 'Contact change', 'Le changement de contact']) {
      expect(r.expected.some((p) => p.title.startsWith(kind)), kind).toBe(true);
    }
    expect(r.posts.map(line).sort()).toEqual(r.expected.map(line).sort());
  }, 240_000);

  it('GIVEN the same walk on SQLite WHEN the process stops at day 200 and a new core opens the same file THEN nothing is repeated or lost', async () => {
    const r = await walkEvents({ engine: 'sqlite', days: DAYS, restartAtDay: 200 });
    expect(r.posts.map(line).sort()).toEqual(r.expected.map(line).sort());
  }, 400_000);

  it('GIVEN a notifier that fails one channel post in three WHEN the walk runs THEN every reminder is still delivered once, at most a few runs late', async () => {
    const r = await walkEvents({ engine: 'memory', days: DAYS, failEvery: 3 });
    expect(r.failures).toBeGreaterThan(20);
    expectDeliveredOnce(r.posts, r.expected, 3);
  }, 240_000);
});
