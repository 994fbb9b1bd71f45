/**
 * Remote effects applied exactly once per invocation, even across a crash: the intent is recorded in the
 * store before the call and the outcome after it; a later attempt with the same key returns the recorded
 * outcome, and one that finds only the intent (a crash between call and record) reconciles by reading the
 * provider's state instead of calling again.
 */
export interface RemoteEffects {
  /**
   * Runs `call` at most once for `key` (invocation ID and operation). `reconcile` reads the provider's state
   * when an earlier attempt recorded its intent but no outcome: it returns the outcome if the effect took
   * place, or undefined when it did not (then `call` runs). Outcomes must be JSON values.
   */
  once<T>(key: string, call: () => Promise<T>, reconcile: () => Promise<T | undefined>): Promise<T>;
}

/**
 * Thrown by {@link RemoteEffects.once} when another attempt holds the same key and is still calling: the
 * caller answers "in progress, try again in a moment" (code `EFFECT.IN_PROGRESS`); nothing was done twice.
 */
export class RemoteEffectInProgress extends Error {
  /** The stable code shown to the user. */
  readonly code = 'EFFECT.IN_PROGRESS';
  /** Names the key (an invocation ID and operation, never a secret). */
  constructor(readonly key: string) {
    super(`remote effect ${key} is in progress in another attempt`);
    this.name = 'RemoteEffectInProgress';
  }
}
