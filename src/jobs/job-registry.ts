import type { CoreConfig } from '../core/config.js';
import type { Locale, Localized } from '../core/i18n.js';
import type { Reply } from '../core/reply.js';
import type { AccountOverviewSource } from '../core/views.js';
import type { ReminderType } from '../domain/reminders.js';
import { moveEntry } from '../flows/schedule.js';
import type { DueEntry, Tx, UnitOfWork } from '../ports/store.js';
import type { Logger } from '../ports/logger.js';
import type { JobDirect } from './job-effects.js';
import type { DigestChartDeps } from './digest-charts.js';

/** What a job handler sees besides its unit of work. */
export interface JobContext {
  readonly now: Date;
  readonly config: CoreConfig;
  /** Accounts' overviews (the core's), for the weekly digest; absent when the process wired none. Opens its own unit of work. */
  readonly overviews?: AccountOverviewSource;
  /** What the weekly digest's credit charts need; absent: no chart. */
  readonly charts?: DigestChartDeps;
}

/** What a lifecycle handler did with one due entry: an outcome to count, and a line for the report. */
export interface LifecycleResult {
  /** e.g. `renewed`, `expired`, `deleted`, `stale`. */
  readonly outcome: string;
  readonly line?: Localized;
  /** Private messages to send once the unit of work committed (see `jobNotify`). */
  readonly directs?: readonly JobDirect[];
  /** The accounts whose state changed (their Slack App Home is refreshed). */
  readonly accounts?: readonly string[];
}

/**
 * A lifecycle handler: applies what falls due, inside one unit of work (never posts). It must remove
 * or move its entry (the runner also removes it afterwards, as a safety net).
 */
export type LifecycleHandler = (tx: Tx, entry: DueEntry, ctx: JobContext) => Promise<LifecycleResult>;

/** A reminder's text, in every language. */
export interface ReminderMessage {
  readonly subject: Localized;
  readonly body: Localized;
}

/** What a reminder entry calls for now. */
export type ReminderPlan =
  /** Nothing to send any more (state changed): the entry is removed. */
  | { readonly kind: 'drop' }
  /** Not yet: the entry moves to `at`. */
  | { readonly kind: 'wait'; readonly at: string }
  /**
   * Send the reminder `id` (unique per occurrence and threshold: sent once per target) to the
   * channels subscribed for `accounts`; then the entry moves to `next`, or is removed.
   */
  | {
      readonly kind: 'send';
      readonly id: string;
      readonly accounts: readonly string[];
      readonly message: ReminderMessage;
      readonly next?: string;
      /** For the run report, e.g. `vps-demo-1 (14 days)`. */
      readonly label: string;
      /**
       * The channel post in a language, built after the claim is taken and outside any unit of work (the weekly
       * digest reads the account's overview); undefined skips this occurrence: nothing is posted or marked, and the
       * entry moves to `next`. Without it the post is the message's text.
       */
      readonly view?: (locale: Locale) => Promise<Reply | undefined>;
      /** False: not kept in the accounts' service mails (the digest repeats what they already hold). */
      readonly mail?: false;
    };

/** One reminder that would be sent, for `/reminders preview`. */
export interface PreviewItem {
  readonly at: string;
  readonly type: ReminderType;
  readonly what: Localized;
}

/** A source of reminders: reads its due entries and says what to post; optionally previews what is coming. */
export interface ReminderSource {
  /** The subscription type its reminders belong to. */
  readonly type: ReminderType;
  /**
   * The owner whose schedule holds an entry (e.g. `svc:ID`), so moves keep it in step. Add entries with
   * `reschedule`/`addEntry` (src/flows/schedule.ts); an entry missing from a non-empty record is stale and dropped.
   */
  ownerOf(entry: DueEntry): string;
  /** Decides what the entry calls for now; must read the state it depends on (read in a unit of work). */
  compose(tx: Tx, entry: DueEntry, ctx: JobContext): Promise<ReminderPlan>;
  /** Reminders of this source that an account's channels would get between `from` and `to`. */
  preview?(tx: Tx, account: string, from: Date, to: Date, ctx: JobContext): Promise<PreviewItem[]>;
  /**
   * Applies what the entry's subject calls for once its reminders are over (an order left unpaid is cancelled), so one
   * entry serves both: run in the lifecycle phase, before any reminder, in its own unit of work. Undefined when nothing
   * is due yet (nothing is committed); otherwise it must have moved or removed the entry.
   */
  settle?(tx: Tx, entry: DueEntry, ctx: JobContext): Promise<LifecycleResult | undefined>;
}

/** What a sync handler sees: the store (it opens its own units of work) and the run's logger. */
export interface SyncContext extends JobContext {
  readonly store: UnitOfWork;
  readonly logger: Logger;
}

/** What a sync handler did with one due entry: an outcome to count, more counts, and a line for the report. */
export interface SyncResult {
  readonly outcome: string;
  readonly counts?: Readonly<Record<string, number>>;
  readonly line?: Localized;
  /** The accounts whose state changed. */
  readonly accounts?: readonly string[];
}

/**
 * A handler of due entries that reads outside the store (a provider's API), so it runs outside any unit of
 * work, before the lifecycle phase (reminders of the same run see what it wrote). It must move or remove its
 * entry itself; an entry it leaves due, or whose handling throws, is handled again next run.
 */
export interface SyncHandler {
  /** At most this many entries of the kind are handled per run; the others wait for the next run. */
  readonly perRun: number;
  /** Once per run, before due entries are read: brings the handler's entries in step (e.g. one per connected account). */
  prepare?(ctx: SyncContext): Promise<void>;
  /** Handles one due entry. */
  run(entry: DueEntry, ctx: SyncContext): Promise<SyncResult>;
}

/** A registered handler of a kind of due entry. */
export type JobHandler =
  | { readonly phase: 'sync'; readonly handler: SyncHandler }
  | { readonly phase: 'lifecycle'; readonly apply: LifecycleHandler }
  | { readonly phase: 'reminder'; readonly source: ReminderSource };

/** Handlers of due entries by kind; each family registers each of its kinds with one call. */
export class JobRegistry {
  readonly #handlers = new Map<string, JobHandler>();
  /** Registers a lifecycle handler for a kind of due entry (e.g. `credit-expiry`). */
  lifecycle(kind: string, apply: LifecycleHandler): this {
    return this.#add(kind, { phase: 'lifecycle', apply });
  }
  /** Registers a reminder source for a kind of due entry (e.g. `reminder:credit`). */
  reminder(kind: string, source: ReminderSource): this {
    return this.#add(kind, { phase: 'reminder', source });
  }
  /** Registers a sync handler for a kind of due entry (e.g. `account-sync`). */
  sync(kind: string, handler: SyncHandler): this {
    return this.#add(kind, { phase: 'sync', handler });
  }
  /** The handler of a kind, if any. */
  get(kind: string): JobHandler | undefined {
    return this.#handlers.get(kind);
  }
  /** Every reminder source, for previews. */
  get reminderSources(): ReminderSource[] {
    return [...this.#handlers.values()].flatMap((h) => (h.phase === 'reminder' ? [h.source] : []));
  }
  /** Every sync handler, once per run. */
  get syncHandlers(): SyncHandler[] {
    return [...this.#handlers.values()].flatMap((h) => (h.phase === 'sync' ? [h.handler] : []));
  }
  #add(kind: string, handler: JobHandler): this {
    if (this.#handlers.has(kind)) throw new Error(`job kind ${kind} registered twice`);
    this.#handlers.set(kind, handler);
    return this;
  }
}

/** Renders a reminder for a channel in a language. */
export function reminderText(message: ReminderMessage, locale: Locale): { title: string; body: string } {
  return { title: message.subject[locale], body: message.body[locale] };
}

/**
 * A reminder source whose one entry also ends its subject (`ReminderSource.settle`): `due` finds the subject once its
 * end has come (undefined before: nothing is committed), then the entry is removed and `end` applies it.
 */
export function settling<T>(
  source: ReminderSource,
  due: (tx: Tx, entry: DueEntry, ctx: JobContext) => Promise<T | undefined>,
  end: (tx: Tx, subject: T, ctx: JobContext) => Promise<LifecycleResult>,
): ReminderSource {
  return {
    ...source,
    async settle(tx, entry, ctx) {
      const subject = await due(tx, entry, ctx);
      if (subject === undefined) return undefined;
      await moveEntry(tx, source.ownerOf(entry), entry, undefined);
      return end(tx, subject, ctx);
    },
  };
}
