// Group commit: concurrent unary StoreEvent calls are coalesced into batched
// writes, so the database sees one transaction per batch instead of one per
// event. There is no timer: calls that arrive in one event-loop turn share a
// batch, and while a flush is running new calls queue up for the next one.
// At low load a call is flushed at once (no added latency); under load
// batches grow by themselves. Each caller's promise settles only after the
// flush holding its item has committed.
//
// Overlapping flushes keep the database busy while the callers of the last
// batch come back, but a flush has a fixed cost (a statement, its triggers,
// a commit), so an overlapping flush is started only for a worthwhile batch:
// flushing each straggler on its own as soon as a slot frees up degenerates
// into one-event flushes under steady load. From idle, a large queue is
// split across the free slots, so that the callers form groups that take
// turns: one group's batch commits while the other's callers send again.

export interface GroupCommitOptions<Item, Result> {
  /** Writes a batch and returns one result per item, in order. Rejecting fails the whole batch. */
  readonly flush: (items: readonly Item[]) => Promise<readonly Result[]>;
  /** Largest batch handed to one flush. */
  readonly maxBatchSize: number;
  /** Flushes allowed to run at once (1 = strict group commit; 2 overlaps preparing one batch with committing another). */
  readonly maxConcurrentFlushes: number;
  /** Fewest queued items worth a flush while another flush is running. */
  readonly minOverlapBatchSize: number;
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
  let startScheduled = false;

  function startFlushes(): void {
    while (running < options.maxConcurrentFlushes && queue.length > 0) {
      if (running > 0 && queue.length < options.minOverlapBatchSize) break;
      const batch = queue.splice(0, Math.min(shareOfQueue(), options.maxBatchSize));
      running += 1;
      void flushBatch(batch);
    }
    if (running === 0 && queue.length === 0) idleWaiters.splice(0).forEach((wake) => wake());
  }

  /** How many queued items the next flush takes: all, or from idle an even share across the free slots. */
  function shareOfQueue(): number {
    const free = options.maxConcurrentFlushes - running;
    const splits = running === 0 && free > 1 && queue.length >= free * options.minOverlapBatchSize;
    return splits ? Math.ceil(queue.length / free) : queue.length;
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
        // Deferred to the end of this event-loop turn, so that every request
        // read from the network in this turn joins the batch (a microtask
        // would flush the first request of a turn on its own).
        if (!startScheduled) {
          startScheduled = true;
          setImmediate(() => {
            startScheduled = false;
            startFlushes();
          });
        }
      });
    },
    drain() {
      if (running === 0 && queue.length === 0) return Promise.resolve();
      return new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
  };
}
