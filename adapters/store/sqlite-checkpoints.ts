import type { Connection } from './sqlite-connection.js';

/**
 * WAL pages after which the commit that crosses them checkpoints on the writing connection, so that the WAL starts
 * over (SQLite's default is 1,000; at 4,000, a WAL file of 16 MiB with 4 KiB pages, reused rather than grown). By
 * then the background checkpoints below have copied most of those pages back, so that checkpoint only copies the rest.
 */
export const WAL_AUTOCHECKPOINT_PAGES = 4_000;

/**
 * Documents written after which a background checkpoint starts: a mutating command writes 5–11 documents, about 15
 * pages alone and fewer each in a group commit, so about every 1,000–2,000 WAL pages. Measured (`/credit buy`,
 * 6,000 commands, three runs alternated with each setting on a quiet machine, `prof-cmd.ts`): one client 1,652–1,691
 * → 1,937–1,957 commands/s, commits over 10 ms 21–23 → 18–19 per run and 839–888 → 223–257 ms in all, the longest
 * 42–52 → 15–21 ms; 32 clients 3,153–3,974 → 4,575–5,302/s. Every 500 or 2,000 documents did no better; letting the
 * WAL grow to 16,000 pages before it starts over did worse (the file grows instead of being reused).
 */
export const BACKGROUND_CHECKPOINT_DOCUMENTS = 1_000;

/** Documents written since the last checkpoint below which a quiet moment is not worth a checkpoint. */
const QUIET_CHECKPOINT_DOCUMENTS = 100;

/** Sets the WAL's checkpoint interval on the connection that writes, and the size its file is cut back to when the WAL starts over. */
export async function configureWal(writer: Connection): Promise<void> {
  await writer.all(`PRAGMA wal_autocheckpoint=${WAL_AUTOCHECKPOINT_PAGES}`);
  const [{ page_size: pageSize }] = (await writer.all('PRAGMA page_size')) as [{ page_size: number }];
  await writer.all(`PRAGMA journal_size_limit=${WAL_AUTOCHECKPOINT_PAGES * pageSize}`);
}

/**
 * WAL checkpoints off the commits' path, on a connection of their own (so on another of the driver's threads): a
 * checkpoint copies the WAL's pages back into the database file and syncs both files, 20–70 ms for 4,000 pages here,
 * and when only the committing connection did it, the commit that crossed the interval and every commit queued
 * behind it waited that long (a quarter of a one-client benchmark's time). Here a PASSIVE checkpoint (it waits for
 * no reader or writer, and commits go on while it copies) starts every `BACKGROUND_CHECKPOINT_DOCUMENTS` documents
 * written, one at a time, and once more in a quiet moment (`quietMs` without a commit) so that a bot's next burst
 * starts on an empty WAL. The writer's own checkpoint at `WAL_AUTOCHECKPOINT_PAGES` then finds little left to copy.
 */
export class BackgroundCheckpoints {
  /** Checkpoints completed off the commits' path so far (tests). */
  count = 0;
  /** Documents written since the last checkpoint started. */
  #documents = 0;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #stopped = false;

  /** Checkpoints through `connection` (its own; closed by `stop`). */
  constructor(private readonly connection: Connection, private readonly quietMs: number) {}

  /** Runs a commit of `documents` documents; a checkpoint may start once it ends, never before nor inside it. */
  async around<T>(documents: number, commit: () => Promise<T>): Promise<T> {
    try {
      return await commit();
    } finally {
      this.#documents += documents;
      if (this.#documents >= BACKGROUND_CHECKPOINT_DOCUMENTS) this.#start();
      else this.#armQuiet();
    }
  }

  #armQuiet(): void {
    if (this.#stopped || this.#documents < QUIET_CHECKPOINT_DOCUMENTS) return;
    if (this.#timer) this.#timer.refresh();
    else this.#timer = setTimeout(() => this.#start(), this.quietMs).unref();
  }

  /** Starts a checkpoint unless one runs (the one running starts the next when it ends, if enough was written meanwhile). */
  #start(): void {
    if (this.#stopped || this.#running) return;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#documents = 0;
    // A failure (another process checkpointing, a closing file) only leaves the work to the next one or the writer's own.
    this.#running = this.connection.all('PRAGMA wal_checkpoint(PASSIVE)').then(
      () => void this.count++,
      () => {},
    ).finally(() => {
      this.#running = undefined;
      if (this.#documents >= BACKGROUND_CHECKPOINT_DOCUMENTS) this.#start();
      else this.#armQuiet();
    });
  }

  /** Stops starting checkpoints, waits for the one running and closes the connection. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running;
    await this.connection.close().catch(() => {});
  }
}
