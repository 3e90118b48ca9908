import { Migration } from '@mikro-orm/migrations';

// Ingest schema, version 3: events and their counters partitioned by UTC day,
// so that retention drops whole days (DROP TABLE of a partition: O(1) in the
// number of events, no DELETE, no vacuum debt) and nothing grows forever.
//
// - ingest_event is partitioned by `day`, which is already the last column of
//   the dedup key: the primary key stays (project_id, event_id, day), so dedup
//   is still one atomic INSERT … ON CONFLICT per batch, on the partitioned
//   table. The counter triggers move to the partitioned table unchanged
//   (statement-level triggers with transition tables see the rows of every
//   partition).
// - ingest_minute_count, ingest_group_minute_count and ingest_hour_count are
//   partitioned by their minute / hour on the same UTC day boundaries, so a
//   day's counters go with its events.
// - ingest_create_day_partitions(day) creates the four partitions of a day,
//   idempotently and one caller at a time (an advisory lock): the service
//   calls it ahead of time for today and the next days, and on demand when a
//   write meets a day that has none (a late event), then writes again. There
//   is no default partition: a row in it would have to be moved out before a
//   partition for its day could be created, and the day could not be dropped.
//
// - ingest_event.replaced: an upsert into a partitioned table cannot return
//   the system column xmax, by which the writer told an inserted row
//   (xmax = 0) from a replaced one. The replacing UPDATE sets `replaced`, so
//   RETURNING NOT replaced says "inserted" the same way, in the same
//   statement.
//
// Existing data is moved: the old tables are renamed, the new ones created
// with a partition for every day that holds events, rows copied (counter rows
// at 0 are left behind: they count nothing), and the old tables dropped. The
// triggers are created after the copy: the copied counters already count the
// copied events.
export class Migration0003DayPartitions extends Migration {
  override async up(): Promise<void> {
    this.addSql(SQL);
  }
}

const SQL = `
DROP TRIGGER ingest_event_counted_on_insert ON ingest_event;
DROP TRIGGER ingest_event_counted_on_update ON ingest_event;
ALTER TABLE ingest_event RENAME TO ingest_event_unpartitioned;
ALTER TABLE ingest_minute_count RENAME TO ingest_minute_count_unpartitioned;
ALTER TABLE ingest_group_minute_count RENAME TO ingest_group_minute_count_unpartitioned;
ALTER TABLE ingest_hour_count RENAME TO ingest_hour_count_unpartitioned;
DROP INDEX ingest_event_project_time, ingest_event_project_group_time, ingest_event_tags;

CREATE TABLE ingest_event (
  project_id       bigint      NOT NULL,
  event_id         uuid        NOT NULL,
  day              date        NOT NULL,       -- UTC day of "timestamp": part of the dedup key and the partition key
  "timestamp"      timestamptz NOT NULL,
  received_at      timestamptz NOT NULL,
  group_id         text        NOT NULL,
  level            smallint    NOT NULL,
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
  user_key         text,
  exception_type   text        NOT NULL DEFAULT '',
  exception_value  text        NOT NULL DEFAULT '',
  replaced         boolean     NOT NULL DEFAULT false, -- set by a last-write-wins replacement, see below
  PRIMARY KEY (project_id, event_id, day)
) PARTITION BY RANGE (day);
CREATE INDEX ingest_event_project_time ON ingest_event (project_id, "timestamp") INCLUDE (level, group_id, user_key);
CREATE INDEX ingest_event_project_group_time ON ingest_event (project_id, group_id, "timestamp");
CREATE INDEX ingest_event_tags ON ingest_event USING gin (tags jsonb_path_ops);

CREATE TABLE ingest_minute_count (
  project_id bigint      NOT NULL,
  minute     timestamptz NOT NULL,
  level      smallint    NOT NULL,
  events     bigint      NOT NULL,
  PRIMARY KEY (project_id, minute, level)
) PARTITION BY RANGE (minute);

CREATE TABLE ingest_group_minute_count (
  project_id bigint      NOT NULL,
  group_id   text        NOT NULL,
  minute     timestamptz NOT NULL,
  level      smallint    NOT NULL,
  events     bigint      NOT NULL,
  PRIMARY KEY (project_id, group_id, minute, level)
) PARTITION BY RANGE (minute);

CREATE TABLE ingest_hour_count (
  project_id bigint      NOT NULL,
  hour       timestamptz NOT NULL,
  level      smallint    NOT NULL,
  events     bigint      NOT NULL,
  PRIMARY KEY (project_id, hour, level)
) PARTITION BY RANGE (hour);

-- The four partitions of one UTC day, named <table>_pYYYYMMDD. Idempotent;
-- the advisory lock (one key for all days) makes concurrent callers take
-- turns instead of racing on the catalog. SECURITY DEFINER: the service may
-- run as a role with row rights only (DATABASE_MIGRATIONS=verify), and a late
-- event must still get its day; the function runs with the rights of the
-- role that migrated, on the schema it migrated (search_path fixed here).
CREATE FUNCTION ingest_create_day_partitions(target date) RETURNS void LANGUAGE plpgsql
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
  FOREACH counter IN ARRAY ARRAY['ingest_minute_count', 'ingest_group_minute_count', 'ingest_hour_count'] LOOP
    IF to_regclass(counter || '_p' || suffix) IS NULL THEN
      EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%s) TO (%s)',
                     counter || '_p' || suffix, counter, day_start, day_end);
    END IF;
  END LOOP;
END
$fn$;

SELECT ingest_create_day_partitions(day) FROM (
  SELECT DISTINCT day FROM ingest_event_unpartitioned
  UNION SELECT DISTINCT (minute AT TIME ZONE 'UTC')::date FROM ingest_minute_count_unpartitioned WHERE events <> 0
  UNION SELECT DISTINCT (minute AT TIME ZONE 'UTC')::date FROM ingest_group_minute_count_unpartitioned WHERE events <> 0
  UNION SELECT DISTINCT (hour AT TIME ZONE 'UTC')::date FROM ingest_hour_count_unpartitioned WHERE events <> 0
) AS days;

INSERT INTO ingest_event SELECT *, false FROM ingest_event_unpartitioned;
INSERT INTO ingest_minute_count SELECT * FROM ingest_minute_count_unpartitioned WHERE events <> 0;
INSERT INTO ingest_group_minute_count SELECT * FROM ingest_group_minute_count_unpartitioned WHERE events <> 0;
INSERT INTO ingest_hour_count SELECT * FROM ingest_hour_count_unpartitioned WHERE events <> 0;
DROP TABLE ingest_event_unpartitioned, ingest_minute_count_unpartitioned,
           ingest_group_minute_count_unpartitioned, ingest_hour_count_unpartitioned;

CREATE TRIGGER ingest_event_counted_on_insert AFTER INSERT ON ingest_event
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ingest_count_inserted_events();
CREATE TRIGGER ingest_event_counted_on_update AFTER UPDATE ON ingest_event
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ingest_count_replaced_events();
`;
