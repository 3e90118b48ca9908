// SQL for statistics. Whole hours and minutes of TOTAL counts filtered by
// level only come from the per-hour and per-minute counters; everything
// else (partial minutes at the edges, other filters, distinct users) from
// the events themselves. Every value is a bound parameter: fragments are
// written with `?` and numbered ($1, $2, …) once the statement is whole.
import type { EventLevel } from '../domain/normalized-event.js';
import { filterCondition } from './filter-sql.js';
import type { TimeSpan } from './minute-split.js';
import type { CountedTerm } from './term-counter.js';
import type { EventSelection } from './stats-query.js';

export interface SqlQuery {
  readonly sql: string;
  readonly params: unknown[];
}

/** Counter tables by period; groups have minute counters only. */
const COUNTER_TABLES = {
  hour: { projects: 'ingest_hour_count', groups: null, time: 'hour' },
  minute: { projects: 'ingest_minute_count', groups: 'ingest_group_minute_count', time: 'minute' },
} as const;

/** Rows: bucket (epoch seconds / rollup, as text), value (as text) — counted events in the whole periods of the span. */
export function countersByBucketSql(
  selection: EventSelection,
  period: keyof typeof COUNTER_TABLES,
  span: TimeSpan,
  levels: readonly EventLevel[],
  rollupSeconds: number,
): SqlQuery {
  const byGroup = selection.groupIds.length > 0;
  const { projects, groups, time } = COUNTER_TABLES[period];
  if (byGroup && !groups) throw new Error(`internal: no ${period} counters per group`);
  const params: unknown[] = [rollupSeconds, selection.projectIds];
  if (byGroup) params.push(selection.groupIds);
  params.push(span.start, span.end, levels);
  return {
    sql: numbered(`SELECT floor(extract(epoch FROM ${time}) / ?)::bigint::text AS bucket, sum(events)::text AS value
      FROM ${byGroup ? groups : projects}
      WHERE project_id = ANY(?::bigint[]) ${byGroup ? 'AND group_id = ANY(?::text[])' : ''}
        AND ${time} >= ? AND ${time} < ? AND level = ANY(?::smallint[])
      GROUP BY 1`),
    params,
  };
}

/**
 * Rows: bucket, value — events with the term, in the whole hours of the span,
 * from the per-hour term counters; `sign` -1 gives them negative, to be
 * taken from the hour totals (a negated term).
 */
export function termCountersByBucketSql(
  selection: EventSelection,
  counted: CountedTerm,
  span: TimeSpan,
  sign: 1 | -1,
  rollupSeconds: number,
): SqlQuery {
  return {
    sql: numbered(`SELECT floor(extract(epoch FROM hour) / ?)::bigint::text AS bucket, (? * sum(events))::text AS value
      FROM ingest_term_hour_count
      WHERE project_id = ANY(?::bigint[]) AND term = ? AND value = ? AND hour >= ? AND hour < ?
      GROUP BY 1`),
    params: [rollupSeconds, sign, selection.projectIds, counted.term, counted.value, span.start, span.end],
  };
}

/** Rows: bucket, value — events (or distinct users) in the given spans. */
export function eventsByBucketSql(
  selection: EventSelection,
  spans: readonly TimeSpan[],
  distinctUsers: boolean,
  rollupSeconds: number,
  tagIndex = true,
): SqlQuery {
  const where = eventsWhere(selection, spans, tagIndex);
  return {
    sql: numbered(`SELECT floor(extract(epoch FROM "timestamp") / ?)::bigint::text AS bucket,
        ${distinctUsers ? 'count(DISTINCT user_key)' : 'count(*)'}::text AS value
      FROM ingest_event WHERE ${where.sql} GROUP BY 1`),
    params: [rollupSeconds, ...where.params],
  };
}

/** One row: events, users — over the given spans. */
export function eventTotalsSql(selection: EventSelection, spans: readonly TimeSpan[]): SqlQuery {
  const where = eventsWhere(selection, spans);
  return {
    sql: numbered(
      `SELECT count(*)::text AS events, count(DISTINCT user_key)::text AS users FROM ingest_event WHERE ${where.sql}`,
    ),
    params: where.params,
  };
}

function eventsWhere(selection: EventSelection, spans: readonly TimeSpan[], tagIndex = true): SqlQuery {
  const filter = filterCondition(selection.filter, tagIndex);
  const params: unknown[] = [selection.projectIds];
  const groupSql = selection.groupIds.length > 0 ? 'AND group_id = ANY(?::text[])' : '';
  if (selection.groupIds.length > 0) params.push(selection.groupIds);
  const spanSql = spans.map(() => '("timestamp" >= ? AND "timestamp" < ?)').join(' OR ');
  spans.forEach((s) => params.push(s.start, s.end));
  // The days the spans touch, so that only their partitions are read.
  const days = dayRange(spans);
  params.push(days.first, days.last, ...filter.params);
  return {
    sql: `project_id = ANY(?::bigint[]) ${groupSql} AND (${spanSql}) AND day BETWEEN ?::date AND ?::date AND (${filter.sql})`,
    params,
  };
}

/** The first and last UTC day (YYYY-MM-DD) holding an instant of the spans (each [start, end), end > start). */
function dayRange(spans: readonly TimeSpan[]): { first: string; last: string } {
  const start = Math.min(...spans.map((s) => s.start.getTime()));
  const end = Math.max(...spans.map((s) => s.end.getTime()));
  return { first: new Date(start).toISOString().slice(0, 10), last: new Date(end - 1).toISOString().slice(0, 10) };
}

/** Numbers the `?` placeholders of a statement written in fragments ($1, $2, …, in order). */
function numbered(sql: string): string {
  let n = 0;
  return sql.replaceAll('?', () => `$${(n += 1)}`);
}
