import type { RunCoordinator } from 'node-cron';
import type { Leases } from '../../src/jobs/leases.js';
import type { Clock } from '../../src/ports/clock.js';
import type { Logger } from '../../src/ports/logger.js';

/** Settings of the store-backed run coordinator. */
export interface StoreRunCoordinatorOptions {
  /** Leases in the store, as this process. */
  readonly leases: Leases;
  /** Real time (leases lapse in real time). */
  readonly clock: Clock;
  readonly logger: Logger;
  /** How often the holder of a slot extends its lease while it runs (default: a third of the lease). */
  readonly heartbeatMs?: number;
  /** How often a process that was not elected looks at the slot, to take it over if it was released or lapsed (default 5 s). */
  readonly watchMs?: number;
  /** Runs the jobs for a slot taken over from another process; resolves true when the run finished (not halted). */
  readonly onTakeOver: (key: string) => Promise<boolean>;
}

/** The lease name of a node-cron slot key (`TASK:ISO-TIME`): `slot:ISO-TIME:TASK`, so old slots sort first and are purged by time. */
export function slotLease(key: string): string {
  const cut = key.indexOf(':');
  return `slot:${key.slice(cut + 1)}:${key.slice(0, cut)}`;
}

/**
 * node-cron 4's `RunCoordinator` on leases kept in the store: one lease per schedule slot (`slot:TIME:TASK`),
 * taken by exactly one process, extended while its run lasts, and kept as `done` afterwards so the slot never
 * runs twice. A process that was not elected watches the slot: if the holder releases it (SIGTERM halts a run
 * between two entries) or dies (its lease lapses), it takes the slot over and finishes what was not done.
 */
export class StoreRunCoordinator implements RunCoordinator {
  readonly #held = new Map<string, { incomplete: boolean; heartbeat: NodeJS.Timeout; settled?: Promise<void> }>();
  #watch: NodeJS.Timeout | undefined;
  #stopped = false;

  /** Wires the coordinator. */
  constructor(private readonly options: StoreRunCoordinatorOptions) {}

  /** Elects this process for a slot when it takes the slot's lease; otherwise watches the slot. */
  async shouldRun(key: string, ttlMs: number): Promise<boolean> {
    if (this.#stopped) return false;
    const name = slotLease(key);
    const won = await this.options.leases.acquire(name, this.options.clock.now(), ttlMs);
    this.#unwatch();
    if (won) this.#hold(key, ttlMs);
    else this.#watchSlot(key, ttlMs);
    return won;
  }

  /** After the run: the slot's lease is kept as `done`, or `released` when the run was halted before the end. */
  onComplete(key: string): Promise<void> {
    const current = this.#held.get(key);
    if (!current) return Promise.resolve();
    current.settled ??= (async () => {
      clearInterval(current.heartbeat);
      const state = current.incomplete ? 'released' : 'done';
      try {
        await this.options.leases.settle(slotLease(key), this.options.clock.now(), state);
      } finally {
        this.#held.delete(key);
      }
      this.options.logger.info({ slot: key, state }, state === 'done' ? 'job slot done' : 'job slot handed over');
    })();
    return current.settled;
  }

  /** Marks the run of a slot (default: every slot held) as halted before its end, so its lease is released, not kept as done. */
  markIncomplete(key?: string): void {
    for (const [k, held] of this.#held) if (key === undefined || k === key) held.incomplete = true;
  }

  /** Stops watching and settles the slot this process holds (shutdown); the store must still be open. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#unwatch();
    await Promise.all([...this.#held.keys()].map((k) => this.onComplete(k)));
  }

  /** Forgets every timer without touching the store (a test's stand-in for a process that died). */
  abandon(): void {
    this.#stopped = true;
    this.#unwatch();
    for (const held of this.#held.values()) clearInterval(held.heartbeat);
  }

  #hold(key: string, ttlMs: number): void {
    const every = this.options.heartbeatMs ?? Math.max(1_000, Math.floor(ttlMs / 3));
    const heartbeat = setInterval(() => {
      void this.options.leases.renew(slotLease(key), this.options.clock.now(), ttlMs).then(
        (ok) => { if (!ok) this.options.logger.warn({ slot: key }, 'job slot lease lost while running (another process took it over)'); },
        (error: unknown) => this.options.logger.warn({ slot: key, err: error instanceof Error ? error.message : String(error) }, 'job slot lease not extended'),
      );
    }, every);
    heartbeat.unref();
    this.#held.set(key, { incomplete: false, heartbeat });
  }

  #watchSlot(key: string, ttlMs: number): void {
    const name = slotLease(key);
    let busy = false;
    const look = async () => {
      if (busy || this.#stopped) return;
      busy = true;
      try {
        const lease = await this.options.leases.read(name);
        if (!lease || lease.state === 'done') return this.#unwatch();
        const now = this.options.clock.now();
        if (lease.state === 'held' && new Date(lease.until) > now) return;
        if (!(await this.options.leases.acquire(name, now, ttlMs))) return;
        this.#unwatch();
        this.options.logger.info({ slot: key, from: lease.holder, why: lease.state === 'released' ? 'released' : 'lapsed' }, 'taking over a job slot');
        this.#hold(key, ttlMs);
        let complete = false;
        try {
          complete = await this.options.onTakeOver(key);
        } finally {
          if (!complete) this.markIncomplete(key);
          await this.onComplete(key);
        }
      } catch (error) {
        this.options.logger.warn({ slot: key, err: error instanceof Error ? error.message : String(error) }, 'job slot watch failed');
      } finally {
        busy = false;
      }
    };
    this.#watch = setInterval(() => void look(), this.options.watchMs ?? 5_000);
    this.#watch.unref();
  }

  #unwatch(): void {
    clearInterval(this.#watch);
    this.#watch = undefined;
  }
}
