import { randomBytes } from 'node:crypto';
import type { Clock } from '../../src/ports/clock.js';
import { RemoteEffectInProgress, type RemoteEffects } from '../../src/ports/remote-effects.js';
import type { EffectRecord, UnitOfWork } from '../../src/ports/store.js';

/** How {@link StoreRemoteEffects} waits and decides. */
export interface StoreRemoteEffectsOptions {
  readonly store: UnitOfWork;
  readonly clock: Clock;
  /**
   * How long a claim protects a call in progress (default 2 minutes: longer than a call with its retries).
   * Within it another attempt with the same key waits; after it, the claimant is presumed dead and the
   * next attempt reconciles.
   */
  readonly leaseMs?: number;
  /** How many times a second attempt looks again for the outcome before answering "in progress" (default 10). */
  readonly waitPolls?: number;
  /** Pause between those looks (default 300 ms). */
  readonly pollMs?: number;
  /** Waiting, injected in tests. */
  readonly sleep?: (ms: number) => Promise<void>;
  /**
   * True when a failed call certainly changed nothing (the provider refused it, or it never left this machine):
   * the intent is then forgotten, so a retry calls again. Any other failure keeps the intent and releases the
   * claim, so the next attempt reconciles by reading. Default: no failure is known to be harmless.
   */
  readonly noEffect?: (error: unknown) => boolean;
}

type Step<T> =
  | { readonly kind: 'done'; readonly outcome: T }
  | { readonly kind: 'call' | 'reconcile'; readonly claim: string }
  | { readonly kind: 'wait' };

/**
 * Remote effects journaled in the store (the `effects` repository): the claim is the intent's write, so the
 * unit of work's conflict detection lets exactly one attempt claim a key; the intent is committed before
 * the call and the outcome after it. Engine-generic: any {@link UnitOfWork} will do.
 */
export class StoreRemoteEffects implements RemoteEffects {
  readonly #o: Required<Omit<StoreRemoteEffectsOptions, 'noEffect'>> & Pick<StoreRemoteEffectsOptions, 'noEffect'>;

  /** Binds to a store and a clock. */
  constructor(options: StoreRemoteEffectsOptions) {
    this.#o = {
      leaseMs: 120_000,
      waitPolls: 10,
      pollMs: 300,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      ...options,
    };
  }

  /** Runs `call` at most once for `key`; see {@link RemoteEffects.once}. */
  async once<T>(key: string, call: () => Promise<T>, reconcile: () => Promise<T | undefined>): Promise<T> {
    for (let polls = 0; ; polls++) {
      const step = await this.#claim<T>(key);
      if (step.kind === 'done') return step.outcome;
      if (step.kind === 'wait') {
        if (polls >= this.#o.waitPolls) throw new RemoteEffectInProgress(key);
        await this.#o.sleep(this.#o.pollMs);
        continue;
      }
      if (step.kind === 'reconcile') {
        const found = await this.#guard(key, step.claim, reconcile);
        if (found !== undefined) return this.#record(key, step.claim, found);
      }
      const outcome = await this.#guard(key, step.claim, call);
      return this.#record(key, step.claim, outcome);
    }
  }

  /** Reads the journal and, when nobody holds the key, claims it by writing the intent (one claimant wins). */
  #claim<T>(key: string): Promise<Step<T>> {
    return this.#o.store.run<Step<T>>(async (tx) => {
      const now = this.#o.clock.now();
      const record = await tx.effects.get(key);
      if (record?.state === 'done') return { commit: false, result: { kind: 'done', outcome: record.outcome as T } };
      if (record && new Date(record.leaseUntil) > now) return { commit: false, result: { kind: 'wait' } };
      const claim = randomBytes(9).toString('base64url');
      const leaseUntil = new Date(now.getTime() + this.#o.leaseMs).toISOString();
      tx.effects.put({ key, state: 'intent', at: record?.at ?? now.toISOString(), claim, leaseUntil });
      return { commit: true, result: { kind: record ? 'reconcile' : 'call', claim } };
    });
  }

  /** Runs the call or the reconciliation; on failure forgets the intent (no effect) or releases the claim. */
  async #guard<R>(key: string, claim: string, run: () => Promise<R>): Promise<R> {
    try {
      return await run();
    } catch (error) {
      const harmless = this.#o.noEffect?.(error) ?? false;
      await this.#o.store.run(async (tx) => {
        const record = await tx.effects.get(key);
        if (!record || record.state === 'done' || record.claim !== claim) return { commit: false, result: undefined };
        if (harmless) await tx.effects.remove(key);
        else tx.effects.put({ ...record, leaseUntil: this.#o.clock.now().toISOString() });
        return { commit: true, result: undefined };
      });
      throw error;
    }
  }

  /** Records the outcome, unless another attempt recorded one first (then theirs is the answer). */
  #record<T>(key: string, claim: string, outcome: T): Promise<T> {
    return this.#o.store.run(async (tx) => {
      const now = this.#o.clock.now().toISOString();
      const record = await tx.effects.get(key);
      if (record?.state === 'done') return { commit: false, result: record.outcome as T };
      const done: EffectRecord = {
        key, state: 'done', at: record?.at ?? now, claim, leaseUntil: now, outcome: toJson(outcome), doneAt: now,
      };
      tx.effects.put(done);
      return { commit: true, result: done.outcome as T };
    });
  }
}

/** Outcomes are kept as JSON values; `undefined` stays absent. */
function toJson(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}
