import { pick, type Locale } from '../../src/core/i18n.js';
import { parseChatUser } from '../../src/core/identity.js';
import { isRefusal, reply, text } from '../../src/core/reply.js';
import { settleConnection, type ConnectProgress } from '../../src/flows/connection-flow.js';
import { CONNECT_TEXTS, connectedText, notConnectedText } from '../../src/domain/connection-texts.js';
import type { AccountConnector } from '../../src/ports/account-connector.js';
import type { Clock } from '../../src/ports/clock.js';
import type { Logger } from '../../src/ports/logger.js';
import type { Notifier } from '../../src/ports/notifier.js';
import type { UnitOfWork } from '../../src/ports/store.js';

/** Runs a function later; returns how to cancel it. Injected in tests, which then call `tick` themselves. */
export interface PollScheduler {
  schedule(run: () => void, ms: number): () => void;
}

/** Real timers that never keep the process alive on their own. */
export const timerScheduler: PollScheduler = {
  schedule(run, ms) {
    const timer = setTimeout(run, ms);
    timer.unref();
    return () => clearTimeout(timer);
  },
};

/** What the poller needs. */
export interface ConnectPollerDeps {
  readonly store: UnitOfWork;
  readonly connector: AccountConnector;
  readonly notifier: Notifier;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Language of messages to chat users whose account is not known yet. */
  readonly locale: Locale;
  /** Between two looks at the pending connections (default 3 s). */
  readonly intervalMs?: number;
  readonly scheduler?: PollScheduler;
}

/** Ticks the poller keeps going after a wake-up with nothing pending (the command may not have committed yet). */
const GRACE_TICKS = 3;

/**
 * Completes pending connections in the background: every few seconds while some are pending, each is looked
 * at (`GET /auth/currentCredential`); validated ones are linked, refused or expired ones dropped, and the chat
 * user is told privately. Bounded: a pending connection lasts {@link CONNECT_WAIT_MS}, after which it is
 * dropped as expired, and the poller sleeps once none is left. Several processes may poll: each settles a
 * connection in a unit of work, so only one links it and tells the user.
 */
export class ConnectPoller {
  #cancel: (() => void) | undefined;
  #grace = 0;
  #stopped = false;
  #running: Promise<void> | undefined;

  /** Wires the store, the connector and the notifier. */
  constructor(private readonly deps: ConnectPollerDeps) {}

  /** A chat user now waits for a validation: polling starts if it was asleep. */
  watch(_chatUser: string): void {
    this.#grace = GRACE_TICKS;
    this.#arm();
  }

  /** Picks up connections left pending by an earlier run of the process. */
  start(): void {
    this.#grace = 1;
    this.#arm();
  }

  /** Stops polling and waits for a look in progress. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#cancel?.();
    this.#cancel = undefined;
    await this.#running;
  }

  /** Looks at every pending connection once; returns how many are still pending. */
  async tick(): Promise<number> {
    let left = 0;
    let after: string | undefined;
    for (;;) {
      const page = await this.deps.store.run(async (tx) => ({ commit: false, result: await tx.connections.listPending(after, 50) }));
      for (const p of page.items) if (await this.#settle(p.chatUser)) left += 1;
      if (!page.next) return left;
      after = page.next;
    }
  }

  #arm(): void {
    if (this.#cancel || this.#stopped || this.#running) return;
    this.#cancel = (this.deps.scheduler ?? timerScheduler).schedule(() => {
      this.#cancel = undefined;
      this.#running = this.#loop().finally(() => (this.#running = undefined));
    }, this.deps.intervalMs ?? 3_000);
  }

  async #loop(): Promise<void> {
    const left = await this.tick().catch((error: unknown) => {
      this.deps.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'connection poll failed');
      return 1;
    });
    this.#running = undefined;
    if (left > 0 || this.#grace-- > 0) this.#arm();
  }

  /** Settles one chat user's pending connection; true while it is still pending. */
  async #settle(chatUser: string): Promise<boolean> {
    const { store, connector, clock, logger } = this.deps;
    try {
      const progress = await store.run(async (tx) => {
        const pending = await tx.connections.pending(chatUser);
        if (!pending) return { commit: false, result: undefined };
        const scope = { tx, connector, now: clock.now(), chatUser, effectKey: `poll:${chatUser}:${pending.createdAt}` };
        const outcome = await settleConnection(scope, pending);
        return { commit: !isRefusal(outcome), result: outcome };
      });
      if (progress === undefined) return false;
      if (isRefusal(progress)) {
        logger.warn({ user: chatUser, code: progress.code }, 'pending connection not checked; will try again');
        return true;
      }
      if (progress.kind === 'pending') return true;
      await this.#tell(chatUser, progress);
      return false;
    } catch (error) {
      logger.error({ user: chatUser, err: error instanceof Error ? error.message : String(error) }, 'pending connection check failed');
      return true;
    }
  }

  async #tell(chatUser: string, progress: Exclude<ConnectProgress, { kind: 'pending' }>): Promise<void> {
    const to = parseChatUser(chatUser);
    if (!to) return;
    const locale = progress.kind === 'connected' ? progress.account.locale : this.deps.locale;
    const message = progress.kind === 'connected'
      ? reply([text(pick(connectedText(progress.account.id, progress.endpoint, progress.replacedKeyKept), locale))], { tone: 'success', title: pick(CONNECT_TEXTS.title, locale) })
      : reply([text(pick(notConnectedText(progress.kind), locale))], { tone: 'warning', title: pick(CONNECT_TEXTS.title, locale) });
    const delivery = await this.deps.notifier.direct(to, message);
    this.deps.logger.info({ user: chatUser, outcome: progress.kind, delivered: delivery.ok }, 'pending connection settled');
  }
}
