import type { Connection } from './sqlite-connection.js';

/**
 * WAL pages after which the commit that crosses them checkpoints (SQLite's default is 1,000). A mutating command
 * writes 6–11 documents, about 15 pages, so at 1,000 every ~65th command paid a checkpoint (two fsyncs and the copy
 * of the pages into the database file); at 4,000 (a WAL of up to 16 MiB with 4 KiB pages) a quarter as many
 * commands pay one, and a page rewritten by several commits in between is copied once. Measured (`/credit buy`, one
 * client, 1,000-command blocks alternating in one process, `test/bench/sqlite-probe.ts`): CPU per command 0.51–0.61
 * → 0.42–0.52 ms, mean 0.69–1.29 → 0.57–1.00 ms, p99 6.9–16 → 4.5–14 ms. The price: each checkpoint is longer (timed
 * alone: 5–7 ms for ~950 frames, 14–46 ms for ~3,900), so the slowest commands are slower and rarer.
 */
export const WAL_AUTOCHECKPOINT_PAGES = 4000;

/** Documents written since the last quiet-moment checkpoint below which a quiet moment is not worth a checkpoint. */
const QUIET_CHECKPOINT_DOCUMENTS = 100;

/** Sets the WAL's checkpoint interval on the connection that writes, and the size its file is cut back to when the WAL starts over. */
export async function configureWal(writer: Connection): Promise<void> {
  await writer.all(`PRAGMA wal_autocheckpoint=${WAL_AUTOCHECKPOINT_PAGES}`);
  const [{ page_size: pageSize }] = (await writer.all('PRAGMA page_size')) as [{ page_size: number }];
  await writer.all(`PRAGMA journal_size_limit=${WAL_AUTOCHECKPOINT_PAGES * pageSize}`);
}

/**
 * Checkpoints the WAL in quiet moments, off the commits' path: once enough documents were written, `delayMs` without
 * a commit starts a PASSIVE checkpoint (it waits for no reader or writer) on the connection that writes, so that a
 * bot's next burst starts on an empty WAL instead of one of its commands paying the automatic checkpoint. Under
 * continuous commits the timer never fires and the automatic checkpoint bounds the WAL.
 */
export class QuietCheckpoints {
  /** Quiet-moment checkpoints completed so far (tests). */
  count = 0;
  #documents = 0;
  #commits = 0;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #stopped = false;

  constructor(private readonly writer: Connection, private readonly delayMs: number) {}

  /** Runs a commit of `documents` documents (a quiet moment starts after it ends). */
  async around<T>(documents: number, commit: () => Promise<T>): Promise<T> {
    this.#commits++;
    try {
      return await commit();
    } finally {
      this.#commits--;
      this.#documents += documents;
      this.#arm();
    }
  }

  #arm(): void {
    if (this.#stopped || this.#documents < QUIET_CHECKPOINT_DOCUMENTS) return;
    if (this.#timer) this.#timer.refresh();
    else this.#timer = setTimeout(() => this.#fire(), this.delayMs).unref();
  }

  #fire(): void {
    this.#timer = undefined;
    if (this.#commits > 0 || this.#running) return this.#arm();
    this.#documents = 0;
    // A failure (another process checkpointing, a closing file) only leaves the work to the automatic checkpoint.
    this.#running = this.writer.all('PRAGMA wal_checkpoint(PASSIVE)').then(
      () => void this.count++,
      () => {},
    ).finally(() => (this.#running = undefined));
  }

  /** Cancels the next quiet-moment checkpoint and waits for one that runs. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running;
  }
}
