// Group commit: concurrent unary StoreEvent calls are coalesced into batched
// writes, so the database sees one transaction per batch instead of one per
// event. There is no timer: while a flush is running, new calls queue up and
// the next flush takes them all. At low load a call is flushed at once (no
// added latency); under load batches grow by themselves. Each caller's
// promise settles only after the flush holding its item has committed.

export interface GroupCommitOptions<Item, Result> {
  /** Writes a batch and returns one result per item, in order. Rejecting fails the whole batch. */
  readonly flush: (items: readonly Item[]) => Promise<readonly Result[]>;
  /** Largest batch handed to one flush. */
  readonly maxBatchSize: number;
  /** Flushes allowed to run at once (1 = strict group commit; 2 overlaps preparing one batch with committing another). */
  readonly maxConcurrentFlushes: number;
}

export interface GroupCommitter<Item, Result> {
  submit(item: Item): Promise<Result>;
  /** Resolves when every submitted item has been flushed (used at shutdown). */
  drain(): Promise<void>;
}

interface Waiting<Item, Result> {
  readonly item: Item;
  readonly resolve: (result: Result) => void;
  readonly reject: (error: unknown) => void;
}

export function createGroupCommitter<Item, Result>(
  options: GroupCommitOptions<Item, Result>,
): GroupCommitter<Item, Result> {
  const queue: Waiting<Item, Result>[] = [];
  const idleWaiters: (() => void)[] = [];
  let running = 0;

  function startFlushes(): void {
    while (running < options.maxConcurrentFlushes && queue.length > 0) {
      const batch = queue.splice(0, options.maxBatchSize);
      running += 1;
      void flushBatch(batch);
    }
    if (running === 0 && queue.length === 0) idleWaiters.splice(0).forEach((wake) => wake());
  }

  async function flushBatch(batch: Waiting<Item, Result>[]): Promise<void> {
    try {
      const results = await options.flush(batch.map((w) => w.item));
      if (results.length !== batch.length) {
        throw new Error(`group commit: flush returned ${results.length} results for ${batch.length} items`);
      }
      batch.forEach((w, i) => w.resolve(results[i] as Result));
    } catch (error) {
      batch.forEach((w) => w.reject(error));
    } finally {
      running -= 1;
      startFlushes();
    }
  }

  return {
    submit(item) {
      return new Promise<Result>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        // Deferred by a microtask so that calls arriving in the same tick
        // (one event-loop turn of incoming requests) share a batch.
        queueMicrotask(startFlushes);
      });
    },
    drain() {
      if (running === 0 && queue.length === 0) return Promise.resolve();
      return new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
  };
}
