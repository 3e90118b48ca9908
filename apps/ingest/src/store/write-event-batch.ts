import type { EntityManager } from '@mikro-orm/postgresql';
import { boundQuery, inTransaction } from '@vigil/runtime';
import { batchStoreOutcomes, dedupKeyString, planBatch, type DedupPolicy, type StoreOutcome } from '@vigil/dedup';
import type { NormalizedEvent } from '../domain/normalized-event.js';
import { storedGroupsSql, writeEventRowsSql } from '../db/event-rows-sql.js';
import { retryOnDeadlock } from '../db/retry-on-deadlock.js';
import { createDayPartitions, isMissingDayPartition } from '../db/day-partitions.js';

export interface EventWriteResult {
  readonly outcome: StoreOutcome;
  readonly policy: DedupPolicy;
  /** The group of the event that is stored under the key after the write. */
  readonly groupId: string;
}

interface WrittenKeyRow {
  readonly project_id: string;
  readonly event_id: string;
  readonly day: string;
  readonly inserted: boolean;
}

interface StoredGroupRow {
  readonly project_id: string;
  readonly event_id: string;
  readonly day: string;
  readonly group_id: string;
}

const POLICIES: readonly DedupPolicy[] = ['LAST_WRITE_WINS', 'FIRST_WRITE_WINS'];

const keyOf = (e: { projectId: string; eventId: string; day: string }) => dedupKeyString(e);
const keyOfRow = (r: { project_id: string; event_id: string; day: string }) =>
  dedupKeyString({ projectId: r.project_id, eventId: r.event_id, day: r.day });

/**
 * Stores a batch of valid events and says what happened to each, in order.
 * Dedup is decided by the database in one atomic statement per policy
 * (INSERT … ON CONFLICT), never by reading first, so concurrent writers of
 * one key cannot both "win"; counters follow from the rows by trigger. The
 * batch behaves as if stored one event at a time, and is written all or
 * nothing.
 */
export async function writeEventBatch(
  em: EntityManager,
  events: readonly NormalizedEvent[],
  policyOf: (projectId: string) => DedupPolicy,
): Promise<EventWriteResult[]> {
  const parts = POLICIES.map((policy) => ({
    policy,
    indexes: events.flatMap((e, i) => (policyOf(e.projectId) === policy ? [i] : [])),
  })).filter((part) => part.indexes.length > 0);
  // One policy means one write statement, atomic by itself: run outside an
  // explicit transaction, it commits as it ends. That saves the BEGIN and
  // COMMIT round trips and, above all, releases the hot counter rows its
  // triggers lock without waiting for a round trip to this process. (A
  // first-write-wins batch may add a read of stored groups; in READ
  // COMMITTED it sees the same as it would inside the transaction.)
  const run = <T>(work: (tx: EntityManager) => Promise<T>) =>
    parts.length === 1 ? work(em.fork()) : inTransaction(em, work);
  const write = () =>
    retryOnDeadlock(() =>
      run(async (tx) => {
        const results = new Array<EventWriteResult>(events.length);
        for (const { policy, indexes } of parts) {
          const items = indexes.map((i) => events[i] as NormalizedEvent);
          const written = await writeWithPolicy(tx, items, policy);
          written.forEach((result, j) => (results[indexes[j] as number] = result));
        }
        return results;
      }),
    );
  try {
    return await write();
  } catch (error) {
    // A day without partitions (a late event, or a day not yet prepared):
    // the failed statement wrote nothing, so create the batch's days and
    // write the whole batch again.
    if (!isMissingDayPartition(error)) throw error;
    await createDayPartitions(
      em,
      events.map((e) => e.day),
    );
    return write();
  }
}

async function writeWithPolicy(
  tx: EntityManager,
  items: readonly NormalizedEvent[],
  policy: DedupPolicy,
): Promise<EventWriteResult[]> {
  const plan = planBatch(
    items.map((e) => ({ key: keyOf(e) })),
    policy,
  );
  const writers = plan.writerIndexes.map((i) => items[i] as NormalizedEvent);
  const write = writeEventRowsSql(writers, policy);
  const rows = await boundQuery<WrittenKeyRow>(tx, write.sql, write.params);
  const insertedKeys = new Set(rows.filter((r) => r.inserted).map(keyOfRow));

  // First write wins: a writer whose insert did nothing met a stored event;
  // its answer names that event's group, not the group it would have had.
  const notInserted = writers.filter((e) => !insertedKeys.has(keyOf(e)));
  const storedGroupOfKey = new Map<string, string>();
  if (policy === 'FIRST_WRITE_WINS' && notInserted.length > 0) {
    const read = storedGroupsSql(notInserted);
    const stored = await boundQuery<StoredGroupRow>(tx, read.sql, read.params);
    stored.forEach((r) => storedGroupOfKey.set(keyOfRow(r), r.group_id));
  }

  const outcomes = batchStoreOutcomes(
    plan,
    (writerIndex) => !insertedKeys.has(keyOf(items[writerIndex] as NormalizedEvent)),
  );
  return plan.items.map(({ writerIndex }, i) => {
    const writer = items[writerIndex] as NormalizedEvent;
    const groupId = storedGroupOfKey.get(keyOf(writer)) ?? writer.groupId;
    return { outcome: outcomes[i] as StoreOutcome, policy, groupId };
  });
}
