import { boundQuery } from '@vigil/runtime';
import type { EntityManager } from '@mikro-orm/postgresql';
import { createDayPartitions, daysAhead } from '../db/day-partitions.js';
import { detachDay, type DayDetachTimings } from './detach-day.js';
import { retentionPlan } from './retention-plan.js';
import {
  dayEventCountSql,
  DETACHED_TABLES_SQL,
  DROP_DETACHED_TABLES_SQL,
  groupsEmptiedSql,
  PARTITION_DAYS_SQL,
} from './retention-sql.js';

export interface RetentionOptions {
  readonly now: Date;
  readonly retentionDays: number;
  /** Say what would go, change nothing. */
  readonly dryRun: boolean;
  /** Days after today whose partitions are made ahead of time (not in a dry run). */
  readonly daysPreparedAhead: number;
  /**
   * Told when a day has left the live tables (its counts subtracted, its
   * partitions detached, committed), before its files are dropped.
   */
  readonly onDayDetached?: (day: string) => void;
  /** Told where each dropped day's time went (the benchmark prints it). */
  readonly onDayTimings?: (day: string, timings: DayDropTimings) => void;
}

/** Milliseconds of one day's drop, by phase: its detach, then dropping its detached tables (freeing their files). */
export interface DayDropTimings extends DayDetachTimings {
  readonly filesMs: number;
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
  /**
   * Tables an earlier run detached (counts already subtracted) but stopped
   * before dropping: dropped by this run (in a dry run, would be).
   */
  readonly leftoverTables: readonly string[];
}

/** One lock key for every replica and the operator command. */
const RETENTION_LOCK = `hashtext('vigil_ingest_retention')`;

/**
 * Drops the days older than the retention, whole, each in two steps: a
 * short transaction that subtracts the day's exact counts from the groups
 * and detaches its partitions (detachDay), then one DROP of the detached
 * tables, a transaction of its own that frees the files while nothing live
 * is locked. O(groups of the day), whatever the number of events; never a
 * DELETE of events. A run that stopped between the steps left detached
 * tables: each run drops those first (their counts went with the detach).
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
          leftoverTables: [],
        };
      }
      try {
        if (!options.dryRun) await createDayPartitions(db, daysAhead(options.now, options.daysPreparedAhead));
        const leftoverTables = (await boundQuery<{ name: string }>(db, DETACHED_TABLES_SQL)).map((r) => r.name);
        if (!options.dryRun) await dropDetachedTables(db, leftoverTables);
        const partitionDays = (await boundQuery<{ day: string }>(db, PARTITION_DAYS_SQL)).map((r) => r.day);
        const plan = retentionPlan(options.now, options.retentionDays, partitionDays);
        const days: DroppedDay[] = [];
        for (const day of plan.daysToDrop)
          days.push(options.dryRun ? await describeDay(db, day) : await dropDay(db, day, options));
        return { ran: true, oldestDayKept: plan.oldestDayKept, days, leftoverTables };
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

async function dropDay(db: EntityManager, day: string, options: RetentionOptions): Promise<DroppedDay> {
  const detach = await detachDay(db, day);
  options.onDayDetached?.(day);
  const began = performance.now();
  await dropDetachedTables(db, detach.detachedTables);
  options.onDayTimings?.(day, { ...detach.timings, filesMs: performance.now() - began });
  return { day, events: detach.events, groupsRemoved: detach.groupsRemoved };
}

async function dropDetachedTables(db: EntityManager, tables: readonly string[]): Promise<void> {
  if (tables.length > 0) await boundQuery(db, DROP_DETACHED_TABLES_SQL, [tables]);
}
