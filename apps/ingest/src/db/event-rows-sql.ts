// SQL for writing batches of events. Rows travel as one JSON document and
// are expanded by jsonb_to_recordset: one literal whatever the batch size,
// and PostgreSQL parses JSON faster than it binds thousands of parameters.
// The document is put into the statement here rather than passed as a
// parameter: MikroORM inlines parameters itself, escaping them one
// character at a time, which on batches of hundreds of events cost the
// service more CPU than the rest of the write path.
import type { DedupPolicy } from '@vigil/dedup';
import type { NormalizedEvent } from '../domain/normalized-event.js';

const RECORD_COLUMNS = `
  project_id bigint, event_id uuid, day date, "timestamp" timestamptz, received_at timestamptz,
  group_id text, level smallint, platform text, message text, culprit text, environment text,
  release text, fingerprint jsonb, tags jsonb, user_id text, user_email text, user_username text,
  user_ip_address text, user_key text, exception_type text, exception_value text`;

const STORED_COLUMNS = [
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
] as const;

const KEY_COLUMNS = new Set(['project_id', 'event_id', 'day']);

/** The key of a returned row, in the form dedupKeyString gives. */
const RETURNING_KEY = `RETURNING project_id::text AS project_id, replace(event_id::text, '-', '') AS event_id, day::text AS day`;

// Sorted by key so concurrent writers lock event rows in one order.
const SOURCE = `SELECT ${STORED_COLUMNS.join(', ')} FROM jsonb_to_recordset(?::jsonb) AS t(${RECORD_COLUMNS})
  ORDER BY project_id, event_id, day`;

/** Last write wins: a new key is inserted, an existing one replaced in full (xmax = 0 only for inserted rows). */
const UPSERT_REPLACING_SQL = `INSERT INTO ingest_event (${STORED_COLUMNS.join(', ')}) ${SOURCE}
  ON CONFLICT (project_id, event_id, day) DO UPDATE SET
  ${STORED_COLUMNS.filter((c) => !KEY_COLUMNS.has(c))
    .map((c) => `${c} = excluded.${c}`)
    .join(', ')}
  ${RETURNING_KEY}, (xmax = 0) AS inserted`;

/** First write wins: an existing key is left alone; only inserted rows come back. */
const INSERT_IF_NEW_SQL = `INSERT INTO ingest_event (${STORED_COLUMNS.join(', ')}) ${SOURCE}
  ON CONFLICT (project_id, event_id, day) DO NOTHING
  ${RETURNING_KEY}, true AS inserted`;

/** The group of each stored event among the given keys (for DUPLICATE answers). */
const STORED_GROUPS_SQL = `SELECT e.project_id::text AS project_id, replace(e.event_id::text, '-', '') AS event_id,
  e.day::text AS day, e.group_id
  FROM jsonb_to_recordset(?::jsonb) AS k(project_id bigint, event_id uuid, day date)
  JOIN ingest_event e USING (project_id, event_id, day)`;

/**
 * The statement that writes the events under the policy. Rows: project_id,
 * event_id, day (as dedupKeyString reads them) and `inserted`, one per
 * event written; first write wins returns inserted rows only.
 */
export function writeEventRowsSql(events: readonly NormalizedEvent[], policy: DedupPolicy): string {
  return withJsonDocument(
    policy === 'LAST_WRITE_WINS' ? UPSERT_REPLACING_SQL : INSERT_IF_NEW_SQL,
    eventRowsJson(events),
  );
}

/** The statement that finds the group of each stored event among the events' keys. */
export function storedGroupsSql(events: readonly NormalizedEvent[]): string {
  return withJsonDocument(STORED_GROUPS_SQL, eventKeysJson(events));
}

/**
 * A PostgreSQL string literal holding `text`, as libpq's PQescapeLiteral
 * makes it: quotes doubled, and an E'' literal with doubled backslashes
 * when there are any, so it reads the same whatever
 * standard_conforming_strings says.
 */
export function pgStringLiteral(text: string): string {
  const quoted = text.replaceAll("'", "''");
  return text.includes('\\') ? ` E'${quoted.replaceAll('\\', '\\\\')}'` : `'${quoted}'`;
}

function withJsonDocument(sql: string, json: string): string {
  const at = sql.indexOf('?::jsonb');
  return `${sql.slice(0, at)}${pgStringLiteral(json)}${sql.slice(at + 1)}`;
}

function eventRowsJson(events: readonly NormalizedEvent[]): string {
  return JSON.stringify(
    events.map((e) => ({
      project_id: e.projectId,
      event_id: e.eventId,
      day: e.day,
      timestamp: e.timestamp.toISOString(),
      received_at: e.receivedAt.toISOString(),
      group_id: e.groupId,
      level: e.level,
      platform: e.platform,
      message: e.message,
      culprit: e.culprit,
      environment: e.environment,
      release: e.release,
      fingerprint: e.fingerprint,
      tags: e.tags,
      user_id: e.user.id,
      user_email: e.user.email,
      user_username: e.user.username,
      user_ip_address: e.user.ipAddress,
      user_key: e.userKey,
      exception_type: e.exceptionType,
      exception_value: e.exceptionValue,
    })),
  );
}

function eventKeysJson(events: readonly NormalizedEvent[]): string {
  return JSON.stringify(events.map((e) => ({ project_id: e.projectId, event_id: e.eventId, day: e.day })));
}
