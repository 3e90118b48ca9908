// One SQL statement that builds benchmark rows server-side (the shape of
// event-shape.ts, group ids hashed exactly as the service does) and
// upserts them into ingest_event (or another table of its shape) the way the service's last-write-wins
// statement does: sorted by key, ON CONFLICT DO UPDATE of every column.
// The statement-level counter triggers run as for any write.
// Parameters: $1 project id, $2 row count, $3 end of the time spread, $4 spread in seconds.
import {
  BROWSERS,
  culpritOf,
  exceptionTypeOf,
  exceptionValueOf,
  GROUP_COUNT,
  IN_PRODUCTION,
  LEVEL_CUMULATIVE,
  messageOf,
  OPERATING_SYSTEMS,
  RELEASE_COUNT,
  ROUTE_COUNT,
  USER_COUNT,
  WITH_USER,
} from './event-shape.js';

const COLUMNS = [
  'project_id',
  'event_id',
  'day',
  '"timestamp"',
  'received_at',
  'group_id',
  'level',
  'platform',
  'message',
  'culprit',
  'environment',
  'release',
  'fingerprint',
  'tags',
  'user_id',
  'user_email',
  'user_username',
  'user_ip_address',
  'user_key',
  'exception_type',
  'exception_value',
];
const KEY = new Set(['project_id', 'event_id', 'day']);

const quoted = (text: string) => `'${text.replaceAll("'", "''")}'`;
const textArray = (items: readonly string[]) => `ARRAY[${items.map(quoted).join(', ')}]`;
const groupNumbers = Array.from({ length: GROUP_COUNT }, (_, g) => g);
const groupColumn = (of: (g: number) => string) => textArray(groupNumbers.map(of));
// The service hashes JSON.stringify(['exception', type, value]); no character here needs escaping.
const groupSource = (g: number) => JSON.stringify(['exception', exceptionTypeOf(g), exceptionValueOf(g)]);
const levelCase = `CASE ${LEVEL_CUMULATIVE.map(([upTo, level]) => `WHEN d.level_draw < ${upTo} THEN ${level}`).join(' ')} ELSE 2 END`;

/** The upsert into `table`: ingest_event, or (a0) the plain table of the same shape. */
export const serverSideUpsertSql = (table: string) => `
WITH grp AS (
  SELECT g - 1 AS g, exception_type, exception_value, message, culprit,
         left(encode(sha256(convert_to(source, 'UTF8')), 'hex'), 32) AS group_id
  FROM unnest(${groupColumn(exceptionTypeOf)}, ${groupColumn(exceptionValueOf)}, ${groupColumn(messageOf)},
              ${groupColumn(culpritOf)}, ${groupColumn(groupSource)})
       WITH ORDINALITY AS t(exception_type, exception_value, message, culprit, source, g)
),
drawn AS (
  SELECT $3::timestamptz - random() * make_interval(secs => $4::double precision) AS ts,
         floor(random() * ${GROUP_COUNT})::int AS g, random() AS level_draw,
         random() < ${WITH_USER} AS with_user, floor(random() * ${USER_COUNT})::int AS u,
         random() < ${IN_PRODUCTION} AS in_production, floor(random() * ${RELEASE_COUNT})::int AS rel,
         floor(random() * ${BROWSERS.length})::int AS browser, floor(random() * ${OPERATING_SYSTEMS.length})::int AS os,
         floor(random() * ${ROUTE_COUNT})::int AS route
  FROM generate_series(1, $2::int)
)
INSERT INTO ${table} (${COLUMNS.join(', ')})
SELECT $1::bigint, gen_random_uuid(), (d.ts AT TIME ZONE 'UTC')::date, d.ts, now(), grp.group_id, ${levelCase},
       'node', grp.message, grp.culprit,
       CASE WHEN d.in_production THEN 'production' ELSE 'staging' END, 'app@1.' || d.rel || '.0', '[]'::jsonb,
       jsonb_build_object('browser', (${textArray(BROWSERS)})[d.browser + 1], 'os', (${textArray(OPERATING_SYSTEMS)})[d.os + 1],
                          'route', '/api/r' || d.route),
       CASE WHEN d.with_user THEN 'user-' || d.u ELSE '' END, '', '', '',
       CASE WHEN d.with_user THEN 'id:user-' || d.u END, grp.exception_type, grp.exception_value
FROM drawn d JOIN grp USING (g)
ORDER BY 1, 2, 3
ON CONFLICT (project_id, event_id, day) DO UPDATE SET
  ${COLUMNS.filter((c) => !KEY.has(c))
    .map((c) => `${c} = excluded.${c}`)
    .join(', ')}`;
