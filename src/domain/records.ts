import { z } from 'zod';
import { Instant } from './instant.js';

/** An operator's link between a chat user and an account. */
export const ChatLink = z.object({
  chatUser: z.string(),
  account: z.string(),
  linkedBy: z.string(),
  linkedAt: Instant,
  /** When the chat user first opened the app's Home (Slack), so job runs refresh it from any process. */
  homeOpenedAt: Instant.optional(),
});
/** An operator's link between a chat user and an account. */
export type ChatLink = z.infer<typeof ChatLink>;

/** How an audited attempt ended: applied, or refused (wrong secret, missing rights). Jobs record their own outcomes. */
export type AuditResult = 'ok' | 'refused';

/** One entry of the append-only audit log. */
export const AuditEntry = z.object({
  id: z.string(),
  at: Instant,
  actor: z.string(),
  account: z.string().nullable(),
  channel: z.string().nullable(),
  action: z.string(),
  target: z.string().nullable(),
  result: z.string(),
  details: z.record(z.string(), z.unknown()).default({}),
});
/** One entry of the append-only audit log. */
export type AuditEntry = z.infer<typeof AuditEntry>;

/**
 * A notice kept in an account's service-mail log. A token it carries is not in it: `secretRef` names the kept secret
 * that fills `{secret}` while it lasts, and `secretUntil` its expiry when the copy is keyed by it (absent: the copy is
 * found by ref and account, as all those of earlier versions). (`secret`, the clear token of earlier versions, is never shown nor exported.)
 */
export const ServiceMail = z.object({
  id: z.string(),
  at: Instant,
  account: z.string(),
  subject: z.string(),
  body: z.string(),
  secretRef: z.string().optional(),
  secretUntil: Instant.optional(),
  secret: z.string().optional(),
});
/** A notice kept in an account's service-mail log. */
export type ServiceMail = z.infer<typeof ServiceMail>;

/**
 * A secret copied for an account's service mails (a confirmation token), sealed by the secret box: kept until
 * `expiresAt`, or until what it is for settles (its `ref` is forgotten), whichever comes first. Never exported.
 */
export const KeptSecret = z.object({
  /** What it belongs to, e.g. `creq:CR-7K2M9Q` or `confirm:delete:vps-demo-1`. */
  ref: z.string().regex(/^[^|]+$/),
  account: z.string(),
  sealed: z.string(),
  expiresAt: z.string(),
});
/** A secret copied for an account's service mails. */
export type KeptSecret = z.infer<typeof KeptSecret>;

/** A button offered to a user: running `command` as the clicker, who must be linked to `account`. */
export const PendingAction = z.object({
  id: z.string(),
  account: z.string(),
  command: z.string(),
  /** What to type instead of clicking (never holds the button's own secret). */
  typed: z.string().optional(),
  text: z.string(),
  expiresAt: Instant,
  usedAt: Instant.nullable().default(null),
});
/** A button offered to a user. */
export type PendingAction = z.infer<typeof PendingAction>;

/** The recorded outcome of an invocation, replayed when the same invocation comes again. */
export const InvocationRecord = z.object({
  id: z.string(),
  at: Instant,
  reply: z.unknown(),
});
/** The recorded outcome of an invocation. */
export type InvocationRecord = z.infer<typeof InvocationRecord>;

/**
 * A process's presence in the store: a running Guichet (`bot`) renews its lease while it serves; an import holds
 * one (`import`) from before its first write until its last. Expired leases are of processes gone without a goodbye.
 */
export const PresenceLease = z.object({
  id: z.string().min(1),
  role: z.enum(['bot', 'import']),
  pid: z.number().int(),
  host: z.string(),
  /** What the process serves (`console`, `slack`, `discord`) or imports (the file). */
  detail: z.string().default(''),
  startedAt: Instant,
  renewedAt: Instant,
  expiresAt: Instant,
});
/** A process's presence in the store. */
export type PresenceLease = z.infer<typeof PresenceLease>;
