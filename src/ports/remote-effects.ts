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
