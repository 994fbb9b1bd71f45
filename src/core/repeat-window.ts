/**
 * Recognises a user typing the same command again shortly after the first (typically after the platform
 * showed a timeout): the repeat reuses the first invocation ID, so the core applies it once and says so.
 */
export class RepeatWindow {
  readonly #seen = new Map<string, { id: string; at: number }>();
  /** Keeps keys for `windowMs`, at most `capacity` of them. */
  constructor(
    private readonly windowMs: number,
    private readonly now: () => number,
    private readonly capacity = 10_000,
  ) {}

  /** The invocation ID to use: the earlier one for a repeat within the window, else `fresh`. */
  idFor(key: string, fresh: string): string {
    const at = this.now();
    const earlier = this.#seen.get(key);
    if (earlier && at - earlier.at <= this.windowMs) return earlier.id;
    this.#seen.delete(key);
    this.#seen.set(key, { id: fresh, at });
    if (this.#seen.size > this.capacity) this.#seen.delete(this.#seen.keys().next().value as string);
    return fresh;
  }
}
