import type { EntityManager } from '@mikro-orm/postgresql';
import type { DedupPolicy } from '@vigil/dedup';
import type { NormalizedEvent } from '../domain/normalized-event.js';
import { createGroupCommitter } from './group-commit.js';
import type { WritePressure } from './write-pressure.js';
import { writeEventBatch, type EventWriteResult } from './write-event-batch.js';

export interface EventStore {
  /** One event; coalesced with concurrent calls into a shared write (group commit). */
  storeOne(event: NormalizedEvent): Promise<EventWriteResult>;
  /** A caller's batch, written as one transaction on its own. */
  storeMany(events: readonly NormalizedEvent[]): Promise<EventWriteResult[]>;
  /** Waits for writes in flight (shutdown). */
  drain(): Promise<void>;
}

export function createEventStore(
  em: EntityManager,
  policyOf: (projectId: string) => DedupPolicy,
  groupCommitMaxEvents: number,
  pressure: WritePressure,
): EventStore {
  const committer = createGroupCommitter<NormalizedEvent, EventWriteResult>({
    flush: (events) => pressure.during(() => writeEventBatch(em, events, policyOf)),
    maxBatchSize: groupCommitMaxEvents,
    // One batch commits while the next one gathers: more in flight would
    // only queue on the same hot counter rows. A flush costs the database
    // about as much as 15–20 events on top of its events, so an overlapping
    // flush waits for a batch of some size (measured with bench:ingest: 24
    // beat 16, on par with 32, with 64 calls in flight).
    maxConcurrentFlushes: 2,
    minOverlapBatchSize: 24,
  });
  return {
    storeOne: (event) => committer.submit(event),
    storeMany: (events) =>
      events.length === 0 ? Promise.resolve([]) : pressure.during(() => writeEventBatch(em, events, policyOf)),
    drain: () => committer.drain(),
  };
}
