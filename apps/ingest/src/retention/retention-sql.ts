// SQL of the retention job. A day's partitions are named by migration 0003's
// ingest_create_day_partitions: <table>_pYYYYMMDD. Day strings come from the
// catalog (never from a caller) and are checked before they name a table.

/** The tables partitioned by day: the events first, then their counters. */
export const DAY_PARTITIONED_TABLES = [
  'ingest_event',
  'ingest_minute_count',
  'ingest_group_minute_count',
  'ingest_hour_count',
  'ingest_term_hour_count',
] as const;

/** Rows: day (YYYY-MM-DD) of every partition attached to any day-partitioned table. */
export const PARTITION_DAYS_SQL = `
  SELECT DISTINCT to_char(to_date(substring(c.relname FROM '_p([0-9]{8})$'), 'YYYYMMDD'), 'YYYY-MM-DD') AS day
  FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
  WHERE i.inhparent = ANY(ARRAY[${DAY_PARTITIONED_TABLES.map((t) => `'${t}'::regclass`).join(', ')}])
    AND c.relname ~ '_p[0-9]{8}$'
  ORDER BY 1`;

/** The partition of `table` holding `day`, as a quoted identifier. */
export function partitionOf(table: (typeof DAY_PARTITIONED_TABLES)[number], day: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`internal: "${day}" is not a day`);
  return `"${table}_p${day.replaceAll('-', '')}"`;
}

/**
 * Blocks writes and reads of the day-partitioned tables until the detaching
 * transaction ends (ONLY: the parents; every statement on a partition goes
 * through its parent). Detaching a partition needs this lock anyway; taking
 * it before the groups change means no writer of those groups sits between
 * the subtraction and the detach.
 */
export const LOCK_PARENTS_SQL = `LOCK TABLE ONLY ${DAY_PARTITIONED_TABLES.join(', ')} IN ACCESS EXCLUSIVE MODE`;

/** What the day's events counted per group: from its group-minute counters, exact by the triggers. */
export function lostPerGroupSql(day: string): string {
  return `CREATE TEMP TABLE retention_lost ON COMMIT DROP AS
    SELECT project_id, group_id, sum(events) AS events
    FROM ${partitionOf('ingest_group_minute_count', day)} GROUP BY 1, 2 HAVING sum(events) <> 0`;
}

/** One row: events (text) stored on the day, from its hour counters. */
export function dayEventCountSql(day: string): string {
  return `SELECT coalesce(sum(events), 0)::text AS events FROM ${partitionOf('ingest_hour_count', day)}`;
}

/** Groups lose the day's events. */
export const SUBTRACT_LOST_SQL = `UPDATE ingest_group g SET times_seen = g.times_seen - l.events
  FROM retention_lost l WHERE g.project_id = l.project_id AND g.group_id = l.group_id`;

/** A group with no stored event left goes. Rows: one per group removed. */
export const REMOVE_EMPTY_GROUPS_SQL = `DELETE FROM ingest_group g USING retention_lost l
  WHERE g.project_id = l.project_id AND g.group_id = l.group_id AND g.times_seen = 0 RETURNING 1`;

/**
 * A group that lost its first events is first seen at its earliest stored
 * event now ($1: the end of the dropped day; run after the detach).
 */
export const RESET_FIRST_SEEN_SQL = `UPDATE ingest_group g SET first_seen = (
    SELECT min(e."timestamp") FROM ingest_event e WHERE e.project_id = g.project_id AND e.group_id = g.group_id)
  FROM retention_lost l
  WHERE g.project_id = l.project_id AND g.group_id = l.group_id AND g.first_seen < $1`;

/**
 * Detaches the day's five partitions ($1: the day) and renames each to
 * detached_<name>, through migration 0007's SECURITY DEFINER function (the
 * service may run on a role with row rights only). Catalog changes only: the
 * caller holds the parents' lock, and the files stay until
 * DROP_DETACHED_TABLES_SQL. Rows: name, one per table detached.
 */
export const DETACH_DAY_SQL = 'SELECT ingest_detach_day_partitions($1::date) AS name';

/**
 * Rows: name of every table a retention run detached and has not dropped
 * yet (a run that stopped between the steps leaves them; their counts are
 * already subtracted).
 */
export const DETACHED_TABLES_SQL = `
  SELECT relname AS name FROM pg_class
  WHERE relkind = 'r' AND relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())
    AND relname ~ '^detached_(${DAY_PARTITIONED_TABLES.join('|')})_p[0-9]{8}$'
  ORDER BY 1`;

/**
 * Drops detached tables ($1: their names) in one statement, a transaction
 * of its own: it frees their files and locks nothing live.
 */
export const DROP_DETACHED_TABLES_SQL = 'SELECT ingest_drop_detached_day_tables($1::text[])';

/** Dry run — one row: groups (text) that would have nothing left once the day goes. */
export function groupsEmptiedSql(day: string): string {
  return `SELECT count(*)::text AS groups FROM ingest_group g JOIN (
      SELECT project_id, group_id, sum(events) AS events
      FROM ${partitionOf('ingest_group_minute_count', day)} GROUP BY 1, 2) l
    ON g.project_id = l.project_id AND g.group_id = l.group_id AND g.times_seen = l.events`;
}
