import { Migration } from '@mikro-orm/migrations';

// Ingest schema, version 2: cheaper exact counting, and hour counters.
//
// - The counter triggers of 0001 built their statements as text and ran
//   them with EXECUTE: every write statement paid for parsing and planning
//   six statements (the UPDATE trigger also fires, with nothing to count,
//   for an INSERT … ON CONFLICT DO UPDATE that only inserted). That fixed
//   cost dominated small batches, such as group-committed unary calls.
//   Here each trigger is static SQL (PL/pgSQL caches its plan), one
//   statement whose CTEs update every counter table, and returns at once
//   when its transition table is empty. The counting itself is unchanged:
//   +1 per row version that now exists, -1 per version replaced.
// - ingest_hour_count: event counts per whole UTC hour and level, so a
//   time series in hour-multiple buckets reads one row per hour instead of
//   sixty. Filled from the minute counters, which nest in hours exactly.
//
// Every writer runs the same statement, so counter rows are still locked in
// one order (table by table, sorted within a table).
export class Migration0002StaticCounterTriggersHourCounts extends Migration {
  override async up(): Promise<void> {
    this.addSql(SQL);
  }
}

const SQL = `
-- Event counts per whole UTC hour: the TOTAL statistics fast path for hour-multiple rollups.
CREATE TABLE ingest_hour_count (
  project_id bigint      NOT NULL,
  hour       timestamptz NOT NULL,
  level      smallint    NOT NULL,
  events     bigint      NOT NULL,
  PRIMARY KEY (project_id, hour, level)
);
INSERT INTO ingest_hour_count (project_id, hour, level, events)
SELECT project_id, date_trunc('hour', minute, 'UTC'), level, sum(events)
FROM ingest_minute_count GROUP BY 1, 2, 3 HAVING sum(events) <> 0;

DROP TRIGGER ingest_event_counted_on_insert ON ingest_event;
DROP TRIGGER ingest_event_counted_on_update ON ingest_event;
DROP FUNCTION ingest_count_event_changes();

CREATE FUNCTION ingest_count_inserted_events() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  -- An INSERT … ON CONFLICT DO UPDATE that only replaced inserts nothing.
  IF NOT EXISTS (SELECT FROM new_rows) THEN
    RETURN NULL;
  END IF;
  WITH per_group AS (
    SELECT project_id, group_id, count(*) AS delta, min("timestamp") AS first_seen, max("timestamp") AS last_seen
    FROM new_rows GROUP BY project_id, group_id
  ),
  latest AS (
    SELECT DISTINCT ON (project_id, group_id) project_id, group_id, level, culprit, message
    FROM new_rows ORDER BY project_id, group_id, "timestamp" DESC
  ),
  groups AS (
    INSERT INTO ingest_group AS g (project_id, group_id, times_seen, first_seen, last_seen, level, culprit, message)
    SELECT p.project_id, p.group_id, p.delta, p.first_seen, p.last_seen, l.level, l.culprit, l.message
    FROM per_group p JOIN latest l USING (project_id, group_id)
    ORDER BY p.project_id, p.group_id
    ON CONFLICT (project_id, group_id) DO UPDATE SET
      times_seen = g.times_seen + excluded.times_seen,
      first_seen = least(g.first_seen, excluded.first_seen),
      level      = CASE WHEN excluded.last_seen >= g.last_seen THEN excluded.level ELSE g.level END,
      culprit    = CASE WHEN excluded.last_seen >= g.last_seen THEN excluded.culprit ELSE g.culprit END,
      message    = CASE WHEN excluded.last_seen >= g.last_seen THEN excluded.message ELSE g.message END,
      last_seen  = greatest(g.last_seen, excluded.last_seen)
    RETURNING 1
  ),
  minutes AS (
    INSERT INTO ingest_minute_count AS m (project_id, minute, level, events)
    SELECT project_id, date_trunc('minute', "timestamp"), level, count(*)
    FROM new_rows GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (project_id, minute, level) DO UPDATE SET events = m.events + excluded.events
    RETURNING 1
  ),
  hours AS (
    INSERT INTO ingest_hour_count AS h (project_id, hour, level, events)
    SELECT project_id, date_trunc('hour', "timestamp", 'UTC'), level, count(*)
    FROM new_rows GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (project_id, hour, level) DO UPDATE SET events = h.events + excluded.events
    RETURNING 1
  )
  INSERT INTO ingest_group_minute_count AS m (project_id, group_id, minute, level, events)
  SELECT project_id, group_id, date_trunc('minute', "timestamp"), level, count(*)
  FROM new_rows GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
  ON CONFLICT (project_id, group_id, minute, level) DO UPDATE SET events = m.events + excluded.events;
  RETURN NULL;
END
$fn$;

CREATE TRIGGER ingest_event_counted_on_insert AFTER INSERT ON ingest_event
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ingest_count_inserted_events();

CREATE FUNCTION ingest_count_replaced_events() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  -- Fires for every INSERT … ON CONFLICT DO UPDATE, also when it replaced nothing.
  IF NOT EXISTS (SELECT FROM new_rows) THEN
    RETURN NULL;
  END IF;
  WITH changes AS MATERIALIZED (
    SELECT project_id, group_id, "timestamp", level, culprit, message, 1 AS sign FROM new_rows
    UNION ALL
    SELECT project_id, group_id, "timestamp", level, culprit, message, -1 FROM old_rows
  ),
  per_group AS (
    SELECT project_id, group_id, sum(sign) AS delta,
           coalesce(min("timestamp") FILTER (WHERE sign > 0), 'infinity') AS first_seen,
           coalesce(max("timestamp") FILTER (WHERE sign > 0), '-infinity') AS last_seen
    FROM changes GROUP BY project_id, group_id
  ),
  latest AS (
    SELECT DISTINCT ON (project_id, group_id) project_id, group_id, level, culprit, message
    FROM changes WHERE sign > 0 ORDER BY project_id, group_id, "timestamp" DESC
  ),
  groups AS (
    INSERT INTO ingest_group AS g (project_id, group_id, times_seen, first_seen, last_seen, level, culprit, message)
    SELECT p.project_id, p.group_id, p.delta, p.first_seen, p.last_seen,
           coalesce(l.level, 0), coalesce(l.culprit, ''), coalesce(l.message, '')
    FROM per_group p LEFT JOIN latest l USING (project_id, group_id)
    ORDER BY p.project_id, p.group_id
    ON CONFLICT (project_id, group_id) DO UPDATE SET
      times_seen = g.times_seen + excluded.times_seen,
      first_seen = least(g.first_seen, excluded.first_seen),
      level      = CASE WHEN excluded.last_seen >= g.last_seen THEN excluded.level ELSE g.level END,
      culprit    = CASE WHEN excluded.last_seen >= g.last_seen THEN excluded.culprit ELSE g.culprit END,
      message    = CASE WHEN excluded.last_seen >= g.last_seen THEN excluded.message ELSE g.message END,
      last_seen  = greatest(g.last_seen, excluded.last_seen)
    RETURNING 1
  ),
  minutes AS (
    INSERT INTO ingest_minute_count AS m (project_id, minute, level, events)
    SELECT project_id, date_trunc('minute', "timestamp"), level, sum(sign)
    FROM changes GROUP BY 1, 2, 3 HAVING sum(sign) <> 0 ORDER BY 1, 2, 3
    ON CONFLICT (project_id, minute, level) DO UPDATE SET events = m.events + excluded.events
    RETURNING 1
  ),
  hours AS (
    INSERT INTO ingest_hour_count AS h (project_id, hour, level, events)
    SELECT project_id, date_trunc('hour', "timestamp", 'UTC'), level, sum(sign)
    FROM changes GROUP BY 1, 2, 3 HAVING sum(sign) <> 0 ORDER BY 1, 2, 3
    ON CONFLICT (project_id, hour, level) DO UPDATE SET events = h.events + excluded.events
    RETURNING 1
  )
  INSERT INTO ingest_group_minute_count AS m (project_id, group_id, minute, level, events)
  SELECT project_id, group_id, date_trunc('minute', "timestamp"), level, sum(sign)
  FROM changes GROUP BY 1, 2, 3, 4 HAVING sum(sign) <> 0 ORDER BY 1, 2, 3, 4
  ON CONFLICT (project_id, group_id, minute, level) DO UPDATE SET events = m.events + excluded.events;
  RETURN NULL;
END
$fn$;
CREATE TRIGGER ingest_event_counted_on_update AFTER UPDATE ON ingest_event
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ingest_count_replaced_events();
`;
