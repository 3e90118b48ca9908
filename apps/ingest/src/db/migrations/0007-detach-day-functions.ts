import { Migration } from '@mikro-orm/migrations';

// Retention in two steps, so that removing a day's files no longer happens
// while the day-partitioned tables are locked (issue 11, (f)).
//
// Dropping a partition removes its files when the transaction commits, and
// the locks are released only after that: with 1,000,000 events (about
// 1 GB of files on ext4 mounted with `discard`) the COMMIT took 0.9 s, all
// of it with writes and reads of the live tables waiting.
//
// - ingest_detach_day_partitions(day) detaches the day's five partitions
//   (a plain DETACH: the caller's transaction already holds the parents'
//   ACCESS EXCLUSIVE lock; only catalog rows change, no file is touched) and
//   renames each to detached_<name>, so that its name no longer stands for a
//   live day (ingest_create_day_partitions would take the day as made).
//   It returns the new names. The retention transaction subtracts the day's
//   counts from the groups in the same transaction, so the subtraction and
//   the day leaving the live tables commit together, once.
// - ingest_drop_detached_day_tables(names) drops such tables, in one
//   statement (one commit: measured under write load, five DROPs in five
//   transactions took ~130 ms more than one), in a transaction of its own
//   that locks nothing live. A run that stops between the two steps leaves
//   detached_* tables whose counts are already subtracted; the next run
//   drops them and subtracts nothing.
//
// Both are SECURITY DEFINER for the same reason as 0005's function (the
// service may run on a role with row rights only). The detach refuses a day
// ingest still writes, like the drop function of 0005 (kept for replicas of
// the previous version during a rolling update); the drop takes only names
// of the detached_* form that are no one's partition.
export class Migration0007DetachDayFunctions extends Migration {
  override async up(): Promise<void> {
    this.addSql(SQL);
  }
}

const SQL = `
CREATE FUNCTION ingest_detach_day_partitions(target date) RETURNS SETOF text LANGUAGE plpgsql
SECURITY DEFINER SET search_path FROM CURRENT AS $fn$
DECLARE
  suffix text := to_char(target, 'YYYYMMDD');
  parent text;
  partition regclass;
BEGIN
  IF target >= (now() AT TIME ZONE 'UTC')::date - 1 THEN
    RAISE EXCEPTION 'ingest_detach_day_partitions: % is not older than yesterday (UTC); ingest still writes it', target
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  FOREACH parent IN ARRAY ARRAY['ingest_event', 'ingest_minute_count', 'ingest_group_minute_count',
                                'ingest_hour_count', 'ingest_term_hour_count'] LOOP
    partition := to_regclass(parent || '_p' || suffix);
    IF partition IS NOT NULL
       AND EXISTS (SELECT FROM pg_inherits WHERE inhparent = parent::regclass AND inhrelid = partition) THEN
      EXECUTE format('ALTER TABLE %I DETACH PARTITION %I', parent, parent || '_p' || suffix);
      EXECUTE format('ALTER TABLE %I RENAME TO %I', parent || '_p' || suffix, 'detached_' || parent || '_p' || suffix);
      RETURN NEXT 'detached_' || parent || '_p' || suffix;
    END IF;
  END LOOP;
END
$fn$;

CREATE FUNCTION ingest_drop_detached_day_tables(names text[]) RETURNS void LANGUAGE plpgsql
SECURITY DEFINER SET search_path FROM CURRENT AS $fn$
DECLARE
  name text;
  detached regclass;
  existing text[] := '{}';
BEGIN
  FOREACH name IN ARRAY names LOOP
    IF name !~ '^detached_ingest_(event|minute_count|group_minute_count|hour_count|term_hour_count)_p[0-9]{8}$' THEN
      RAISE EXCEPTION 'ingest_drop_detached_day_tables: "%" is not a detached day partition', name
        USING ERRCODE = 'invalid_parameter_value';
    END IF;
    detached := to_regclass(name);
    CONTINUE WHEN detached IS NULL;
    IF (SELECT relispartition FROM pg_class WHERE oid = detached) THEN
      RAISE EXCEPTION 'ingest_drop_detached_day_tables: % is a partition again', name
        USING ERRCODE = 'invalid_parameter_value';
    END IF;
    existing := existing || quote_ident(name);
  END LOOP;
  IF cardinality(existing) > 0 THEN
    EXECUTE 'DROP TABLE ' || array_to_string(existing, ', ');
  END IF;
END
$fn$;
`;
