import { z } from 'zod';
import { Instant } from './instant.js';
import { fail, type DomainError } from './errors.js';
import type { AmountResult } from './amount.js';
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

/** Why a code cannot be activated, or `available`; the first three get one answer, so codes cannot be probed. */
export type VoucherAvailability = 'unknown' | 'used' | 'expired' | 'available';

/** Whether a code (looked up, possibly absent) can still be activated at `now`. */
export function voucherAvailability(voucher: Voucher | undefined, now: Date): VoucherAvailability {
  if (!voucher) return 'unknown';
  if (voucher.activatedOn) return 'used';
  if (voucher.expiresAt && new Date(voucher.expiresAt) <= now) return 'expired';
  return 'available';
}

/** The code of the one answer for a code that is unknown, expired or used (by another account). */
export const VOUCHER_NOT_AVAILABLE = 'VOUCHER.NOT_AVAILABLE';

/** The one answer for a code that is unknown, expired or used (by another account). */
export function voucherNotAvailable(code: string): DomainError {
  return fail(VOUCHER_NOT_AVAILABLE, {
    en: `Voucher ${code} cannot be activated: it is unknown, expired or already used. Check the code as written on the voucher (letters, digits and dashes; case does not matter).`,
    fr: `Le voucher ${code} ne peut pas être activé : il est inconnu, expiré ou déjà utilisé. Vérifiez le code tel qu’il est écrit sur le voucher (lettres, chiffres et tirets ; la casse ne compte pas).`,
  });
}

/** When an activated voucher's balance is lost. */
export function voucherExpiry(voucher: Voucher, activatedAt: Date): Date {
  return addDays(activatedAt, voucher.validityDays);
}

/** Longest validity of a voucher after activation, in days. */
export const MAX_VOUCHER_DAYS = 3650;

/**
 * Checks the terms an operator gives a new voucher: a validity of 1 to 3650 days after activation, and a subsidiary
 * Guichet knows (one of `known`, the subsidiaries of the tax table). Each refusal says what to type instead.
 */
export function checkVoucherTerms(terms: { days: number; subsidiary: string | undefined }, known: readonly string[]): DomainError | undefined {
  if (terms.days < 1 || terms.days > MAX_VOUCHER_DAYS) {
    return fail('VOUCHER.VALIDITY', {
      en: `days=${terms.days}: a voucher must stay usable 1 to ${MAX_VOUCHER_DAYS} days after its activation. Type e.g. days=90.`,
      fr: `days=${terms.days} : un voucher doit rester utilisable de 1 à ${MAX_VOUCHER_DAYS} jours après son activation. Tapez par ex. days=90.`,
    });
  }
  if (terms.subsidiary !== undefined && !known.includes(terms.subsidiary)) {
    const list = [...known].sort().join(', ');
    return fail('VOUCHER.UNKNOWN_SUBSIDIARY', {
      en: `subsidiary=${terms.subsidiary} is not a subsidiary Guichet knows. Type one of ${list}, or leave it out for a voucher usable everywhere.`,
      fr: `subsidiary=${terms.subsidiary} n’est pas une filiale connue de Guichet. Tapez l’une de ${list}, ou omettez-la pour un voucher utilisable partout.`,
    });
  }
  return undefined;
}

/** A parsed voucher amount, or its refusal: over the limit, the message speaks of vouchers (not of orders). */
export function voucherAmount(parsed: AmountResult, maxText: string, currency: string): number | DomainError {
  if (parsed.ok) return parsed.minor;
  if (parsed.code === 'AMOUNT.TOO_LARGE') {
    return fail('VOUCHER.AMOUNT_TOO_LARGE', {
      en: `A voucher is worth at most ${maxText} ${currency}. Type an amount of ${maxText} or less.`,
      fr: `Un voucher vaut au plus ${maxText} ${currency}. Tapez un montant de ${maxText} ou moins.`,
    });
  }
  return fail(parsed.code, parsed.message);
}
