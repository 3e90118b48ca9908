import { Migration } from '@mikro-orm/migrations';

// Retention on a role with row rights only. Dropping a partition needs the
// table's owner, so a service running with DATABASE_MIGRATIONS=verify could
// make its days (ingest_create_day_partitions, 0003) but not drop them.
// ingest_drop_day_partitions drops one day's four partitions with the rights
// of the role that migrated, on the schema it migrated (search_path fixed).
// What the caller can do with it is what its DELETE right already allows
// (remove a day's rows), and less: the day is a date, never a name, and a
// day that ingest still writes (yesterday, today, later) is refused, so a
// clock gone wrong in a replica cannot drop live data. The caller holds the
// parents' lock (retention's transaction) before it calls this.
export class Migration0005DropDayFunction extends Migration {
  override async up(): Promise<void> {
    this.addSql(SQL);
  }
}

const SQL = `
CREATE FUNCTION ingest_drop_day_partitions(target date) RETURNS void LANGUAGE plpgsql
SECURITY DEFINER SET search_path FROM CURRENT AS $fn$
DECLARE
  suffix text := to_char(target, 'YYYYMMDD');
BEGIN
  IF target >= (now() AT TIME ZONE 'UTC')::date - 1 THEN
    RAISE EXCEPTION 'ingest_drop_day_partitions: % is not older than yesterday (UTC); ingest still writes it', target
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  EXECUTE format('DROP TABLE IF EXISTS %I, %I, %I, %I',
                 'ingest_event_p' || suffix, 'ingest_minute_count_p' || suffix,
                 'ingest_group_minute_count_p' || suffix, 'ingest_hour_count_p' || suffix);
END
$fn$;
`;
