import { Migration } from '@mikro-orm/migrations';

// UNIQUE_USERS over hourly buckets from counters (issue 11, (e')): the term
// counters of 0005 also count each user (term 'user', value user_key) per
// hour, so the distinct users of a bucket are the distinct values of its
// hours' 'user' rows (plus the users of the partial hours at its edges, from
// the events) rather than a distinct over every event. ingest_event_terms
// gives way to ingest_event_counted_terms, which adds the user; the two
// trigger functions are replaced to call it. The table is locked against
// writers first (as CREATE TRIGGER did in 0005), so no write counts its
// users by the old function after the backfill below has read the events.
export class Migration0006UserHourPresence extends Migration {
  override async up(): Promise<void> {
    this.addSql(SQL);
  }
}

const SQL = `
LOCK TABLE ingest_event IN SHARE ROW EXCLUSIVE MODE;

CREATE FUNCTION ingest_event_counted_terms(tags jsonb, environment text, release text, platform text, user_key text)
RETURNS TABLE (term text, value text) LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
  SELECT 'environment', environment
  UNION ALL SELECT 'release', release
  UNION ALL SELECT 'platform', platform
  UNION ALL SELECT 'user', user_key WHERE user_key IS NOT NULL
  UNION ALL SELECT 'tag:' || t.key, t.value FROM jsonb_each_text(tags) AS t
$fn$;

CREATE OR REPLACE FUNCTION ingest_count_inserted_terms() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF NOT EXISTS (SELECT FROM new_rows) THEN
    RETURN NULL;
  END IF;
  INSERT INTO ingest_term_hour_count AS c (project_id, term, value, hour, events)
  SELECT r.project_id, t.term, t.value, date_trunc('hour', r."timestamp", 'UTC'), count(*)
  FROM new_rows r
  CROSS JOIN LATERAL ingest_event_counted_terms(r.tags, r.environment, r.release, r.platform, r.user_key) t
  GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
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
  GROUP BY 1, 2, 3, 4 HAVING sum(r.sign) <> 0 ORDER BY 1, 2, 3, 4
  ON CONFLICT (project_id, term, value, hour) DO UPDATE SET events = c.events + excluded.events;
  RETURN NULL;
END
$fn$;

DROP FUNCTION ingest_event_terms(jsonb, text, text, text);

INSERT INTO ingest_term_hour_count (project_id, term, value, hour, events)
SELECT project_id, 'user', user_key, date_trunc('hour', "timestamp", 'UTC'), count(*)
FROM ingest_event WHERE user_key IS NOT NULL
GROUP BY 1, 2, 3, 4;
`;
