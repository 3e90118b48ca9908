import { splitAtMinutes, splitAtWholeUnits, type TimeSpan } from './minute-split.js';

const HOUR_MS = 3_600_000;

/** Which part of [start, end) each source answers; together they cover it exactly once. */
export interface CounterSpans {
  /** Whole UTC hours, from the hour counters. */
  readonly hours: TimeSpan | null;
  /** Whole minutes not inside `hours`, from the minute counters. */
  readonly minutes: readonly TimeSpan[];
  /** Partial minutes at the edges, from the events themselves. */
  readonly events: readonly TimeSpan[];
}

/**
 * Splits a TOTAL time series query over counters. A counter row is exact
 * for a bucket only if its whole period falls in that bucket: minutes
 * always do when the rollup is a whole number of minutes, hours when it is
 * a whole number of hours (buckets and hours are both aligned to the
 * epoch). Hour counters exist per project only, so a query about groups
 * (`hoursAvailable` false) stays on minutes.
 */
export function counterSpans(start: Date, end: Date, rollupSeconds: number, hoursAvailable: boolean): CounterSpans {
  const { wholeMinutes, edges } = splitAtMinutes(start, end);
  if (!wholeMinutes) return { hours: null, minutes: [], events: edges };
  if (!hoursAvailable || rollupSeconds % 3600 !== 0) return { hours: null, minutes: [wholeMinutes], events: edges };
  const { whole, edges: partialHours } = splitAtWholeUnits(wholeMinutes.start, wholeMinutes.end, HOUR_MS);
  return { hours: whole, minutes: partialHours, events: edges };
}
