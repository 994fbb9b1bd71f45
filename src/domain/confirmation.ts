import { hash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { Instant } from './instant.js';

/** A pending confirmation of a dangerous action: secrets are kept only as hashes. */
export const Confirmation = z.object({
  /** `purpose:ref`, e.g. `delete:vps-demo-1`. */
  id: z.string(),
  account: z.string(),
  requestedBy: z.string(),
  /** Hashes of the accepted secrets: the token sent privately, and the button's nonce. */
  hashes: z.array(z.string()).min(1),
  expiresAt: Instant,
});
/** A pending confirmation of a dangerous action. */
export type Confirmation = z.infer<typeof Confirmation>;

/** The ref under which a deletion token is kept for the service mails (erased when used or expired). */
export function deletionSecretRef(serviceId: string): string {
  return `confirm:delete:${serviceId}`;
}

/** SHA-256 of a secret, normalised to upper case (tokens are typed case-insensitively). */
export function hashSecret(secret: string): string {
  return hash('sha256', secret.trim().toUpperCase(), 'hex');
}

/** True when the typed secret matches one of the hashes, compared in constant time. */
export function secretMatches(typed: string, hashes: readonly string[]): boolean {
  const candidate = Buffer.from(hashSecret(typed), 'hex');
  let ok = false;
  for (const h of hashes) {
    const expected = Buffer.from(h, 'hex');
    if (expected.length === candidate.length && timingSafeEqual(expected, candidate)) ok = true;
  }
  return ok;
}
