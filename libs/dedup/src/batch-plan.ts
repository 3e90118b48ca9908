import { decideStoreOutcome, type DedupPolicy, type StoreOutcome } from './dedup-policy.js';

/**
 * How one item of a batch is handled. `writerIndex` is the item whose data
 * is written for this item's key (the item itself when it is the writer).
 * `outcome` is what the item reports:
 * - 'FROM_WRITE' for the first copy of its key: the outcome of the key's one
 *   write, decideStoreOutcome(key existed before the write, policy);
 * - 'REPLACED' (last write wins) or 'DUPLICATE' (first write wins) for every
 *   later copy: an earlier copy in the batch already holds the key.
 */
export interface BatchItemPlan {
  readonly writerIndex: number;
  readonly outcome: 'FROM_WRITE' | 'REPLACED' | 'DUPLICATE';
}

export interface BatchPlan {
  readonly policy: DedupPolicy;
  /** One per input item, in input order. */
  readonly items: readonly BatchItemPlan[];
  /** The items to write, one per distinct key, in ascending index order. */
  readonly writerIndexes: readonly number[];
}

/**
 * Plans a batch so that each key is written once: PostgreSQL's
 * INSERT … ON CONFLICT cannot touch one row twice in a statement. The
 * contract is that the batch behaves exactly as if its items were stored
 * one by one in order: under last write wins the last copy of a key is
 * written (the first copy reports STORED or REPLACED as the database says,
 * each later copy REPLACED, since it replaced the copy before it); under
 * first write wins the first copy is written (it reports STORED or DUPLICATE
 * as the database says, each later copy DUPLICATE).
 *
 * Pass only items that will be written (validated); indexes refer to the
 * array given. Keys are compared as strings: use dedupKeyString.
 */
export function planBatch(items: readonly { readonly key: string }[], policy: DedupPolicy): BatchPlan {
  const writerOfKey = new Map<string, number>();
  items.forEach(({ key }, index) => {
    // Last write wins: every later copy takes over; first write wins: the first stays.
    if (policy === 'LAST_WRITE_WINS' || !writerOfKey.has(key)) {
      writerOfKey.set(key, index);
    }
  });

  const seen = new Set<string>();
  const laterCopyOutcome = policy === 'LAST_WRITE_WINS' ? 'REPLACED' : 'DUPLICATE';
  const planned = items.map(({ key }): BatchItemPlan => {
    const writerIndex = writerOfKey.get(key) ?? missingWriter(key);
    const outcome = seen.has(key) ? laterCopyOutcome : 'FROM_WRITE';
    seen.add(key);
    return { writerIndex, outcome };
  });

  const writerIndexes = [...writerOfKey.values()].sort((a, b) => a - b);
  return { policy, items: planned, writerIndexes };
}

/**
 * Every item's outcome once the writes are done, given whether the key of
 * each writer already existed in the database before its write.
 */
export function batchStoreOutcomes(
  plan: BatchPlan,
  keyExistedBeforeWrite: (writerIndex: number) => boolean,
): StoreOutcome[] {
  return plan.items.map(({ writerIndex, outcome }) =>
    outcome === 'FROM_WRITE' ? decideStoreOutcome(keyExistedBeforeWrite(writerIndex), plan.policy) : outcome,
  );
}

function missingWriter(key: string): never {
  throw new Error(`internal: no writer planned for key ${key}`);
}
