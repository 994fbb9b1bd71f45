import { z } from 'zod';
import { Instant } from './instant.js';
import { addDays } from './time.js';

/** A new schema of a voucher code as typed: letters, digits and dashes, compared upper-case (one per argument). */
export function voucherCodeSchema() {
  return z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9-]{1,39}$/, 'letters, digits and dashes, e.g. WELCOME-50')
    .transform((s) => s.toUpperCase());
}

/** A voucher code issued by an operator; activated at most once ever, on one project. */
export const Voucher = z.object({
  code: z.string(),
  amountMinor: z.number().int().positive(),
  currency: z.string().regex(/^[A-Z]{3}$/),
  /** Only projects whose owner belongs to this subsidiary may activate it; null for any. */
  subsidiary: z.string().regex(/^[A-Z]{2}$/).nullable(),
  /** Days the balance is usable after activation. */
  validityDays: z.number().int().positive(),
  /** Last instant the code may be activated; null when it never lapses. */
  expiresAt: Instant.nullable(),
  issuedAt: Instant,
  issuedBy: z.string(),
  activatedOn: z.string().nullable().default(null),
  activatedAt: Instant.nullable().default(null),
  activatedBy: z.string().nullable().default(null),
});
/** A voucher code. */
export type Voucher = z.infer<typeof Voucher>;

/** When an activated voucher's balance is lost. */
export function voucherExpiry(voucher: Voucher, activatedAt: Date): Date {
  return addDays(activatedAt, voucher.validityDays);
}
