// Which days retention drops: pure, the clock passed in.
const DAY_MS = 86_400_000;

export interface RetentionPlan {
  /** The oldest UTC day kept (YYYY-MM-DD): the day of `now − retentionDays`, which may still hold events that are inside the retention. */
  readonly oldestDayKept: string;
  /** Days that have partitions and are wholly older than the retention, oldest first. */
  readonly daysToDrop: readonly string[];
}

/**
 * Ingest rejects an event older than `now − retentionDays` (normalize-event),
 * so every day before that instant's day is wholly outside the retention: no
 * event for it can be accepted any more, and it goes whole. The day holding
 * that instant is kept until it is wholly older.
 */
export function retentionPlan(now: Date, retentionDays: number, partitionDays: readonly string[]): RetentionPlan {
  const oldestDayKept = utcDayOf(new Date(now.getTime() - retentionDays * DAY_MS));
  // YYYY-MM-DD strings order as the days do.
  const daysToDrop = partitionDays.filter((day) => day < oldestDayKept).sort();
  return { oldestDayKept, daysToDrop };
}

/** The UTC day after `day` (YYYY-MM-DD), as its first instant. */
export function startOfDayAfter(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS);
}

function utcDayOf(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}
