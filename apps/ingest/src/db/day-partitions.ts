// The day partitions of events and their counters (migration 0003): created
// ahead of time for the days that are about to arrive, and on demand for a
// day that had none when a write met it (a late event).
import { boundQuery } from '@vigil/runtime';
import type { EntityManager } from '@mikro-orm/postgresql';

const DAY_MS = 86_400_000;

/** Days after today whose partitions are made ahead of time: tomorrow (events up to 60 s ahead are kept) and one more. */
export const DAYS_PREPARED_AHEAD = 2;

/** SQLSTATE of "no partition of relation … found for row". */
const NO_PARTITION_FOR_ROW = '23514';

/** Creates the partitions of each day (YYYY-MM-DD) that lacks them; idempotent, safe beside other replicas. */
export async function createDayPartitions(em: EntityManager, days: readonly string[]): Promise<void> {
  if (days.length === 0) return;
  await boundQuery(em, 'SELECT ingest_create_day_partitions(d) FROM unnest($1::date[]) AS d ORDER BY d', [
    [...new Set(days)],
  ]);
}

/** The UTC days from `now`'s day to `daysAhead` days after it, as YYYY-MM-DD. */
export function daysAhead(now: Date, daysAhead: number): string[] {
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  return Array.from({ length: daysAhead + 1 }, (_, i) => new Date(today + i * DAY_MS).toISOString().slice(0, 10));
}

/** Whether a write failed because a row's day has no partition (of the events or of a counter table). */
export function isMissingDayPartition(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === NO_PARTITION_FOR_ROW && typeof message === 'string' && message.includes('no partition of relation');
}
