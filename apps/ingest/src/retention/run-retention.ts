import { boundQuery } from '@vigil/runtime';
import type { EntityManager } from '@mikro-orm/postgresql';
import { createDayPartitions, daysAhead } from '../db/day-partitions.js';
import { retentionPlan, startOfDayAfter } from './retention-plan.js';
import {
  dayEventCountSql,
  DROP_DAY_SQL,
  groupsEmptiedSql,
  LOCK_PARENTS_SQL,
  lostPerGroupSql,
  PARTITION_DAYS_SQL,
  REMOVE_EMPTY_GROUPS_SQL,
  RESET_FIRST_SEEN_SQL,
  SUBTRACT_LOST_SQL,
} from './retention-sql.js';

export interface RetentionOptions {
  readonly now: Date;
  readonly retentionDays: number;
  /** Say what would go, change nothing. */
  readonly dryRun: boolean;
  /** Days after today whose partitions are made ahead of time (not in a dry run). */
  readonly daysPreparedAhead: number;
  /** Told where each dropped day's time went (the benchmark prints it). */
  readonly onDayTimings?: (day: string, timings: DayDropTimings) => void;
}

/** Milliseconds of one day's drop, by phase. */
export interface DayDropTimings {
  /** Summing the day's counters per group, before any lock. */
  readonly readMs: number;
  /** Waiting for the parents' lock (statements in flight finish first). */
  readonly lockWaitMs: number;
  /** From the lock to the commit: groups updated, partitions dropped, first_seen moved. */
  readonly lockedMs: number;
  /** Parts of lockedMs: subtracting and removing groups, the DROP, moving first_seen, the COMMIT. */
  readonly groupsMs: number;
  readonly dropMs: number;
  readonly firstSeenMs: number;
  readonly commitMs: number;
  /** Failed attempts before this one (lock_timeout). */
  readonly retries: number;
}

export interface DroppedDay {
  readonly day: string;
  /** Events the day held. */
  readonly events: number;
  /** Groups that had nothing left and went. */
  readonly groupsRemoved: number;
}

export interface RetentionRun {
  /** False when another replica (or command) holds the retention lock: this one did nothing. */
  readonly ran: boolean;
  readonly oldestDayKept: string;
  /** Days dropped (or, in a dry run, that would be), oldest first. */
  readonly days: readonly DroppedDay[];
}

/** One lock key for every replica and the operator command. */
const RETENTION_LOCK = `hashtext('vigil_ingest_retention')`;
/** How long a day's drop waits for in-flight statements before it tries again (new ones queue behind it meanwhile). */
const LOCK_TIMEOUT = '2s';
const LOCK_ATTEMPTS = 5;
const LOCK_NOT_AVAILABLE = '55P03';

/**
 * Drops the days older than the retention, whole: each day in a transaction
 * of its own that sums the day's exact group-minute counters per group,
 * locks the day-partitioned tables, subtracts those sums from the groups,
 * removes the groups left with none, drops the day's four partitions and
 * moves first_seen of the groups that lost their first events. O(groups of
 * the day), whatever the number of events; never a DELETE of events.
 * One run at a time across replicas (a session advisory lock on a
 * connection of its own).
 */
export async function runRetention(em: EntityManager, options: RetentionOptions): Promise<RetentionRun> {
  return em
    .getConnection()
    .getClient()
    .connection()
    .execute(async (connection) => {
      const db = em.fork();
      db.setTransactionContext(connection);
      const [lock] = await boundQuery<{ locked: boolean }>(
        db,
        `SELECT pg_try_advisory_lock(${RETENTION_LOCK}) AS locked`,
      );
      if (lock?.locked !== true) {
        return {
          ran: false,
          oldestDayKept: retentionPlan(options.now, options.retentionDays, []).oldestDayKept,
          days: [],
        };
      }
      try {
        if (!options.dryRun) await createDayPartitions(db, daysAhead(options.now, options.daysPreparedAhead));
        const partitionDays = (await boundQuery<{ day: string }>(db, PARTITION_DAYS_SQL)).map((r) => r.day);
        const plan = retentionPlan(options.now, options.retentionDays, partitionDays);
        const days: DroppedDay[] = [];
        for (const day of plan.daysToDrop)
          days.push(options.dryRun ? await describeDay(db, day) : await dropDay(db, day, options.onDayTimings));
        return { ran: true, oldestDayKept: plan.oldestDayKept, days };
      } finally {
        await boundQuery(db, `SELECT pg_advisory_unlock(${RETENTION_LOCK})`);
      }
    });
}

async function describeDay(db: EntityManager, day: string): Promise<DroppedDay> {
  const [count] = await boundQuery<{ events: string }>(db, dayEventCountSql(day));
  const [emptied] = await boundQuery<{ groups: string }>(db, groupsEmptiedSql(day));
  return { day, events: Number(count?.events ?? 0), groupsRemoved: Number(emptied?.groups ?? 0) };
}

async function dropDay(
  db: EntityManager,
  day: string,
  onTimings?: RetentionOptions['onDayTimings'],
): Promise<DroppedDay> {
  for (let attempt = 1; ; attempt += 1) {
    await boundQuery(db, 'BEGIN');
    try {
      const began = performance.now();
      // Read before the lock, to hold it shorter: no write can change the
      // day any more, as ingest rejects events older than the retention.
      const [count] = await boundQuery<{ events: string }>(db, dayEventCountSql(day));
      await boundQuery(db, lostPerGroupSql(day));
      await boundQuery(db, `SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'`);
      const read = performance.now();
      await boundQuery(db, LOCK_PARENTS_SQL);
      const locked = performance.now();
      await boundQuery(db, SUBTRACT_LOST_SQL);
      const removed = await boundQuery(db, REMOVE_EMPTY_GROUPS_SQL);
      const grouped = performance.now();
      await boundQuery(db, DROP_DAY_SQL, [day]);
      const dropped = performance.now();
      // After the drop, so that the earliest stored event is one that stays.
      await boundQuery(db, RESET_FIRST_SEEN_SQL, [startOfDayAfter(day)]);
      const moved = performance.now();
      await boundQuery(db, 'COMMIT');
      const committed = performance.now();
      onTimings?.(day, {
        readMs: read - began,
        lockWaitMs: locked - read,
        lockedMs: committed - locked,
        groupsMs: grouped - locked,
        dropMs: dropped - grouped,
        firstSeenMs: moved - dropped,
        commitMs: committed - moved,
        retries: attempt - 1,
      });
      return { day, events: Number(count?.events ?? 0), groupsRemoved: removed.length };
    } catch (error) {
      await boundQuery(db, 'ROLLBACK').catch(() => undefined);
      const code = (error as { code?: unknown } | null)?.code;
      if (code !== LOCK_NOT_AVAILABLE || attempt >= LOCK_ATTEMPTS) throw error;
    }
  }
}
