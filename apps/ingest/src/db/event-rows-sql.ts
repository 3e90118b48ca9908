// SQL for writing batches of events. Rows travel as one JSON document, a
// single bound parameter ($1) expanded by jsonb_to_recordset: one parameter
// whatever the batch size, and PostgreSQL parses JSON faster than it binds
// thousands of parameters. Nothing a caller sent is ever part of the SQL text.
import type { DedupPolicy } from '@vigil/dedup';
import type { NormalizedEvent } from '../domain/normalized-event.js';

const RECORD_COLUMNS = `
  project_id bigint, event_id uuid, day date, "timestamp" timestamptz, received_at timestamptz,
  group_id text, level smallint, platform text, message text, culprit text, environment text,
  release text, fingerprint jsonb, tags jsonb, user_id text, user_email text, user_username text,
  user_ip_address text, user_key text, exception_type text, exception_value text, exception_stacktrace jsonb,
  causes jsonb, title text, normalizations jsonb`;

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
  'exception_stacktrace',
  'causes',
  'title',
  'normalizations',
] as const;

const KEY_COLUMNS = new Set(['project_id', 'event_id', 'day']);

/** The key of a returned row, in the form dedupKeyString gives. */
const RETURNING_KEY = `RETURNING project_id::text AS project_id, replace(event_id::text, '-', '') AS event_id, day::text AS day`;

// Sorted by key so concurrent writers lock event rows in one order.
const SOURCE = `SELECT ${STORED_COLUMNS.join(', ')} FROM jsonb_to_recordset($1::jsonb) AS t(${RECORD_COLUMNS})
  ORDER BY project_id, event_id, day`;

/**
 * Last write wins: a new key is inserted, an existing one replaced in full.
 * Only a replacement sets `replaced` (a partitioned table cannot return
 * xmax, which said the same), so `NOT replaced` marks inserted rows.
 */
const UPSERT_REPLACING_SQL = `INSERT INTO ingest_event (${STORED_COLUMNS.join(', ')}) ${SOURCE}
  ON CONFLICT (project_id, event_id, day) DO UPDATE SET
  ${STORED_COLUMNS.filter((c) => !KEY_COLUMNS.has(c))
    .map((c) => `${c} = excluded.${c}`)
    .join(', ')}, replaced = true
  ${RETURNING_KEY}, NOT replaced AS inserted`;

/** First write wins: an existing key is left alone; only inserted rows come back. */
const INSERT_IF_NEW_SQL = `INSERT INTO ingest_event (${STORED_COLUMNS.join(', ')}) ${SOURCE}
  ON CONFLICT (project_id, event_id, day) DO NOTHING
  ${RETURNING_KEY}, true AS inserted`;

/** The group of each stored event among the given keys (for DUPLICATE answers). */
const STORED_GROUPS_SQL = `SELECT e.project_id::text AS project_id, replace(e.event_id::text, '-', '') AS event_id,
  e.day::text AS day, e.group_id
  FROM jsonb_to_recordset($1::jsonb) AS k(project_id bigint, event_id uuid, day date)
  JOIN ingest_event e USING (project_id, event_id, day)`;

/** A statement with its bound parameters. */
export interface BoundStatement {
  readonly sql: string;
  readonly params: readonly unknown[];
}

/**
 * The statement that writes the events under the policy. Rows: project_id,
 * event_id, day (as dedupKeyString reads them) and `inserted`, one per
 * event written; first write wins returns inserted rows only.
 */
export function writeEventRowsSql(events: readonly NormalizedEvent[], policy: DedupPolicy): BoundStatement {
  return {
    sql: policy === 'LAST_WRITE_WINS' ? UPSERT_REPLACING_SQL : INSERT_IF_NEW_SQL,
    params: [eventRowsJson(events)],
  };
}

/** The statement that finds the group of each stored event among the events' keys. */
export function storedGroupsSql(events: readonly NormalizedEvent[]): BoundStatement {
  return { sql: STORED_GROUPS_SQL, params: [eventKeysJson(events)] };
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
      exception_stacktrace: e.exceptionStacktrace,
      causes: e.causes,
      title: e.title,
      normalizations: e.normalizations,
    })),
  );
}

function eventKeysJson(events: readonly NormalizedEvent[]): string {
  return JSON.stringify(events.map((e) => ({ project_id: e.projectId, event_id: e.eventId, day: e.day })));
}
