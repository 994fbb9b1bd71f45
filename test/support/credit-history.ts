import { expect } from 'vitest';
import { makeHarness, type Harness } from './harness.js';

/** When the year of activity starts and where the chart is read (pc-demo, demo data). */
export const HISTORY_START = '2025-12-10T09:00:00Z';
/** The instant the chart of the walked year is read. */
export const HISTORY_END = '2026-11-20T09:00:00Z';

/** Consumption charged on the 15th of each month from January 2026, in whole euros (0: none that month). */
export const MONTHLY_CHARGES = [20, 35, 80, 10, 0, 40, 25, 0, 15, 30, 5];

/**
 * A harness on the demo data where alice's pc-demo lived a year: 300 € of credit bought and paid in December 2025,
 * WELCOME-50 activated in February 2026 (90 days: what is left expires in May), and an operator charging
 * `MONTHLY_CHARGES` on the 15th of each month; the clock ends at `HISTORY_END`.
 */
export async function harnessWithCreditYear(charges: readonly number[] = MONTHLY_CHARGES): Promise<Harness> {
  const h = await makeHarness({ now: HISTORY_START });
  const bought = await h.text('/credit buy 300 pc-demo');
  const order = /ORD-[A-Z0-9]+/.exec(bought)?.[0];
  expect(order, bought).toBeDefined();
  expect(await h.text(`/orders pay ${order}`)).toContain('delivered');
  for (let i = 0; i < charges.length; i++) {
    const month = String(i + 1).padStart(2, '0');
    if (i === 1) {
      h.clock.set(`2026-02-05T09:00:00Z`);
      expect(await h.text('/voucher activate WELCOME-50 pc-demo')).toContain('activated');
    }
    h.clock.set(`2026-${month}-15T09:00:00Z`);
    if (charges[i]! > 0) expect(await h.text(`@root /guichet admin charge pc-demo ${charges[i]}`)).toContain('pc-demo');
  }
  h.clock.set(HISTORY_END);
  return h;
}
