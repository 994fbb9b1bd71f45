import type { Locale } from './i18n.js';

/** Chat platforms Guichet talks to. */
export type Platform = 'console' | 'slack' | 'discord';

/** A chat user: a platform, a workspace (Slack team, Discord guild, `local` for the console) and a user ID. */
export interface ChatUser {
  readonly platform: Platform;
  readonly workspace: string;
  readonly user: string;
}

/** Canonical string of a chat user, e.g. `slack:T123/U456`, used as a key. */
export function chatUserKey(u: ChatUser): string {
  return `${u.platform}:${u.workspace}/${u.user}`;
}

/** Parses `platform:workspace/user` (or `console:NAME`, `discord:USER`) into a chat user pattern. */
export function parseChatUser(text: string): ChatUser | undefined {
  const m = /^(console|slack|discord):(?:([^/\s]+)\/)?([^/\s]+)$/.exec(text.trim());
  if (!m) return undefined;
  const platform = m[1] as Platform;
  const workspace = m[2] ?? (platform === 'console' ? 'local' : '*');
  if (platform === 'slack' && workspace === '*') return undefined;
  return { platform, workspace, user: m[3]! };
}

/**
 * Parses one exact chat user (what a link or an import may name): `console:NAME`, `slack:TEAM/USER` or
 * `discord:GUILD/USER`, in the canonical form `chatUserKey` writes. A pattern (a workspace left out, a `*`)
 * is not one user, so it is refused.
 */
export function parseExactChatUser(text: string): ChatUser | undefined {
  const u = parseChatUser(text);
  if (!u || u.workspace === '*' || u.user === '*' || text.includes('*')) return undefined;
  if (u.platform !== 'console' && !text.trim().includes('/')) return undefined;
  return u;
}

/** True when a chat user matches a pattern whose workspace may be `*` (any). */
export function matchesChatUser(pattern: ChatUser, u: ChatUser): boolean {
  return (
    pattern.platform === u.platform &&
    pattern.user === u.user &&
    (pattern.workspace === '*' || pattern.workspace === u.workspace)
  );
}

/** What the user typed or clicked, as the core receives it from an adapter. */
export interface Invocation {
  /** Platform-unique ID of this invocation; the same ID applied twice changes state once. */
  readonly id: string;
  readonly user: ChatUser;
  /** Channel address the command was typed in, e.g. `slack:T123/C456`. */
  readonly channel?: string;
  /** Top-level command without slash, e.g. `credit`. */
  readonly command: string;
  /** Either the text after the command, or typed options (Discord). */
  readonly input:
    | { readonly kind: 'text'; readonly text: string }
    | { readonly kind: 'options'; readonly subcommand: string; readonly values: Readonly<Record<string, unknown>> };
  /** The platform's locale for this user, when it gives one. */
  readonly locale?: Locale;
  /**
   * Who typed what, where (e.g. `T1/U1/C1/credit buy 100`): the same key again within a short window is
   * taken as the user re-running after a timeout, and applied once (unless the command is rerunnable).
   */
  readonly repeatKey?: string;
  /**
   * The latest instant the same ID can come again, when it is known and more than a few minutes away (a button:
   * its expiry). Its record is then filed under that day, so a click days later is still answered "Already done".
   */
  readonly retriesUntil?: string;
}
