import { describe, expect, it, vi } from 'vitest';
import { BACKGROUND_CHECKPOINT_DOCUMENTS, BackgroundCheckpoints } from '../adapters/store/sqlite-checkpoints.js';
import type { Connection } from '../adapters/store/sqlite-connection.js';

/** A checkpointing connection whose checkpoints end only when the test says so. */
function fakeConnection() {
  const pending: (() => void)[] = [];
  const connection = {
    statements: [] as string[],
    closed: false,
    all(sql: string) {
      connection.statements.push(sql);
      return new Promise<unknown[]>((resolve) => pending.push(() => resolve([{ busy: 0, log: 1, checkpointed: 1 }])));
    },
    async close() {
      connection.closed = true;
    },
  };
  /** Ends the oldest running checkpoint and lets its callbacks run. */
  const finishOne = async () => {
    pending.shift()!();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { connection, finishOne, running: () => pending.length };
}

const quietHour = 3_600_000;

describe('Background WAL checkpoints', () => {
  it('GIVEN a checkpoint running WHEN a commit runs THEN the commit ends without waiting for it', async () => {
    const { connection, running } = fakeConnection();
    const checkpoints = new BackgroundCheckpoints(connection as unknown as Connection, quietHour);
    await checkpoints.around(BACKGROUND_CHECKPOINT_DOCUMENTS, async () => 'first');
    expect(running()).toBe(1);
    // Would hang (the test times out) if a commit waited for the checkpoint.
    await expect(checkpoints.around(5, async () => 'second')).resolves.toBe('second');
    expect(running()).toBe(1);
  });

  it('GIVEN fewer documents than the interval WHEN commits end THEN no checkpoint starts; WHEN the interval is crossed THEN exactly one does, after the commit', async () => {
    const { connection, running } = fakeConnection();
    const checkpoints = new BackgroundCheckpoints(connection as unknown as Connection, quietHour);
    await checkpoints.around(BACKGROUND_CHECKPOINT_DOCUMENTS - 1, async () => {});
    expect(running()).toBe(0);
    const commit = checkpoints.around(1, async () => {
      expect(running()).toBe(0); // never inside the commit
    });
    await commit;
    expect(connection.statements).toEqual(['PRAGMA wal_checkpoint(PASSIVE)']);
  });

  it('GIVEN a checkpoint running WHEN another interval is written meanwhile THEN the next one starts when it ends, never two at once', async () => {
    const { connection, finishOne, running } = fakeConnection();
    const checkpoints = new BackgroundCheckpoints(connection as unknown as Connection, quietHour);
    await checkpoints.around(BACKGROUND_CHECKPOINT_DOCUMENTS, async () => {});
    await checkpoints.around(BACKGROUND_CHECKPOINT_DOCUMENTS, async () => {});
    await checkpoints.around(BACKGROUND_CHECKPOINT_DOCUMENTS, async () => {});
    expect(running()).toBe(1);
    await finishOne();
    expect(checkpoints.count).toBe(1);
    expect(running()).toBe(1);
    await finishOne();
    expect(checkpoints.count).toBe(2);
    expect(running()).toBe(0);
  });

  it('GIVEN a burst below the interval WHEN no commit follows for the quiet delay THEN one checkpoint starts', async () => {
    vi.useFakeTimers();
    try {
      const { connection, running } = fakeConnection();
      const checkpoints = new BackgroundCheckpoints(connection as unknown as Connection, 500);
      await checkpoints.around(200, async () => {});
      await vi.advanceTimersByTimeAsync(400);
      await checkpoints.around(10, async () => {}); // a commit pushes the quiet moment back
      await vi.advanceTimersByTimeAsync(400);
      expect(running()).toBe(0);
      await vi.advanceTimersByTimeAsync(200);
      expect(running()).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('GIVEN a checkpoint running WHEN stopped THEN it waits for it, starts no other and closes the connection', async () => {
    const { connection, finishOne, running } = fakeConnection();
    const checkpoints = new BackgroundCheckpoints(connection as unknown as Connection, quietHour);
    await checkpoints.around(BACKGROUND_CHECKPOINT_DOCUMENTS, async () => {});
    await checkpoints.around(BACKGROUND_CHECKPOINT_DOCUMENTS, async () => {});
    let stopped = false;
    const stop = checkpoints.stop().then(() => (stopped = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    await finishOne();
    await stop;
    expect(running()).toBe(0);
    expect(connection.closed).toBe(true);
  });
});
