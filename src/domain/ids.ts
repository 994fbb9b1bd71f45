import { randomInt } from 'node:crypto';

/** Letters and digits that cannot be confused when read or typed (no 0/O, 1/I/L, U/V). */
export const UNAMBIGUOUS = 'ABCDEFGHJKMNPQRSTWXYZ23456789';

/** A random code from a CSPRNG over the unambiguous alphabet. */
export function randomCode(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += UNAMBIGUOUS[randomInt(UNAMBIGUOUS.length)];
  return out;
}

/** A short readable ID such as `ORD-7K2M9Q`. */
export function shortId(prefix: string, length = 6): string {
  return `${prefix}-${randomCode(length)}`;
}

/** Normalises a typed ID for lookup: trimmed, upper-case (IDs are case-insensitive). */
export function normaliseId(typed: string): string {
  return typed.trim().toUpperCase();
}
