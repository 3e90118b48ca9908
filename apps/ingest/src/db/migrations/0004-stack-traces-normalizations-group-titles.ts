import { Migration } from '@mikro-orm/migrations';

// Ingest schema, version 4 (issue 16): what real error-tracking clients send,
// kept; and a group's description taken from its most recently stored event.
//
// - ingest_event gets the outermost exception's stack trace, the cause chain,
//   the title the event gives its group, and the normalizations ingest made
//   to store it (what was shortened, dropped or replaced, so a person can see
//   why a tag is missing). Added with constant defaults: no table rewrite.
// - ingest_group gets `title` and the stored-at order of the event its
//   level, culprit, message and title come from: (latest_received_at,
//   latest_event_id). group.proto says "of the most recently stored event";
//   version 2's triggers took the event with the latest *timestamp* and let
//   ties go to whichever statement ran last. Now a row replaces the group's
//   description when it was received later, ties broken by the larger event
//   id, so the same rows give the same group whatever order writers commit in.
// - Existing groups are described once from their most recently stored event
//   (received_at, then event id), with the title worked out as ingest does
//   for new events: "type: value", or the message when there is no exception
//   or it is the one an SDK attaches to a message (no type, its value begins
//   the message). Their group ids are not changed: see docs/decisions.md.
//
// The two counting trigger functions are replaced, their counting unchanged.
export class Migration0004StackTracesNormalizationsGroupTitles extends Migration {
  override async up(): Promise<void> {
    this.addSql(SQL);
  }
}

// The group's description follows a row stored later than the one it came from.
const LATER_STORED =
  '(excluded.latest_received_at, excluded.latest_event_id) > (g.latest_received_at, g.latest_event_id)';
const DESCRIBED_BY_LATER_STORED = ['level', 'culprit', 'message', 'title', 'latest_received_at', 'latest_event_id']
  .map((column) => `${column} = CASE WHEN ${LATER_STORED} THEN excluded.${column} ELSE g.${column} END`)
  .join(',\n      ');

const SQL = `
ALTER TABLE ingest_event
  ADD COLUMN exception_stacktrace jsonb,
  ADD COLUMN causes jsonb NOT NULL DEFAULT '[]',
  ADD COLUMN title text NOT NULL DEFAULT '',
  ADD COLUMN normalizations jsonb NOT NULL DEFAULT '[]';

ALTER TABLE ingest_group
  ADD COLUMN title text NOT NULL DEFAULT '',
  ADD COLUMN latest_received_at timestamptz NOT NULL DEFAULT '-infinity',
  ADD COLUMN latest_event_id uuid NOT NULL DEFAULT '00000000-0000-0000-0000-000000000000';

UPDATE ingest_event SET title = CASE
    WHEN exception_type = '' AND (exception_value = '' OR (message <> '' AND starts_with(message, exception_value)))
      THEN message
    WHEN exception_type = '' THEN exception_value
    WHEN exception_value = '' THEN exception_type
    ELSE exception_type || ': ' || exception_value
  END;

UPDATE ingest_group g SET level = l.level, culprit = l.culprit, message = l.message, title = l.title,
    latest_received_at = l.received_at, latest_event_id = l.event_id
  FROM (
    SELECT DISTINCT ON (project_id, group_id) project_id, group_id, level, culprit, message, title, received_at, event_id
    FROM ingest_event ORDER BY project_id, group_id, received_at DESC, event_id DESC
  ) l
  WHERE g.project_id = l.project_id AND g.group_id = l.group_id;

CREATE OR REPLACE FUNCTION ingest_count_inserted_events() RETURNS trigger LANGUAGE plpgsql AS $fn$
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
    SELECT DISTINCT ON (project_id, group_id) project_id, group_id, level, culprit, message, title, received_at, event_id
    FROM new_rows ORDER BY project_id, group_id, received_at DESC, event_id DESC
  ),
  groups AS (
    INSERT INTO ingest_group AS g (project_id, group_id, times_seen, first_seen, last_seen, level, culprit, message,
                                   title, latest_received_at, latest_event_id)
    SELECT p.project_id, p.group_id, p.delta, p.first_seen, p.last_seen, l.level, l.culprit, l.message,
           l.title, l.received_at, l.event_id
    FROM per_group p JOIN latest l USING (project_id, group_id)
    ORDER BY p.project_id, p.group_id
    ON CONFLICT (project_id, group_id) DO UPDATE SET
      times_seen = g.times_seen + excluded.times_seen,
      first_seen = least(g.first_seen, excluded.first_seen),
      last_seen  = greatest(g.last_seen, excluded.last_seen),
      ${DESCRIBED_BY_LATER_STORED}
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

CREATE OR REPLACE FUNCTION ingest_count_replaced_events() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  -- Fires for every INSERT … ON CONFLICT DO UPDATE, also when it replaced nothing.
  IF NOT EXISTS (SELECT FROM new_rows) THEN
    RETURN NULL;
  END IF;
  WITH changes AS MATERIALIZED (
    SELECT project_id, group_id, "timestamp", level, culprit, message, title, received_at, event_id, 1 AS sign
    FROM new_rows
    UNION ALL
    SELECT project_id, group_id, "timestamp", level, culprit, message, title, received_at, event_id, -1
    FROM old_rows
  ),
  per_group AS (
    SELECT project_id, group_id, sum(sign) AS delta,
           coalesce(min("timestamp") FILTER (WHERE sign > 0), 'infinity') AS first_seen,
           coalesce(max("timestamp") FILTER (WHERE sign > 0), '-infinity') AS last_seen
    FROM changes GROUP BY project_id, group_id
  ),
  latest AS (
    SELECT DISTINCT ON (project_id, group_id) project_id, group_id, level, culprit, message, title, received_at, event_id
    FROM changes WHERE sign > 0 ORDER BY project_id, group_id, received_at DESC, event_id DESC
  ),
  groups AS (
    -- A group that only lost a row (a replacement moved it elsewhere) gets no
    -- latest row: '-infinity' never wins the comparison, so it keeps its description.
    INSERT INTO ingest_group AS g (project_id, group_id, times_seen, first_seen, last_seen, level, culprit, message,
                                   title, latest_received_at, latest_event_id)
    SELECT p.project_id, p.group_id, p.delta, p.first_seen, p.last_seen,
           coalesce(l.level, 0), coalesce(l.culprit, ''), coalesce(l.message, ''), coalesce(l.title, ''),
           coalesce(l.received_at, '-infinity'), coalesce(l.event_id, '00000000-0000-0000-0000-000000000000')
    FROM per_group p LEFT JOIN latest l USING (project_id, group_id)
    ORDER BY p.project_id, p.group_id
    ON CONFLICT (project_id, group_id) DO UPDATE SET
      times_seen = g.times_seen + excluded.times_seen,
      first_seen = least(g.first_seen, excluded.first_seen),
      last_seen  = greatest(g.last_seen, excluded.last_seen),
      ${DESCRIBED_BY_LATER_STORED}
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
`;
