import { describe, expect, it } from 'vitest';
import { BatchQueue, type Waiting } from '../adapters/store/batch-queue.js';

type Item = { n: number };

/** A queue whose run answers each batch one tick after taking it (true for every item) and records the batches. */
function bed() {
  const batches: number[][] = [];
  const queue: BatchQueue<Item> = new BatchQueue<Item>(async () => {
    await Promise.resolve();
    for (let batch: Waiting<Item>[] | undefined = queue.take(); batch; batch = queue.take()) {
      batches.push(batch.map((w) => w.n));
      await Promise.resolve();
      for (const w of batch) w.resolve(true);
    }
  });
  return { queue, batches };
}

/** Lets every pending callback run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('Batch queue of the SQL engines', () => {
  it('GIVEN items pushed in one tick, then more while that batch is answered WHEN run THEN the first ones form one batch and the later ones the next', async () => {
    const { queue, batches } = bed();
    const first = [queue.push({ n: 1 }), queue.push({ n: 2 })];
    await Promise.resolve();
    await Promise.resolve();
    const later = [queue.push({ n: 3 }), queue.push({ n: 4 })];
    expect(await Promise.all([...first, ...later])).toEqual([true, true, true, true]);
    expect(batches).toEqual([[1, 2], [3, 4]]);
  });

  it('GIVEN an item pushed by the caller of the last batch as soon as it is answered WHEN the run has ended THEN a new run takes it (nothing is left waiting)', async () => {
    const { queue, batches } = bed();
    const second = queue.push({ n: 1 }).then(() => queue.push({ n: 2 }));
    const answered = await Promise.race([second, settle().then(() => 'left waiting')]);
    expect(answered).toBe(true);
    expect(batches).toEqual([[1], [2]]);
  });

  it('GIVEN queued items WHEN drained is awaited THEN each is answered first, and the queue is idle after', async () => {
    const { queue } = bed();
    expect(queue.drained).toBeUndefined();
    const answers: boolean[] = [];
    void queue.push({ n: 1 }).then((ok) => answers.push(ok));
    await queue.drained;
    expect(answers).toEqual([true]);
    expect(queue.drained).toBeUndefined();
    expect(queue.take()).toBeUndefined();
  });
});
