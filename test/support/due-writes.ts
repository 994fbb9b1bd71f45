import type { StorageEngine } from '../../adapters/store/engine.js';

/** The `due:` documents each commit writes (`+key`) or deletes (`-key`), one list per commit that touches any. */
export class DueWrites {
  readonly commits: string[][] = [];
  /** Wraps an engine (the harness's `wrap` option) so its commits are recorded. */
  wrap = (engine: StorageEngine): StorageEngine => ({
    read: (key, check) => engine.read(key, check),
    readMany: (keys, check) => engine.readMany(keys, check),
    range: (from, to, options) => engine.range(from, to, options),
    commit: async (request) => {
      const ok = await engine.commit(request);
      const due = [...request.writes].filter(([k]) => k.startsWith('due:')).map(([k, v]) => `${v === null ? '-' : '+'}${k}`);
      if (ok && due.length) this.commits.push(due);
      return ok;
    },
    close: () => engine.close(),
  });
  /** What was written since `from` (an index in `commits`). */
  since(from: number): string[] {
    return this.commits.slice(from).flat();
  }
}
