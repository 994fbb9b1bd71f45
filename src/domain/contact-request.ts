import { hash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { Instant } from './instant.js';
import { AccountId } from './account.js';
import { UNAMBIGUOUS, normaliseId, randomCode, shortId } from './ids.js';
import { addDays } from './time.js';

/** Contact roles a contact-change request can move. */
export const CHANGEABLE_ROLES = ['admin', 'billing'] as const;
/** A contact role a request can move. */
export type ChangeableRole = (typeof CHANGEABLE_ROLES)[number];

/**
 * States of a request: `pending` until both sides accept; `accepted` when both did but it waits for its paired
 * request (the two only satisfy the subsidiary rule together); then `applied`, or ended as `refused`, `expired`, `locked`,
 * or `cancelled` (its service was deleted).
 */
export const CONTACT_REQUEST_STATES = ['pending', 'accepted', 'refused', 'expired', 'locked', 'applied', 'cancelled'] as const;
/** A state of a contact-change request. */
export type ContactRequestState = (typeof CONTACT_REQUEST_STATES)[number];

/** The two accounts that must confirm: the current contact and the new one. */
export type Side = 'current' | 'new';

/** Wrong tokens after which a request is locked. */
export const MAX_TOKEN_ATTEMPTS = 5;
/** Length of a confirmation token. */
export const TOKEN_LENGTH = 10;
/** Days after which each side still to confirm is reminded. */
export const REMINDER_AFTER_DAYS = 2;

const Acceptance = z.object({ at: Instant, by: z.string() }).nullable();
const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

/** A request to move the admin or billing contact of a service from one account to another. */
export const ContactRequest = z.object({
  /** Guichet's `CR-XXXXXX`, or the provider's task number for a change mirrored from the provider. */
  id: z.string().regex(/^(CR-[A-Z0-9]{6}|\d{1,15})$/),
  serviceId: z.string().min(1),
  role: z.enum(CHANGEABLE_ROLES),
  from: AccountId,
  to: AccountId,
  /** The admin contact's account that asked, and its chat user. */
  requestedBy: AccountId,
  requestedByUser: z.string(),
  state: z.enum(CONTACT_REQUEST_STATES),
  accepted: z.object({ current: Acceptance, new: Acceptance }),
  /** SHA-256 of each side's token (salted with the request ID and side); the tokens themselves are never stored. */
  tokenHash: z.object({ current: Sha256Hex, new: Sha256Hex }),
  failedAttempts: z.number().int().min(0),
  /** The request of the other contact asked together, when the two must be applied together. */
  pairedWith: z.string().nullable().default(null),
  createdAt: Instant,
  expiresAt: Instant,
  settledAt: Instant.nullable().default(null),
  /** Why it ended: `refused-by-current`, `refused-by-new`, `expired`, `locked`, `partner-ended`, `stale`, `service-deleted`. */
  endReason: z.string().nullable().default(null),
});
/** A contact-change request. */
export type ContactRequest = z.infer<typeof ContactRequest>;

/** The ref under which a request's tokens are kept for the service mails (erased when it settles). */
export function requestSecretRef(requestId: string): string {
  return `creq:${requestId}`;
}

/** A new request ID such as `CR-7K2M9Q`. */
export function newContactRequestId(): string {
  return shortId('CR');
}

/** A new confirmation token (CSPRNG, unambiguous alphabet). */
export function newToken(): string {
  return randomCode(TOKEN_LENGTH);
}

/** Normalises a typed request ID (`cr-7k2m9q` → `CR-7K2M9Q`). */
export function normaliseRequestId(typed: string): string {
  return normaliseId(typed);
}

/** True when a typed text has the shape of a request ID: Guichet's `CR-XXXXXX`, or a provider's task number. */
export function looksLikeRequestId(typed: string): boolean {
  return new RegExp(`^(CR-[${UNAMBIGUOUS}]{6}|\\d{1,15})$`).test(normaliseRequestId(typed));
}

/** The salted hash stored for one side's token. */
export function hashToken(requestId: string, side: Side, token: string): string {
  return hash('sha256', `${requestId}:${side}:${token.trim().toUpperCase()}`, 'hex'); // one-shot: no Hash stream built
}

/** Compares a typed token with the stored hash in constant time. */
export function tokenMatches(request: ContactRequest, side: Side, typed: string): boolean {
  const expected = Buffer.from(request.tokenHash[side], 'hex');
  const actual = Buffer.from(hashToken(request.id, side, typed), 'hex');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** Which side an account is on, if it is concerned. */
export function sideOf(request: ContactRequest, accountId: string): Side | undefined {
  if (request.from === accountId) return 'current';
  if (request.to === accountId) return 'new';
  return undefined;
}

/** The account of a side. */
export function accountOf(request: ContactRequest, side: Side): string {
  return side === 'current' ? request.from : request.to;
}

/** True while the request is not settled (pending, or accepted and waiting for its pair). */
export function isOpen(request: ContactRequest): boolean {
  return request.state === 'pending' || request.state === 'accepted';
}

/** True when both sides accepted. */
export function bothAccepted(request: ContactRequest): boolean {
  return request.accepted.current !== null && request.accepted.new !== null;
}

/** True when an open request is past its expiry at `now`. */
export function isPastExpiry(request: ContactRequest, now: Date): boolean {
  return isOpen(request) && new Date(request.expiresAt).getTime() <= now.getTime();
}

/** The accounts told about the request's outcome: both sides and the requester, once each. */
export function concernedAccounts(request: ContactRequest): string[] {
  return [...new Set([request.from, request.to, request.requestedBy])];
}

/**
 * The one date-index entry of an open request (`contact-request-waiting`), due at its first reminder (or at its expiry
 * when that comes first): it moves through the waiting reminders, then to the request's expiry, where it expires the
 * request and its pair (src/jobs/contact-request-expiry.job.ts). Earlier versions also wrote `contact-request-expiry`.
 */
export function dueEntryOf(request: ContactRequest): { at: string; kind: string; ref: string } {
  const remindAt = addDays(request.createdAt, REMINDER_AFTER_DAYS);
  const at = new Date(request.expiresAt) < remindAt ? request.expiresAt : remindAt.toISOString();
  return { at, kind: 'contact-request-waiting', ref: request.id };
}
