import type { CloudAccount } from '../ports/provider.js';
import type { CommandContext } from './command.js';
import type { Locale } from './i18n.js';
import type { Reply } from './reply.js';
import { reply, text } from './reply.js';

/** An account overview as the core hands it out: the reply, and whether anything in it needs anyone. */
export interface OverviewView {
  readonly reply: Reply;
  /** True when any section has something (a digest is skipped otherwise). */
  readonly needsAnyone: boolean;
}

/** Who looks at an overview. */
export interface OverviewViewer {
  /** True for a chat user (buttons that stand for their tokens may be offered); false for jobs. */
  readonly viewer: boolean;
  /** How long its buttons stay valid (minutes). */
  readonly buttonTtlMinutes?: number;
}

/**
 * Views the core shows outside a typed command (the Slack Home tab, the weekly digest), supplied by the command
 * layer with its registry, so the core names no command. `overview` gets a context whose `account` may be undefined
 * (an unlinked chat user: it says how to get linked).
 */
export interface CoreViews {
  /** The overview of `ctx.account`; may throw a `RefusalError` (the core answers it). */
  overview(ctx: CommandContext, who: OverviewViewer): Promise<OverviewView>;
}

/**
 * The overview of an account by its ID, for jobs (no chat user: no token buttons); undefined when the account is
 * unknown. `Guichet.overviewOfAccount` is one; the process wiring hands it to the jobs that post overviews.
 */
export type AccountOverviewSource = (accountId: string, locale?: Locale) => Promise<OverviewView | undefined>;

/**
 * Reads an account through the provider for a job (as the overview does: no chat user), in a unit of work that
 * commits nothing; undefined when the account is unknown. `Guichet.readAccount` is one; the weekly digest reads its
 * projects' credit histories with it.
 */
export type AccountReader = <T>(accountId: string, read: (cloud: CloudAccount, now: Date) => Promise<T>) => Promise<T | undefined>;

/** Views that name no command, for a registry built without the command layer (tests of the core). */
export const NEUTRAL_VIEWS: CoreViews = {
  overview: async () => ({ reply: reply([text('—')]), needsAnyone: false }),
};
