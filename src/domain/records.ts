import { z } from 'zod';

/** An operator's link between a chat user and an account. */
export const ChatLink = z.object({
  chatUser: z.string(),
  account: z.string(),
  linkedBy: z.string(),
  linkedAt: z.string(),
});
/** An operator's link between a chat user and an account. */
export type ChatLink = z.infer<typeof ChatLink>;

/** How an audited attempt ended: applied, or refused (wrong secret, missing rights). Jobs record their own outcomes. */
export type AuditResult = 'ok' | 'refused';

/** One entry of the append-only audit log. */
export const AuditEntry = z.object({
  id: z.string(),
  at: z.string(),
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

/** A notice kept in an account's service-mail log; `secret` is the token it carries, never exported. */
export const ServiceMail = z.object({
  id: z.string(),
  at: z.string(),
  account: z.string(),
  subject: z.string(),
  body: z.string(),
  secret: z.string().optional(),
});
/** A notice kept in an account's service-mail log. */
export type ServiceMail = z.infer<typeof ServiceMail>;

/** A button offered to a user: running `command` as the clicker, who must be linked to `account`. */
export const PendingAction = z.object({
  id: z.string(),
  account: z.string(),
  command: z.string(),
  /** What to type instead of clicking (never holds the button's own secret). */
  typed: z.string().optional(),
  text: z.string(),
  expiresAt: z.string(),
  usedAt: z.string().nullable().default(null),
});
/** A button offered to a user. */
export type PendingAction = z.infer<typeof PendingAction>;

/** The recorded outcome of an invocation, replayed when the same invocation comes again. */
export const InvocationRecord = z.object({
  id: z.string(),
  at: z.string(),
  reply: z.unknown(),
});
/** The recorded outcome of an invocation. */
export type InvocationRecord = z.infer<typeof InvocationRecord>;
