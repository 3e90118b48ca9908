import type { InferEntity, MikroORM } from '@mikro-orm/postgresql';
import { PendingSnapshotEntity } from './entities.js';

export type PendingSnapshotRow = InferEntity<typeof PendingSnapshotEntity>;

/** Where a page ends: the last row's sort key. */
export interface ListPosition {
  readonly nextAttemptAt: Date;
  readonly incidentId: string;
}

interface ListQuery {
  /** Only rows whose next attempt is at or before `now`. */
  readonly dueOnly: boolean;
  readonly now: Date;
  /** Rows strictly after this position; from the start when absent. */
  readonly after: ListPosition | undefined;
  readonly limit: number;
}

interface SchedulerCounts {
  /** int64 as a decimal string, like the contract. */
  readonly pending: string;
  readonly due: string;
  /** The earliest next attempt among due rows; absent when none is due. */
  readonly oldestDueAt: Date | undefined;
}

export interface PendingSnapshotReads {
  get(incidentId: string): Promise<PendingSnapshotRow | null>;
  /** Rows by ascending next_attempt_at, then incident_id. */
  list(query: ListQuery): Promise<PendingSnapshotRow[]>;
  counts(now: Date): Promise<SchedulerCounts>;
}

const COUNTS = `
SELECT count(*) AS pending,
       count(*) FILTER (WHERE next_attempt_at <= ?) AS due,
       (extract(epoch FROM min(next_attempt_at) FILTER (WHERE next_attempt_at <= ?)) * 1000)::float8 AS oldest_due_ms
FROM scheduler_pending_snapshot`;

interface CountsRow {
  pending: string;
  due: string;
  oldest_due_ms: number | null;
}

/** What the admin RPCs read. */
export function createPendingSnapshotReads(orm: MikroORM): PendingSnapshotReads {
  return {
    get: (incidentId) => orm.em.fork().findOne(PendingSnapshotEntity, { incidentId }),
    list: ({ dueOnly, now, after, limit }) =>
      orm.em.fork().find(
        PendingSnapshotEntity,
        {
          ...(dueOnly && { nextAttemptAt: { $lte: now } }),
          ...(after && {
            $or: [
              { nextAttemptAt: { $gt: after.nextAttemptAt } },
              { nextAttemptAt: after.nextAttemptAt, incidentId: { $gt: after.incidentId } },
            ],
          }),
        },
        { orderBy: { nextAttemptAt: 'asc', incidentId: 'asc' }, limit },
      ),
    async counts(now) {
      const [row] = await orm.em.fork().execute<CountsRow[]>(COUNTS, [now, now]);
      if (!row) throw new Error('count query returned no row');
      return {
        pending: row.pending,
        due: row.due,
        oldestDueAt: row.oldest_due_ms === null ? undefined : new Date(Math.round(row.oldest_due_ms)),
      };
    },
  };
}
