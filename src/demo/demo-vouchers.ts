import type { Voucher } from '../domain/voucher.js';
import type { Tx } from '../ports/store.js';
import type { DemoSeeder } from './demo-data.js';

import { DAY_MS as DAY } from '../domain/time.js';

/** The demo voucher codes of SPEC §5: WELCOME-50 (FR), UK-30 (GB) and EXPIRED-10 (lapsed). */
export function demoVouchers(now: Date): Voucher[] {
  const at = (days: number) => new Date(now.getTime() + days * DAY).toISOString();
  const base = { issuedAt: at(-30), issuedBy: 'demo', activatedOn: null, activatedAt: null, activatedBy: null };
  return [
    { ...base, code: 'WELCOME-50', amountMinor: 5000, currency: 'EUR', subsidiary: 'FR', validityDays: 90, expiresAt: null },
    { ...base, code: 'UK-30', amountMinor: 3000, currency: 'GBP', subsidiary: 'GB', validityDays: 90, expiresAt: null },
    { ...base, code: 'EXPIRED-10', amountMinor: 1000, currency: 'EUR', subsidiary: null, validityDays: 30, expiresAt: at(-1) },
  ];
}

/** Seeds the demo voucher codes. */
export const voucherSeeder: DemoSeeder = async (tx, now) => {
  for (const v of demoVouchers(now)) tx.vouchers.put(v);
};

/** Removes the demo codes still unused (issued by the demo, never activated): outside demo mode they must not exist. Returns them. */
export async function withdrawDemoVouchers(tx: Tx): Promise<string[]> {
  const removed: string[] = [];
  for (const { code } of demoVouchers(new Date(0))) {
    const v = await tx.vouchers.get(code);
    if (v && v.issuedBy === 'demo' && v.activatedOn === null) {
      tx.vouchers.remove(code);
      removed.push(code);
    }
  }
  return removed;
}
