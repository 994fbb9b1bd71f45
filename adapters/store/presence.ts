import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { PresenceLease } from '../../src/domain/records.js';
import type { Clock } from '../../src/ports/clock.js';
import type { Logger } from '../../src/ports/logger.js';
import type { UnitOfWork } from '../../src/ports/store.js';

/** How long a lease stays fresh without renewal: a process killed without stopping lets go after this. */
export const LEASE_TTL_MS = 60_000;
/** How often a running process renews its lease (three renewals per lifetime, so one missed renewal is harmless). */
export const LEASE_RENEW_MS = 20_000;

/** The store is held by another process (a running Guichet, an import); the message names it. */
export class StoreBusyError extends Error {
  /** Names the lease that stands in the way. */
  constructor(message: string, readonly lease: PresenceLease) {
    super(message);
    this.name = 'StoreBusyError';
  }
}

/** What a process claims the store for. */
export interface PresenceOptions {
  readonly role: PresenceLease['role'];
  /** What it serves (`console`, `slack, discord`) or imports (a file name). */
  readonly detail: string;
  /**
   * Wall-clock time of the leases. Not the domain clock: `GUICHET_NOW` fixes that one per process, while leases
   * are compared across processes, so they follow real time (tests inject a manual clock).
   */
  readonly clock: Clock;
  readonly ttlMs?: number;
  readonly pid?: number;
  readonly host?: string;
}

const fresh = (l: PresenceLease, now: Date) => new Date(l.expiresAt).getTime() > now.getTime();

/** One line naming a lease: who, where, since when, until when. */
export function describeLease(l: PresenceLease, now: Date): string {
  const what = l.role === 'bot' ? `a running Guichet${l.detail ? ` (${l.detail})` : ''}` : `an import${l.detail ? ` of ${l.detail}` : ''}`;
  const age = Math.max(0, Math.round((now.getTime() - new Date(l.renewedAt).getTime()) / 1000));
  return `${what}: process ${l.pid} on ${l.host}, started ${l.startedAt}, last seen ${age} s ago, lease until ${l.expiresAt} (presence lease ${l.role}:${l.id})`;
}

/** Why `mine` may not go on beside `other`, or undefined when they can share the store. */
function conflict(mine: PresenceLease, other: PresenceLease, now: Date): string | undefined {
  if (other.id === mine.id) return undefined;
  if (mine.role === 'bot') {
    if (other.role !== 'import') return undefined;
    return fresh(other, now)
      ? `The store is being imported into by ${describeLease(other, now)}. Start Guichet once the import has finished.`
      : `An import into this store did not finish (${describeLease(other, now)}): the store may hold part of it. Run the import again with --replace, then start Guichet.`;
  }
  if (!fresh(other, now)) return undefined;
  return other.role === 'bot'
    ? `The store is in use by ${describeLease(other, now)}. Stop it (Ctrl-C or SIGTERM) and import again; a process killed without stopping lets go when its lease ends.`
    : `Another import is writing this store: ${describeLease(other, now)}. Wait for it to finish.`;
}

/**
 * A lease this process holds in the store, through the unit of work (so on every engine). Claimed in two steps —
 * write our lease, then look again — so two processes that claim at once cannot both miss each other: at worst
 * both step back.
 */
export class Presence {
  #timer: NodeJS.Timeout | undefined;
  #released = false;
  #renewing: Promise<void> | undefined;

  private constructor(
    private readonly uow: UnitOfWork,
    private readonly options: PresenceOptions,
    /** The lease as last written. */
    public lease: PresenceLease,
  ) {}

  /** Whether a role could claim the store now, without claiming it: the lease in the way and why, if any. */
  static async blocking(uow: UnitOfWork, role: PresenceLease['role'], clock: Clock): Promise<{ message: string; lease: PresenceLease } | undefined> {
    const now = clock.now();
    const probe = { id: '', role, pid: 0, host: '', detail: '', startedAt: '', renewedAt: '', expiresAt: '' };
    const others = await uow.run(async (tx) => ({ commit: false, result: await tx.presence.list() }));
    const lease = others.find((o) => conflict(probe, o, now));
    return lease ? { message: conflict(probe, lease, now)!, lease } : undefined;
  }

  /** Claims the store for a role; throws a StoreBusyError naming the lease in the way, writing nothing then. */
  static async claim(uow: UnitOfWork, options: PresenceOptions): Promise<Presence> {
    const now = options.clock.now();
    const ttl = options.ttlMs ?? LEASE_TTL_MS;
    const lease: PresenceLease = {
      id: randomUUID(),
      role: options.role,
      pid: options.pid ?? process.pid,
      host: options.host ?? hostname(),
      detail: options.detail,
      startedAt: now.toISOString(),
      renewedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + ttl).toISOString(),
    };
    await uow.run(async (tx) => {
      const others = await tx.presence.list();
      const blocking = others.find((o) => conflict(lease, o, now));
      if (blocking) throw new StoreBusyError(conflict(lease, blocking, now)!, blocking);
      // An import clears the leases of processes gone without a goodbye.
      if (lease.role === 'import') for (const o of others) if (!fresh(o, now)) tx.presence.remove(o);
      tx.presence.put(lease);
      return { commit: true, result: undefined };
    });
    const presence = new Presence(uow, options, lease);
    const seen = await uow.run(async (tx) => ({ commit: false, result: await tx.presence.list() }));
    const blocking = seen.find((o) => conflict(lease, o, now));
    if (blocking) {
      await presence.release();
      throw new StoreBusyError(conflict(lease, blocking, now)!, blocking);
    }
    return presence;
  }

  /** Pushes the lease's end forward (and writes it back if it was cleared while this process was paused). */
  async renew(): Promise<void> {
    if (this.#released) return;
    const now = this.options.clock.now();
    const lease = { ...this.lease, renewedAt: now.toISOString(), expiresAt: new Date(now.getTime() + (this.options.ttlMs ?? LEASE_TTL_MS)).toISOString() };
    const others = await this.uow.run(async (tx) => {
      const all = await tx.presence.list();
      tx.presence.put(lease);
      return { commit: true, result: all };
    });
    this.lease = lease;
    const blocking = others.find((o) => conflict(lease, o, now));
    if (blocking) throw new StoreBusyError(conflict(lease, blocking, now)!, blocking);
  }

  /** Renews the lease every `everyMs` until released; failures are logged, never thrown (the timer does not keep the process alive). */
  keep(logger: Logger, everyMs = LEASE_RENEW_MS): void {
    if (this.#timer || this.#released) return;
    this.#timer = setInterval(() => {
      this.#renewing ??= this.renew()
        .catch((error: unknown) => logger.error({ err: error instanceof Error ? error.message : String(error) }, 'presence lease not renewed'))
        .finally(() => (this.#renewing = undefined));
    }, everyMs);
    this.#timer.unref();
  }

  /**
   * Stops renewing and ends the lease now without removing it: what it marks stays marked (an import that failed
   * half-way keeps Guichet from starting on the store), while another import may start at once.
   */
  async abandon(): Promise<void> {
    if (!(await this.#stop())) return;
    const now = this.options.clock.now().toISOString();
    this.lease = { ...this.lease, renewedAt: now, expiresAt: now };
    await this.uow.run(async (tx) => {
      tx.presence.put(this.lease);
      return { commit: true, result: undefined };
    });
  }

  /** Stops renewing and removes the lease (clean shutdown, or the end of an import). */
  async release(): Promise<void> {
    if (!(await this.#stop())) return;
    await this.uow.run(async (tx) => {
      tx.presence.remove(this.lease);
      return { commit: true, result: undefined };
    });
  }

  /** Stops renewing, once: false when already stopped; otherwise waits for a renewal under way. */
  async #stop(): Promise<boolean> {
    if (this.#released) return false;
    this.#released = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#renewing;
    return true;
  }
}
