import { InvalidArgumentError } from '@vigil/runtime';
import { levelsAllowedBy } from './level-filter.js';
import { countedTermOf } from './term-counter.js';
import type { EventSelection, TimeSeriesQuery } from './stats-query.js';

/**
 * Whether a time series comes from the per-minute and per-hour counters:
 * total counts filtered by level only, in whole minutes. Its cost is then
 * one counter row per period read (bounded by the bucket limit and the
 * retention); only the partial minutes at its edges read events.
 */
export function servedByCounters(query: TimeSeriesQuery): boolean {
  return query.aggregation === 'TOTAL' && levelsAllowedBy(query.filter) !== null && query.rollupSeconds % 60 === 0;
}

/**
 * Whether a time series comes mostly from the per-hour term counters (one
 * tag, environment, release or platform term, maybe negated, in buckets of
 * whole hours): one counter row per hour read, and under two partial hours at
 * the edges read from events (see eventTimeSeries), so no scan bound.
 */
export function servedByTermCounters(query: TimeSeriesQuery): boolean {
  return (
    query.aggregation === 'TOTAL' &&
    query.groupIds.length === 0 &&
    query.rollupSeconds % 3600 === 0 &&
    countedTermOf(query.filter) !== null
  );
}

/**
 * The cost bound on statistics read from the events themselves (distinct
 * users, a filter on anything but level, every GetEventAggregates): their
 * cost grows with the events in [start, end), so the range is limited to
 * `maxScanMs` (STATS_MAX_SCAN_RANGE). Over it: INVALID_ARGUMENT on `end`,
 * naming the limit; the same request cannot pass on retry.
 */
export function checkScanRange(selection: EventSelection, maxScanMs: number, why: string): void {
  const rangeMs = selection.end.getTime() - selection.start.getTime();
  if (rangeMs <= maxScanMs) return;
  throw new InvalidArgumentError(
    'end',
    `[start, end) spans ${hours(rangeMs)} h; statistics that read events (${why}) may span at most ${hours(maxScanMs)} h (STATS_MAX_SCAN_RANGE): use a shorter range`,
  );
}

function hours(ms: number): string {
  return String(Math.round((ms / 3_600_000) * 100) / 100);
}
