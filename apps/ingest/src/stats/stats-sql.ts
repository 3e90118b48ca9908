// SQL for statistics. Whole minutes of TOTAL counts filtered by level only
// come from the per-minute counters; everything else (partial minutes at
// the edges, other filters, distinct users) from the events themselves.
import { pgArrayLiteral } from '../db/pg-array-literal.js';
import type { EventLevel } from '../domain/normalized-event.js';
import { filterCondition } from './filter-sql.js';
import type { TimeSpan } from './minute-split.js';
import type { EventSelection } from './stats-query.js';

export interface SqlQuery {
  readonly sql: string;
  readonly params: unknown[];
}

/** Rows: bucket (epoch seconds / rollup, as text), value (as text). */
export function countersByBucketSql(
  selection: EventSelection,
  wholeMinutes: TimeSpan,
  levels: readonly EventLevel[],
  rollupSeconds: number,
): SqlQuery {
  const byGroup = selection.groupIds.length > 0;
  const table = byGroup ? 'ingest_group_minute_count' : 'ingest_minute_count';
  const params: unknown[] = [rollupSeconds, pgArrayLiteral(selection.projectIds)];
  if (byGroup) params.push(pgArrayLiteral(selection.groupIds));
  params.push(wholeMinutes.start, wholeMinutes.end, pgArrayLiteral(levels));
  return {
    sql: `SELECT floor(extract(epoch FROM minute) / ?)::bigint::text AS bucket, sum(events)::text AS value
      FROM ${table}
      WHERE project_id = ANY(?::bigint[]) ${byGroup ? 'AND group_id = ANY(?::text[])' : ''}
        AND minute >= ? AND minute < ? AND level = ANY(?::smallint[])
      GROUP BY 1`,
    params,
  };
}

/** Rows: bucket, value — events (or distinct users) in the given spans. */
export function eventsByBucketSql(
  selection: EventSelection,
  spans: readonly TimeSpan[],
  distinctUsers: boolean,
  rollupSeconds: number,
): SqlQuery {
  const where = eventsWhere(selection, spans);
  return {
    sql: `SELECT floor(extract(epoch FROM "timestamp") / ?)::bigint::text AS bucket,
        ${distinctUsers ? 'count(DISTINCT user_key)' : 'count(*)'}::text AS value
      FROM ingest_event WHERE ${where.sql} GROUP BY 1`,
    params: [rollupSeconds, ...where.params],
  };
}

/** One row: events, users — over the given spans. */
export function eventTotalsSql(selection: EventSelection, spans: readonly TimeSpan[]): SqlQuery {
  const where = eventsWhere(selection, spans);
  return {
    sql: `SELECT count(*)::text AS events, count(DISTINCT user_key)::text AS users FROM ingest_event WHERE ${where.sql}`,
    params: where.params,
  };
}

function eventsWhere(selection: EventSelection, spans: readonly TimeSpan[]): SqlQuery {
  const filter = filterCondition(selection.filter);
  const params: unknown[] = [pgArrayLiteral(selection.projectIds)];
  const groupSql = selection.groupIds.length > 0 ? 'AND group_id = ANY(?::text[])' : '';
  if (selection.groupIds.length > 0) params.push(pgArrayLiteral(selection.groupIds));
  const spanSql = spans.map(() => '("timestamp" >= ? AND "timestamp" < ?)').join(' OR ');
  spans.forEach((s) => params.push(s.start, s.end));
  params.push(...filter.params);
  return {
    sql: `project_id = ANY(?::bigint[]) ${groupSql} AND (${spanSql}) AND (${filter.sql})`,
    params,
  };
}
