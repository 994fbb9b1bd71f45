import type { Leases } from '../../src/jobs/leases.js';
import type { Clock } from '../../src/ports/clock.js';
import type { Logger } from '../../src/ports/logger.js';

/** The lease of Discord's gateway connection (Guichet runs one shard, 0). */
export const DISCORD_GATEWAY_LEASE = 'gateway:discord:0';

/** Settings of the gateway lease. */
export interface GatewayLeaseOptions {
  readonly leases: Leases;
  /** Real time. */
  readonly clock: Clock;
  readonly logger: Logger;
  /** Lease length: how long a dead owner keeps the others waiting (default 30 s). */
  readonly ttlMs?: number;
  /** How often the owner extends its lease (default a third of it). */
  readonly renewMs?: number;
  /** How often a standby process looks at the lease (default 2 s). */
  readonly pollMs?: number;
}

/**
 * One gateway connection per shard across processes: the process that holds the lease in the store connects,
 * the others stand by (they still post and send DMs over REST) and look at the lease every `pollMs`. The owner
 * extends it every `renewMs`; when it stops (SIGTERM) it releases it and a standby connects within `pollMs`;
 * when it dies the lease lapses after `ttlMs` and a standby connects. An owner that finds its lease taken
 * (it was frozen past `ttlMs`) disconnects and stands by. Overlaps are harmless: each interaction ID is applied once.
 */
export class GatewayLease {
  #owner = false;
  #timer: NodeJS.Timeout | undefined;
  #busy = false;
  #stopped = false;

  /** Wires the lease; nothing happens before `run`. */
  constructor(private readonly options: GatewayLeaseOptions) {}

  /** True while this process holds the gateway. */
  get owner(): boolean {
    return this.#owner;
  }

  /** Takes part: connects when the lease is won, disconnects when it is lost. Resolves after the first attempt. */
  async run(connect: () => Promise<void>, disconnect: () => Promise<void>): Promise<void> {
    const ttl = this.options.ttlMs ?? 30_000;
    const tick = async () => {
      if (this.#busy || this.#stopped) return;
      this.#busy = true;
      const { leases, clock, logger } = this.options;
      try {
        if (this.#owner) {
          if (!(await leases.renew(DISCORD_GATEWAY_LEASE, clock.now(), ttl))) {
            this.#owner = false;
            logger.warn({}, 'Discord gateway lease taken by another process; disconnecting and standing by');
            await disconnect();
            this.#schedule(tick);
          }
        } else if (await leases.acquire(DISCORD_GATEWAY_LEASE, clock.now(), ttl)) {
          this.#owner = true;
          logger.info({}, 'holding the Discord gateway lease; connecting');
          await connect();
          this.#schedule(tick);
        }
      } catch (error) {
        logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'Discord gateway lease not checked (store unreachable); trying again');
      } finally {
        this.#busy = false;
      }
    };
    this.#schedule(tick);
    await tick();
    if (!this.#owner) this.options.logger.info({}, 'another process holds the Discord gateway; standing by');
  }

  /** Stops taking part; the owner releases the lease so a standby connects at once (call `disconnect` first). */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    if (this.#owner) await this.options.leases.settle(DISCORD_GATEWAY_LEASE, this.options.clock.now(), 'released');
    this.#owner = false;
  }

  /** Forgets its timers without touching the store (a test's stand-in for a process that died). */
  abandon(): void {
    this.#stopped = true;
    clearInterval(this.#timer);
  }

  #schedule(tick: () => Promise<void>): void {
    clearInterval(this.#timer);
    const every = this.#owner ? (this.options.renewMs ?? Math.floor((this.options.ttlMs ?? 30_000) / 3)) : (this.options.pollMs ?? 2_000);
    this.#timer = setInterval(() => void tick(), every);
    this.#timer.unref();
  }
}
