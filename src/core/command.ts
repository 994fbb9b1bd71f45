import type { NoticeText } from '../domain/notice.js';
import type { z } from 'zod';
import type { Account } from '../domain/account.js';
import type { AuditResult } from '../domain/records.js';
import type { Localized, Locale } from './i18n.js';
import type { Invocation } from './identity.js';
import type { Reply, Refusal } from './reply.js';
import type { Tx } from '../ports/store.js';
import type { CloudAccount } from '../ports/provider.js';
import type { AccountConnector } from '../ports/account-connector.js';
import type { CoreConfig } from './config.js';
import type { ImageRenderer } from '../ports/images.js';

/** Kinds of secrets whose wrong guesses are counted per chat user, each on its own budget. */
export type SecretKind = 'token' | 'voucher';

/** Who may run a command at all; finer checks (roles on a service) happen in the command. */
export type Access = 'anyone' | 'linked' | 'operator';

/** A private notice to an account: kept in its service-mail log and sent to its linked chat users. */
export interface Notice extends NoticeText {
  readonly secret?: string;
  /**
   * What the secret's copy for the service mails belongs to (`ref`, forgotten when it settles) and when it expires;
   * without it the copy is kept under the mail's own ref for the contact-request validity. It is sealed at rest.
   * `fresh`: the ref was made in this command (a new request ID), so no copy can exist yet — the store requires
   * that at commit instead of reading it first, and keys the copy by `until` (no index document): whoever forgets
   * the ref gives `until` back (`secrets.forget(ref, until)`). Without it the copy replaces the ref's earlier one.
   */
  readonly keep?: { readonly ref: string; readonly until: string; readonly fresh?: boolean };
}

/** What `notify` found: how many chat users will get the notice privately. */
export interface NoticeOutcome {
  readonly recipients: number;
}

/** A button to offer: clicking it runs `command` as the clicker, who must be linked to the same account. */
export interface ActionOffer {
  readonly label: Localized;
  readonly command: string;
  readonly style?: 'primary' | 'danger';
  readonly confirm?: { readonly title: Localized; readonly text: Localized };
  readonly ttlMinutes?: number;
  /** The command shown to type instead of clicking, when `command` carries a button-only secret. */
  readonly typed?: string;
}

/** What a command sees: the caller, the clock, the unit of work, and helpers that record effects. */
export interface CommandContext {
  readonly invocation: Invocation;
  readonly tx: Tx;
  /** The cloud account the command administers (the ledger, or OVHcloud), bound to this attempt. */
  readonly provider: CloudAccount;
  /** Connects chat users' accounts to the provider's API (`/account connect`); absent when the provider keeps no remote accounts. */
  readonly connector: AccountConnector | undefined;
  readonly now: Date;
  readonly locale: Locale;
  readonly config: CoreConfig;
  /** The canonical chat user, e.g. `slack:T1/U2`. */
  readonly chatUser: string;
  /** The caller's linked account, if any. */
  readonly account: Account | undefined;
  readonly operator: boolean;
  /** Rasterises the SVG of charts; absent when none is wired (a chart is then refused). */
  readonly images?: ImageRenderer;
  /** Text in the caller's language. */
  t(text: Localized): string;
  /** Appends an audit entry, committed with the command; `result` is `refused` for a wrong secret or a refusal of rights. */
  audit(action: string, target: string | null, details?: Record<string, unknown>, result?: AuditResult): void;
  /** Keeps a notice in an account's service-mail log and queues it privately for its linked chat users. */
  notify(accountId: string, notice: Notice): Promise<NoticeOutcome>;
  /** Seconds the caller must wait before typing another secret of this kind (too many wrong ones lately); 0 if allowed. */
  secretAttemptsWait(kind?: SecretKind): Promise<number>;
  /** Counts a wrong secret (a token, across every request; or a voucher code) typed by the caller, in the store (every process sees it). */
  countWrongSecret(kind?: SecretKind): Promise<void>;
  /** The caller's account's copy of a secret kept for its service mails (see `Notice.keep`), if still kept; `until` as its mail recorded it (`secretUntil`). */
  keptSecret(ref: string, until?: string): Promise<string | undefined>;
  /** Stores a button and returns it for the reply. */
  offer(action: ActionOffer): NonNullable<Reply['actions']>[number];
  /**
   * Asks the core to run the scheduled jobs once this command has committed (they post to channels,
   * so never inside a unit of work) and to append their report to the reply; false when none is wired.
   */
  runJobsAfterCommit(): boolean;
}

/** A subcommand: its zod argument schema is the one source for parsing, help and Discord options. */
export interface CommandSpec<S extends z.ZodObject = z.ZodObject> {
  /** Subcommand words, e.g. `buy`, `admin link`; empty for the family's bare form (`/orders`). */
  readonly name: string;
  readonly summary: Localized;
  readonly args: S;
  readonly access: Access;
  /** Only reads: no idempotency record is looked up or kept (a retry simply reads again). */
  readonly readOnly?: boolean;
  /** Typing it again shortly after runs it again (it is harmless to repeat, e.g. running the jobs). */
  readonly rerunnable?: boolean;
  /** The reply may carry secrets (tokens): `--public` is ignored. */
  readonly privateOnly?: boolean;
  /** Examples of the text after the family name. */
  readonly examples?: readonly string[];
  /** Runs the command in a unit of work; a refusal discards every write. */
  run(ctx: CommandContext, args: z.output<S>): Promise<Reply | Refusal>;
}

/** A top-level command (`/credit`) and its subcommands. */
export interface CommandFamily {
  readonly name: string;
  readonly summary: Localized;
  readonly commands: readonly CommandSpec[];
  /** The umbrella family: every other family can also be typed after it (`/guichet credit buy 100`). */
  readonly umbrella?: boolean;
}

/** Declares a subcommand with its types inferred from the schema. */
export function defineCommand<S extends z.ZodObject>(spec: CommandSpec<S>): CommandSpec {
  return spec as unknown as CommandSpec;
}
