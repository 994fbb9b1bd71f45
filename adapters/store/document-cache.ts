import type { Check, VersionedRead } from './engine.js';

/** A cached document (JSON, `null` when known absent) with its version, and a check it is known to pass unchanged. */
export type Cached = { readonly version: number; readonly json: string | null; check: Check | undefined };

/**
 * The SQL engines' documents by key (as JSON) with the version they had, `null` for a known-absent key: hints only
 * (a stale entry makes a commit fail its validation, never a stale read succeed). Least recently used first out.
 * `check` is a validation the document is known to pass unchanged (a repository's schema), so reads through it skip it.
 */
export class DocumentCache {
  readonly #entries = new Map<string, Cached>();

  /** Keeps at most `size` documents. */
  constructor(private readonly size: number) {}

  /** The cached document and version of a key (a fresh copy, checked once per cached version), moving it to the young end; undefined when not cached. */
  answer(key: string, check: Check | undefined): VersionedRead | undefined {
    const cached = this.#entries.get(key);
    if (!cached) return undefined;
    // Least recently used first out: a hit moves the entry to the young end.
    this.#entries.delete(key);
    this.#entries.set(key, cached);
    if (cached.json === null) return { value: undefined, version: cached.version };
    const value = JSON.parse(cached.json);
    if (!check) return { value, version: cached.version };
    return cached.check === check ? { value, version: cached.version, checked: true } : checked(key, cached, value, check);
  }

  /** True when the key is cached (a commit then refreshes it). */
  has(key: string): boolean {
    return this.#entries.has(key);
  }

  /** Remembers an entry at the young end, dropping the oldest beyond the size. */
  remember(key: string, entry: Cached): void {
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    if (this.#entries.size > this.size) this.#entries.delete(this.#entries.keys().next().value as string);
  }

  /** Drops the keys (their documents may have changed). */
  forget(keys: Iterable<string>): void {
    for (const key of keys) this.#entries.delete(key);
  }
}

/** Passes a cached document through `check`; when the check left it as it is (no default filled in, nothing normalised), later reads through it skip it. */
export function checked(key: string, entry: Cached, value: unknown, check: Check): VersionedRead {
  const out = check(key, value);
  if (JSON.stringify(out) === entry.json) entry.check = check;
  return { value: out, version: entry.version, checked: true };
}
