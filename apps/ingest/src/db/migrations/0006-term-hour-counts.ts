import { Migration } from '@mikro-orm/migrations';

// Statistics filtered by one tag or field term, served by counters (issue 11, (e')).
//
// - ingest_term_hour_count: events per project, UTC hour and term, where a
//   term is a tag (`tag:<key>`) or the environment, release or platform
//   field, with its value. A query filtered by one such term (or its
//   negation: the hour's total minus the term's count) reads whole hours
//   from here instead of every matching event. Level is left out (a level
//   with a tag goes to the events) and so is user.id: its values are about
//   as many as the events, so a counter row per user per hour would cost
//   as much to write as the event itself; an index serves it instead.
//   Partitioned by the same UTC days as the other counters: a day's term
//   counts go with it.
// - ingest_event_project_user_time: user.id filters read only that user's
//   events.
//
// The counts are kept by statement-level triggers of their own beside the
// existing ones (the same transition tables, the same +1 / -1 of each row
// version an INSERT … ON CONFLICT writes or replaces), so they are exact in
// the same way. The partition functions of 0003 and 0004 are replaced to
// make and drop the new table's day too. Existing events are counted after
// the triggers exist: CREATE TRIGGER waits for writers in flight and holds
// new ones until this transaction commits, so no event is counted twice or
// missed.
export class Migration0006TermHourCounts extends Migration {
  override async up(): Promise<void> {
    this.addSql(SQL);
  }
}

const SQL = `
CREATE TABLE ingest_term_hour_count (
  project_id bigint      NOT NULL,
  term       text        NOT NULL,   -- 'tag:<key>', 'environment', 'release' or 'platform'
  value      text        NOT NULL,
  hour       timestamptz NOT NULL,
  events     bigint      NOT NULL,
  PRIMARY KEY (project_id, term, value, hour)
) PARTITION BY RANGE (hour);

CREATE OR REPLACE FUNCTION ingest_create_day_partitions(target date) RETURNS void LANGUAGE plpgsql
SECURITY DEFINER SET search_path FROM CURRENT AS $fn$
DECLARE
  suffix text := to_char(target, 'YYYYMMDD');
  day_start text := quote_literal(target::text || ' 00:00:00+00');
  day_end text := quote_literal((target + 1)::text || ' 00:00:00+00');
  counter text;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('vigil_ingest_day_partitions'));
  IF to_regclass('ingest_event_p' || suffix) IS NULL THEN
    EXECUTE format('CREATE TABLE %I PARTITION OF ingest_event FOR VALUES FROM (%L) TO (%L)',
                   'ingest_event_p' || suffix, target, target + 1);
  END IF;
  FOREACH counter IN ARRAY ARRAY['ingest_minute_count', 'ingest_group_minute_count', 'ingest_hour_count',
                                 'ingest_term_hour_count'] LOOP
    IF to_regclass(counter || '_p' || suffix) IS NULL THEN
      EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%s) TO (%s)',
                     counter || '_p' || suffix, counter, day_start, day_end);
    END IF;
  END LOOP;
END
$fn$;

CREATE OR REPLACE FUNCTION ingest_drop_day_partitions(target date) RETURNS void LANGUAGE plpgsql
SECURITY DEFINER SET search_path FROM CURRENT AS $fn$
DECLARE
  suffix text := to_char(target, 'YYYYMMDD');
BEGIN
  IF target >= (now() AT TIME ZONE 'UTC')::date - 1 THEN
    RAISE EXCEPTION 'ingest_drop_day_partitions: % is not older than yesterday (UTC); ingest still writes it', target
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  EXECUTE format('DROP TABLE IF EXISTS %I, %I, %I, %I, %I',
                 'ingest_event_p' || suffix, 'ingest_minute_count_p' || suffix,
                 'ingest_group_minute_count_p' || suffix, 'ingest_hour_count_p' || suffix,
                 'ingest_term_hour_count_p' || suffix);
END
$fn$;

-- The new table's partition for every day that has events' partitions.
SELECT ingest_create_day_partitions(to_date(substring(c.relname FROM '_p([0-9]{8})$'), 'YYYYMMDD'))
FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
WHERE i.inhparent = 'ingest_event'::regclass AND c.relname ~ '_p[0-9]{8}$';

-- The terms of a set of event rows, one row per event and term.
CREATE FUNCTION ingest_event_terms(tags jsonb, environment text, release text, platform text)
RETURNS TABLE (term text, value text) LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
  SELECT 'environment', environment
  UNION ALL SELECT 'release', release
  UNION ALL SELECT 'platform', platform
  UNION ALL SELECT 'tag:' || t.key, t.value FROM jsonb_each_text(tags) AS t
$fn$;

CREATE FUNCTION ingest_count_inserted_terms() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF NOT EXISTS (SELECT FROM new_rows) THEN
    RETURN NULL;
  END IF;
  INSERT INTO ingest_term_hour_count AS c (project_id, term, value, hour, events)
  SELECT r.project_id, t.term, t.value, date_trunc('hour', r."timestamp", 'UTC'), count(*)
  FROM new_rows r CROSS JOIN LATERAL ingest_event_terms(r.tags, r.environment, r.release, r.platform) t
  GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
  ON CONFLICT (project_id, term, value, hour) DO UPDATE SET events = c.events + excluded.events;
  RETURN NULL;
END
$fn$;

CREATE FUNCTION ingest_count_replaced_terms() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF NOT EXISTS (SELECT FROM new_rows) THEN
    RETURN NULL;
  END IF;
  INSERT INTO ingest_term_hour_count AS c (project_id, term, value, hour, events)
  SELECT r.project_id, t.term, t.value, date_trunc('hour', r."timestamp", 'UTC'), sum(r.sign)
  FROM (SELECT project_id, "timestamp", tags, environment, release, platform, 1 AS sign FROM new_rows
        UNION ALL
        SELECT project_id, "timestamp", tags, environment, release, platform, -1 FROM old_rows) r
  CROSS JOIN LATERAL ingest_event_terms(r.tags, r.environment, r.release, r.platform) t
  GROUP BY 1, 2, 3, 4 HAVING sum(r.sign) <> 0 ORDER BY 1, 2, 3, 4
  ON CONFLICT (project_id, term, value, hour) DO UPDATE SET events = c.events + excluded.events;
  RETURN NULL;
END
$fn$;

CREATE TRIGGER ingest_event_terms_counted_on_insert AFTER INSERT ON ingest_event
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ingest_count_inserted_terms();
CREATE TRIGGER ingest_event_terms_counted_on_update AFTER UPDATE ON ingest_event
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ingest_count_replaced_terms();

INSERT INTO ingest_term_hour_count (project_id, term, value, hour, events)
SELECT r.project_id, t.term, t.value, date_trunc('hour', r."timestamp", 'UTC'), count(*)
FROM ingest_event r CROSS JOIN LATERAL ingest_event_terms(r.tags, r.environment, r.release, r.platform) t
GROUP BY 1, 2, 3, 4;

CREATE INDEX ingest_event_project_user_time ON ingest_event (project_id, user_id, "timestamp");
`;
