import { describe, expect, test } from 'vitest';
import { createGroupCommitter } from './group-commit.js';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const nextTurn = () => new Promise((r) => setImmediate(r));

/** A committer whose flushes wait for the test to open their gate; records each batch. */
function gatedCommitter(maxConcurrentFlushes: number, minOverlapBatchSize: number) {
  const batches: number[][] = [];
  const gates: ReturnType<typeof deferred<void>>[] = [];
  const committer = createGroupCommitter<number, number>({
    flush: async (items) => {
      batches.push([...items]);
      const gate = deferred<void>();
      gates.push(gate);
      await gate.promise;
      return [...items];
    },
    maxBatchSize: 100,
    maxConcurrentFlushes,
    minOverlapBatchSize,
  });
  return { committer, batches, openAll: () => gates.forEach((g) => g.resolve()) };
}

describe('createGroupCommitter', () => {
  test('a lone call is flushed on its own, at once', async () => {
    const batches: number[][] = [];
    const committer = createGroupCommitter<number, string>({
      flush: async (items) => {
        batches.push([...items]);
        return items.map((i) => `ok ${i}`);
      },
      maxBatchSize: 100,
      maxConcurrentFlushes: 1,
      minOverlapBatchSize: 1,
    });
    await expect(committer.submit(7)).resolves.toBe('ok 7');
    expect(batches).toEqual([[7]]);
  });

  test('calls arriving while a flush runs are coalesced into the next batch', async () => {
    const gates: ReturnType<typeof deferred<void>>[] = [];
    const batches: number[][] = [];
    const committer = createGroupCommitter<number, number>({
      flush: async (items) => {
        batches.push([...items]);
        const gate = deferred<void>();
        gates.push(gate);
        await gate.promise;
        return items.map((i) => i * 10);
      },
      maxBatchSize: 100,
      maxConcurrentFlushes: 1,
      minOverlapBatchSize: 1,
    });
    const first = committer.submit(1);
    await nextTurn(); // the first flush starts at the end of the turn it was called in
    const rest = [2, 3, 4].map((i) => committer.submit(i));
    await new Promise((r) => setImmediate(r));
    expect(batches).toEqual([[1]]); // 2, 3, 4 wait for the running flush
    gates[0]!.resolve();
    await expect(first).resolves.toBe(10);
    await new Promise((r) => setImmediate(r));
    expect(batches).toEqual([[1], [2, 3, 4]]);
    gates[1]!.resolve();
    await expect(Promise.all(rest)).resolves.toEqual([20, 30, 40]);
  });

  test('a caller is answered only after its batch has been written', async () => {
    const gate = deferred<void>();
    let settled = false;
    const committer = createGroupCommitter<number, number>({
      flush: async (items) => {
        await gate.promise;
        return [...items];
      },
      maxBatchSize: 10,
      maxConcurrentFlushes: 1,
      minOverlapBatchSize: 1,
    });
    const call = committer.submit(1).then(() => (settled = true));
    await new Promise((r) => setImmediate(r));
    expect(settled).toBe(false);
    gate.resolve();
    await call;
    expect(settled).toBe(true);
  });

  test('batches never exceed the maximum size', async () => {
    const sizes: number[] = [];
    const committer = createGroupCommitter<number, number>({
      flush: async (items) => {
        sizes.push(items.length);
        return [...items];
      },
      maxBatchSize: 3,
      maxConcurrentFlushes: 1,
      minOverlapBatchSize: 1,
    });
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => committer.submit(i)));
    expect(results).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(3);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(10);
  });

  test('a failed flush rejects every call in its batch and the next batch still runs', async () => {
    let calls = 0;
    const committer = createGroupCommitter<number, number>({
      flush: async (items) => {
        calls += 1;
        if (calls === 1) throw new Error('database unavailable');
        return [...items];
      },
      maxBatchSize: 10,
      maxConcurrentFlushes: 1,
      minOverlapBatchSize: 1,
    });
    const failed = [committer.submit(1), committer.submit(2)];
    await expect(Promise.allSettled(failed)).resolves.toEqual([
      { status: 'rejected', reason: new Error('database unavailable') },
      { status: 'rejected', reason: new Error('database unavailable') },
    ]);
    await expect(committer.submit(3)).resolves.toBe(3);
  });

  test('runs up to the allowed number of flushes at once', async () => {
    let running = 0;
    let peak = 0;
    const committer = createGroupCommitter<number, number>({
      flush: async (items) => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 5));
        running -= 1;
        return [...items];
      },
      maxBatchSize: 1,
      maxConcurrentFlushes: 2,
      minOverlapBatchSize: 1,
    });
    await Promise.all([1, 2, 3, 4, 5].map((i) => committer.submit(i)));
    expect(peak).toBe(2);
  });

  test('calls made in one event-loop turn share one batch', async () => {
    const { committer, batches, openAll } = gatedCommitter(1, 1);
    const calls = [1, 2, 3].map((i) => committer.submit(i));
    await nextTurn();
    expect(batches).toEqual([[1, 2, 3]]);
    openAll();
    await expect(Promise.all(calls)).resolves.toEqual([1, 2, 3]);
  });

  test('while a flush runs, another starts only once enough calls wait for it', async () => {
    const { committer, batches, openAll } = gatedCommitter(2, 3);
    const calls = [committer.submit(1)];
    await nextTurn();
    calls.push(committer.submit(2), committer.submit(3));
    await nextTurn();
    expect(batches).toEqual([[1]]); // two waiting calls are not worth a flush of their own yet
    calls.push(committer.submit(4));
    await nextTurn();
    expect(batches).toEqual([[1], [2, 3, 4]]);
    openAll();
    await expect(Promise.all(calls)).resolves.toEqual([1, 2, 3, 4]);
  });

  test('from idle, a large queue is shared between the free flush slots', async () => {
    const { committer, batches, openAll } = gatedCommitter(2, 2);
    const calls = [1, 2, 3, 4, 5].map((i) => committer.submit(i));
    await nextTurn();
    expect(batches).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
    openAll();
    await expect(Promise.all(calls)).resolves.toEqual([1, 2, 3, 4, 5]);
  });

  test('from idle, a queue too small to share is flushed whole', async () => {
    const { committer, batches, openAll } = gatedCommitter(2, 2);
    const calls = [1, 2, 3].map((i) => committer.submit(i));
    await nextTurn();
    expect(batches).toEqual([[1, 2, 3]]);
    openAll();
    await Promise.all(calls);
  });

  test('drain waits until every submitted item is written', async () => {
    const written: number[] = [];
    const committer = createGroupCommitter<number, number>({
      flush: async (items) => {
        await new Promise((r) => setTimeout(r, 5));
        written.push(...items);
        return [...items];
      },
      maxBatchSize: 2,
      maxConcurrentFlushes: 1,
      minOverlapBatchSize: 1,
    });
    void committer.submit(1);
    void committer.submit(2);
    void committer.submit(3);
    await committer.drain();
    expect(written).toEqual([1, 2, 3]);
  });
});
