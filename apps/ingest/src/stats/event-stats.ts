import { boundQuery } from '@vigil/runtime';
import type { EntityManager } from '@mikro-orm/postgresql';
import { bucketStarts } from './bucket-layout.js';
import { counterSpans } from './counter-spans.js';
import { levelsAllowedBy } from './level-filter.js';
import { servedByCounters, servedByTermCounters } from './scan-bound.js';
import type { TimeSpan } from './minute-split.js';
import {
  countersByBucketSql,
  eventsByBucketSql,
  eventTotalsSql,
  termCountersByBucketSql,
  type SqlQuery,
} from './stats-sql.js';
import { countedTermOf } from './term-counter.js';
import type { Bucket, EventSelection, TimeSeriesQuery } from './stats-query.js';

interface BucketRow {
  readonly bucket: string;
  readonly value: string;
}

/**
 * The time series of behaviour.md §3: every aligned bucket of [start, end),
 * empty ones as 0. Exact: each counter row read covers a whole minute or
 * hour that falls wholly inside one bucket (see counterSpans). Aborting
 * `signal` cancels the statement running in PostgreSQL.
 */
export async function eventTimeSeries(
  em: EntityManager,
  query: TimeSeriesQuery,
  signal?: AbortSignal,
): Promise<Bucket[]> {
  const queries: SqlQuery[] = [];
  const levels = levelsAllowedBy(query.filter);
  // The same test the scan bound and the admission use, so a query is never charged as counters and read from events.
  const counted = servedByTermCounters(query) ? countedTermOf(query.filter) : null;
  const termSpans = counted ? counterSpans(query.start, query.end, query.rollupSeconds, true) : null;
  if (counted && termSpans?.hours) {
    // Whole hours from the term counters (a negated term: the hours' totals
    // minus the term's count); the rest, under two hours, from the events.
    const { hours } = termSpans;
    if (counted.negated) {
      queries.push(countersByBucketSql(query, 'hour', hours, [1, 2, 3, 4, 5], query.rollupSeconds));
      queries.push(termCountersByBucketSql(query, counted, hours, -1, query.rollupSeconds));
    } else {
      queries.push(termCountersByBucketSql(query, counted, hours, 1, query.rollupSeconds));
    }
    const rest = [...termSpans.minutes, ...termSpans.events];
    // The edges are at most two partial hours: read by time, not by the tag index.
    if (rest.length > 0) queries.push(eventsByBucketSql(query, rest, false, query.rollupSeconds, false));
  } else if (servedByCounters(query) && levels !== null) {
    const spans = counterSpans(query.start, query.end, query.rollupSeconds, query.groupIds.length === 0);
    if (spans.hours) queries.push(countersByBucketSql(query, 'hour', spans.hours, levels, query.rollupSeconds));
    // One query per span: each is then one index range scan.
    for (const span of spans.minutes)
      queries.push(countersByBucketSql(query, 'minute', span, levels, query.rollupSeconds));
    if (spans.events.length > 0) queries.push(eventsByBucketSql(query, spans.events, false, query.rollupSeconds));
  } else {
    queries.push(eventsByBucketSql(query, [query], query.aggregation === 'UNIQUE_USERS', query.rollupSeconds));
  }

  const valueOfBucket = new Map<number, number>();
  for (const q of queries) {
    // Distinct users are never summed across queries: that path is one query.
    for (const row of await boundQuery<BucketRow>(em, q.sql, q.params, signal)) {
      const bucket = Number(row.bucket);
      valueOfBucket.set(bucket, (valueOfBucket.get(bucket) ?? 0) + Number(row.value));
    }
  }
  return bucketStarts(query.start, query.end, query.rollupSeconds).map((start) => ({
    start,
    value: valueOfBucket.get(start.getTime() / 1000 / query.rollupSeconds) ?? 0,
  }));
}

export interface EventAggregates {
  readonly eventCount: number;
  readonly uniqueUsers: number;
}

/** Total events and distinct users over [start, end); aborting `signal` cancels the statement. */
export async function eventAggregates(
  em: EntityManager,
  selection: EventSelection,
  signal?: AbortSignal,
): Promise<EventAggregates> {
  const whole: TimeSpan = selection;
  const totalsQuery = eventTotalsSql(selection, [whole]);
  const [totals] = await boundQuery<{ events: string; users: string }>(em, totalsQuery.sql, totalsQuery.params, signal);
  return { eventCount: Number(totals?.events ?? 0), uniqueUsers: Number(totals?.users ?? 0) };
}
