import { Migration } from '@mikro-orm/migrations';

// Ingest schema, version 1. Immutable once released: change it with a new
// numbered migration.
//
// Exact counts are kept by the database itself: statement-level triggers
// with transition tables see every row an INSERT or an
// INSERT … ON CONFLICT DO UPDATE actually created or replaced (the OLD row
// is the committed version that was locked and replaced), so counters move
// with the stored events whatever the interleaving of writers. Application
// code never adjusts a counter itself.
export class Migration0001EventsGroupsCounters extends Migration {
  override async up(): Promise<void> {
    this.addSql(SQL);
  }
}

const SQL = `
CREATE TABLE ingest_event (
  project_id       bigint      NOT NULL,
  event_id         uuid        NOT NULL,
  day              date        NOT NULL,       -- UTC day of "timestamp": part of the dedup key
  "timestamp"      timestamptz NOT NULL,
  received_at      timestamptz NOT NULL,
  group_id         text        NOT NULL,       -- 32 hex digits, see grouping in the app
  level            smallint    NOT NULL,       -- 1 fatal, 2 error, 3 warning, 4 info, 5 debug
  platform         text        NOT NULL DEFAULT '',
  message          text        NOT NULL DEFAULT '',
  culprit          text        NOT NULL DEFAULT '',
  environment      text        NOT NULL DEFAULT '',
  release          text        NOT NULL DEFAULT '',
  fingerprint      jsonb       NOT NULL DEFAULT '[]',
  tags             jsonb       NOT NULL DEFAULT '{}',
  user_id          text        NOT NULL DEFAULT '',
  user_email       text        NOT NULL DEFAULT '',
  user_username    text        NOT NULL DEFAULT '',
  user_ip_address  text        NOT NULL DEFAULT '',
  user_key         text,                        -- first of id, email, username, ip; NULL = no user
  exception_type   text        NOT NULL DEFAULT '',
  exception_value  text        NOT NULL DEFAULT '',
  PRIMARY KEY (project_id, event_id, day)
);

-- Raw statistics (filters other than level, UNIQUE_USERS, partial minutes).
CREATE INDEX ingest_event_project_time ON ingest_event (project_id, "timestamp") INCLUDE (level, group_id, user_key);
CREATE INDEX ingest_event_project_group_time ON ingest_event (project_id, group_id, "timestamp");
CREATE INDEX ingest_event_tags ON ingest_event USING gin (tags jsonb_path_ops);

CREATE TABLE ingest_group (
  project_id  bigint      NOT NULL,
  group_id    text        NOT NULL,
  times_seen  bigint      NOT NULL,             -- = stored events in the group, kept by triggers
  first_seen  timestamptz NOT NULL,             -- earliest event timestamp ever stored in the group
  last_seen   timestamptz NOT NULL,             -- latest event timestamp ever stored in the group
  level       smallint    NOT NULL,             -- of the event with the latest timestamp
  culprit     text        NOT NULL,
  message     text        NOT NULL,
  PRIMARY KEY (project_id, group_id)
);

-- Event counts per whole minute, the fast path of TOTAL statistics whose
-- query is empty or about level only. Rows may reach 0; they are not deleted.
CREATE TABLE ingest_minute_count (
  project_id bigint      NOT NULL,
  minute     timestamptz NOT NULL,
  level      smallint    NOT NULL,
  events     bigint      NOT NULL,
  PRIMARY KEY (project_id, minute, level)
);

CREATE TABLE ingest_group_minute_count (
  project_id bigint      NOT NULL,
  group_id   text        NOT NULL,
  minute     timestamptz NOT NULL,
  level      smallint    NOT NULL,
  events     bigint      NOT NULL,
  PRIMARY KEY (project_id, group_id, minute, level)
);

-- Counts one statement's row changes: +1 for every row version that now
-- exists (new_rows), -1 for every version it replaced (old_rows, UPDATE
-- only). Upserts are sorted, so every writer locks counter rows in the same
-- order and writers cannot deadlock on them. A group that only loses events
-- in a statement gets placeholder bounds (+infinity / -infinity) that leave
-- its first_seen, last_seen and latest fields unchanged.
CREATE FUNCTION ingest_count_event_changes() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  changes text := 'SELECT project_id, group_id, "timestamp", level, culprit, message, 1 AS sign FROM new_rows';
BEGIN
  IF TG_OP = 'UPDATE' THEN
    changes := changes || ' UNION ALL SELECT project_id, group_id, "timestamp", level, culprit, message, -1 FROM old_rows';
  END IF;

  EXECUTE format($sql$
    WITH changes AS (%s),
    per_group AS (
      SELECT project_id, group_id, sum(sign) AS delta,
             coalesce(min("timestamp") FILTER (WHERE sign > 0), 'infinity') AS first_seen,
             coalesce(max("timestamp") FILTER (WHERE sign > 0), '-infinity') AS last_seen
      FROM changes GROUP BY project_id, group_id
    ),
    latest AS (
      SELECT DISTINCT ON (project_id, group_id) project_id, group_id, level, culprit, message
      FROM changes WHERE sign > 0 ORDER BY project_id, group_id, "timestamp" DESC
    )
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
  $sql$, changes);

  EXECUTE format($sql$
    WITH changes AS (%s)
    INSERT INTO ingest_minute_count AS m (project_id, minute, level, events)
    SELECT project_id, date_trunc('minute', "timestamp"), level, sum(sign)
    FROM changes GROUP BY 1, 2, 3 HAVING sum(sign) <> 0 ORDER BY 1, 2, 3
    ON CONFLICT (project_id, minute, level) DO UPDATE SET events = m.events + excluded.events
  $sql$, changes);

  EXECUTE format($sql$
    WITH changes AS (%s)
    INSERT INTO ingest_group_minute_count AS m (project_id, group_id, minute, level, events)
    SELECT project_id, group_id, date_trunc('minute', "timestamp"), level, sum(sign)
    FROM changes GROUP BY 1, 2, 3, 4 HAVING sum(sign) <> 0 ORDER BY 1, 2, 3, 4
    ON CONFLICT (project_id, group_id, minute, level) DO UPDATE SET events = m.events + excluded.events
  $sql$, changes);
  RETURN NULL;
END
$fn$;

CREATE TRIGGER ingest_event_counted_on_insert AFTER INSERT ON ingest_event
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ingest_count_event_changes();
CREATE TRIGGER ingest_event_counted_on_update AFTER UPDATE ON ingest_event
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ingest_count_event_changes();
`;
