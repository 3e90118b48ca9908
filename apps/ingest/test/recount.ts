// Recounts from the stored events themselves (SQL on ingest_event), to
// compare with what the service keeps incrementally. Each function returns
// the rows where the two disagree: an empty list means the counters are exact.
import type pg from 'pg';

export interface CountMismatch {
  readonly counter: string;
  readonly key: string;
  readonly kept: number;
  readonly recounted: number;
}

async function mismatches(sql: pg.Pool, counter: string, query: string): Promise<CountMismatch[]> {
  const { rows } = await sql.query<{ key: string; kept: string; recounted: string }>(query);
  return rows.map((r) => ({ counter, key: r.key, kept: Number(r.kept), recounted: Number(r.recounted) }));
}

/** Groups whose times_seen differs from the number of stored events in them (both ways round). */
function groupCountMismatches(sql: pg.Pool): Promise<CountMismatch[]> {
  return mismatches(
    sql,
    'ingest_group.times_seen',
    `SELECT concat_ws('/', coalesce(g.project_id, e.project_id), coalesce(g.group_id, e.group_id)) AS key,
            coalesce(g.times_seen, 0) AS kept, coalesce(e.events, 0) AS recounted
     FROM ingest_group g
     FULL JOIN (SELECT project_id, group_id, count(*) AS events FROM ingest_event GROUP BY 1, 2) e
       USING (project_id, group_id)
     WHERE coalesce(g.times_seen, 0) <> coalesce(e.events, 0)
     ORDER BY 1`,
  );
}

/** Per-minute counters (rows at 0 ignored) that differ from a recount of the events by minute and level. */
function minuteCountMismatches(sql: pg.Pool): Promise<CountMismatch[]> {
  return mismatches(
    sql,
    'ingest_minute_count',
    `SELECT concat_ws('/', project_id, minute, level) AS key, coalesce(m.events, 0) AS kept, coalesce(e.events, 0) AS recounted
     FROM (SELECT * FROM ingest_minute_count WHERE events <> 0) m
     FULL JOIN (SELECT project_id, date_trunc('minute', "timestamp") AS minute, level, count(*) AS events
                FROM ingest_event GROUP BY 1, 2, 3) e
       USING (project_id, minute, level)
     WHERE coalesce(m.events, 0) <> coalesce(e.events, 0)
     ORDER BY 1`,
  );
}

/** Per-group, per-minute counters (rows at 0 ignored) that differ from a recount of the events. */
function groupMinuteCountMismatches(sql: pg.Pool): Promise<CountMismatch[]> {
  return mismatches(
    sql,
    'ingest_group_minute_count',
    `SELECT concat_ws('/', project_id, group_id, minute, level) AS key, coalesce(m.events, 0) AS kept, coalesce(e.events, 0) AS recounted
     FROM (SELECT * FROM ingest_group_minute_count WHERE events <> 0) m
     FULL JOIN (SELECT project_id, group_id, date_trunc('minute', "timestamp") AS minute, level, count(*) AS events
                FROM ingest_event GROUP BY 1, 2, 3, 4) e
       USING (project_id, group_id, minute, level)
     WHERE coalesce(m.events, 0) <> coalesce(e.events, 0)
     ORDER BY 1`,
  );
}

/** Per-hour counters (rows at 0 ignored), where the schema has them, against a recount by UTC hour and level. */
async function hourCountMismatches(sql: pg.Pool): Promise<CountMismatch[]> {
  const { rows } = await sql.query<{ present: boolean }>(
    `SELECT to_regclass('ingest_hour_count') IS NOT NULL AS present`,
  );
  if (rows[0]?.present !== true) return [];
  return mismatches(
    sql,
    'ingest_hour_count',
    `SELECT concat_ws('/', project_id, hour, level) AS key, coalesce(h.events, 0) AS kept, coalesce(e.events, 0) AS recounted
     FROM (SELECT * FROM ingest_hour_count WHERE events <> 0) h
     FULL JOIN (SELECT project_id, date_trunc('hour', "timestamp", 'UTC') AS hour, level, count(*) AS events
                FROM ingest_event GROUP BY 1, 2, 3) e
       USING (project_id, hour, level)
     WHERE coalesce(h.events, 0) <> coalesce(e.events, 0)
     ORDER BY 1`,
  );
}

/** Per-hour term counters (rows at 0 ignored), where the schema has them, against a recount of each event's terms. */
async function termHourCountMismatches(sql: pg.Pool): Promise<CountMismatch[]> {
  const { rows } = await sql.query<{ present: boolean }>(
    `SELECT to_regclass('ingest_term_hour_count') IS NOT NULL AS present`,
  );
  if (rows[0]?.present !== true) return [];
  // The terms recounted here without the migration's ingest_event_terms, so a mistake there shows.
  return mismatches(
    sql,
    'ingest_term_hour_count',
    `SELECT concat_ws('/', project_id, term, value, hour) AS key, coalesce(c.events, 0) AS kept, coalesce(e.events, 0) AS recounted
     FROM (SELECT * FROM ingest_term_hour_count WHERE events <> 0) c
     FULL JOIN (
       SELECT project_id, term, value, date_trunc('hour', "timestamp", 'UTC') AS hour, count(*) AS events
       FROM (SELECT project_id, "timestamp", 'environment' AS term, environment AS value FROM ingest_event
             UNION ALL SELECT project_id, "timestamp", 'release', release FROM ingest_event
             UNION ALL SELECT project_id, "timestamp", 'platform', platform FROM ingest_event
             UNION ALL SELECT project_id, "timestamp", 'tag:' || t.key, t.value
                       FROM ingest_event, jsonb_each_text(tags) AS t) terms
       GROUP BY 1, 2, 3, 4) e
       USING (project_id, term, value, hour)
     WHERE coalesce(c.events, 0) <> coalesce(e.events, 0)
     ORDER BY 1`,
  );
}

/** Every counter the service keeps against a recount of the stored events: empty when all are exact. */
export async function allCountMismatches(sql: pg.Pool): Promise<CountMismatch[]> {
  return [
    ...(await groupCountMismatches(sql)),
    ...(await minuteCountMismatches(sql)),
    ...(await groupMinuteCountMismatches(sql)),
    ...(await hourCountMismatches(sql)),
    ...(await termHourCountMismatches(sql)),
  ];
}

/** Stored events of a project (or all projects). */
export async function storedEventCount(sql: pg.Pool, projectId?: string): Promise<number> {
  const { rows } = await sql.query<{ n: string }>(
    projectId === undefined
      ? 'SELECT count(*) AS n FROM ingest_event'
      : 'SELECT count(*) AS n FROM ingest_event WHERE project_id = $1',
    projectId === undefined ? [] : [projectId],
  );
  return Number(rows[0]?.n ?? 0);
}
