import { Migration } from '@mikro-orm/migrations';

// Shorter lock holds for concurrent writers. Every batch of one project and
// hour updates the same few counter rows (the hour's level counts, its
// environment and tag values), so writers take turns on those rows from the
// moment they lock them until they commit. The term trigger also writes a
// row per user per hour, which no other batch is waiting for: that work now
// comes first, before any shared row is locked. Triggers of one event fire in
// name order, so the term triggers are renamed to fire before the level
// counters (`count_terms` sorts before `counted`), and within them the user
// rows are written before the others. Every writer takes the rows in the same
// order (users, then the other terms by key, then the level counters), so
// writers cannot deadlock on them.
export class Migration0007TermTriggerOrder extends Migration {
  override async up(): Promise<void> {
    this.addSql(SQL);
  }
}

const SQL = `
CREATE OR REPLACE FUNCTION ingest_count_inserted_terms() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF NOT EXISTS (SELECT FROM new_rows) THEN
    RETURN NULL;
  END IF;
  INSERT INTO ingest_term_hour_count AS c (project_id, term, value, hour, events)
  SELECT r.project_id, t.term, t.value, date_trunc('hour', r."timestamp", 'UTC'), count(*)
  FROM new_rows r
  CROSS JOIN LATERAL ingest_event_counted_terms(r.tags, r.environment, r.release, r.platform, r.user_key) t
  GROUP BY 1, 2, 3, 4 ORDER BY t.term <> 'user', 1, 2, 3, 4
  ON CONFLICT (project_id, term, value, hour) DO UPDATE SET events = c.events + excluded.events;
  RETURN NULL;
END
$fn$;

CREATE OR REPLACE FUNCTION ingest_count_replaced_terms() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF NOT EXISTS (SELECT FROM new_rows) THEN
    RETURN NULL;
  END IF;
  INSERT INTO ingest_term_hour_count AS c (project_id, term, value, hour, events)
  SELECT r.project_id, t.term, t.value, date_trunc('hour', r."timestamp", 'UTC'), sum(r.sign)
  FROM (SELECT project_id, "timestamp", tags, environment, release, platform, user_key, 1 AS sign FROM new_rows
        UNION ALL
        SELECT project_id, "timestamp", tags, environment, release, platform, user_key, -1 FROM old_rows) r
  CROSS JOIN LATERAL ingest_event_counted_terms(r.tags, r.environment, r.release, r.platform, r.user_key) t
  GROUP BY 1, 2, 3, 4 HAVING sum(r.sign) <> 0 ORDER BY t.term <> 'user', 1, 2, 3, 4
  ON CONFLICT (project_id, term, value, hour) DO UPDATE SET events = c.events + excluded.events;
  RETURN NULL;
END
$fn$;

DROP TRIGGER ingest_event_terms_counted_on_insert ON ingest_event;
DROP TRIGGER ingest_event_terms_counted_on_update ON ingest_event;
CREATE TRIGGER ingest_event_count_terms_on_insert AFTER INSERT ON ingest_event
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ingest_count_inserted_terms();
CREATE TRIGGER ingest_event_count_terms_on_update AFTER UPDATE ON ingest_event
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ingest_count_replaced_terms();
`;
