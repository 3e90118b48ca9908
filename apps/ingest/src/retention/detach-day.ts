import { boundQuery } from '@vigil/runtime';
import type { EntityManager } from '@mikro-orm/postgresql';
import { startOfDayAfter } from './retention-plan.js';
import {
  dayEventCountSql,
  DETACH_DAY_SQL,
  LOCK_PARENTS_SQL,
  lostPerGroupSql,
  REMOVE_EMPTY_GROUPS_SQL,
  RESET_FIRST_SEEN_SQL,
  SUBTRACT_LOST_SQL,
} from './retention-sql.js';

/** How long a day's detach waits for in-flight statements before it tries again (new ones queue behind it meanwhile). */
const LOCK_TIMEOUT = '2s';
const LOCK_ATTEMPTS = 5;
const LOCK_NOT_AVAILABLE = '55P03';

/** Milliseconds of one day's detach, by phase. */
export interface DayDetachTimings {
  /** Summing the day's counters per group, before any lock. */
  readonly readMs: number;
  /** Waiting for the parents' lock (statements in flight finish first). */
  readonly lockWaitMs: number;
  /** From the lock to the commit: the time writes and reads of the live tables wait. */
  readonly lockedMs: number;
  /** Parts of lockedMs: subtracting and removing groups, the DETACH, moving first_seen, the COMMIT. */
  readonly groupsMs: number;
  readonly detachMs: number;
  readonly firstSeenMs: number;
  readonly commitMs: number;
  /** Failed attempts before this one (lock_timeout). */
  readonly retries: number;
}

export interface DayDetach {
  /** Events the day held. */
  readonly events: number;
  /** Groups that had nothing left and went. */
  readonly groupsRemoved: number;
  /** The day's tables, detached and renamed, whose files are still to be dropped. */
  readonly detachedTables: readonly string[];
  readonly timings: DayDetachTimings;
}

/**
 * Takes one day out of the live tables, in one transaction: sums the day's
 * exact group-minute counters per group (before the lock), locks the
 * day-partitioned tables, subtracts the sums from the groups, removes the
 * groups left with none, detaches the day's partitions and moves first_seen
 * of the groups that lost their first events. Only catalog rows and groups
 * change, so the commit frees no file: the lock is held for milliseconds
 * whatever the number of events. The counts leave the groups in the same
 * commit as the day leaves the tables, so they are subtracted exactly once.
 * `db` is pinned to one connection (BEGIN … COMMIT are statements on it).
 */
export async function detachDay(db: EntityManager, day: string): Promise<DayDetach> {
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
      const detached = await boundQuery<{ name: string }>(db, DETACH_DAY_SQL, [day]);
      const detachDone = performance.now();
      // After the detach, so that the earliest stored event is one that stays.
      await boundQuery(db, RESET_FIRST_SEEN_SQL, [startOfDayAfter(day)]);
      const moved = performance.now();
      await boundQuery(db, 'COMMIT');
      const committed = performance.now();
      return {
        events: Number(count?.events ?? 0),
        groupsRemoved: removed.length,
        detachedTables: detached.map((r) => r.name),
        timings: {
          readMs: read - began,
          lockWaitMs: locked - read,
          lockedMs: committed - locked,
          groupsMs: grouped - locked,
          detachMs: detachDone - grouped,
          firstSeenMs: moved - detachDone,
          commitMs: committed - moved,
          retries: attempt - 1,
        },
      };
    } catch (error) {
      await boundQuery(db, 'ROLLBACK').catch(() => undefined);
      const code = (error as { code?: unknown } | null)?.code;
      if (code !== LOCK_NOT_AVAILABLE || attempt >= LOCK_ATTEMPTS) throw error;
    }
  }
}
