import {
  currentEndMs,
  instantAt,
  validInstantMs,
  windowMinutesToMs,
  type IncidentTimes,
  type TimeRange,
} from './incident-times.js';
import { settleDelayMs } from './pending-snapshot-run-date.js';

/** How many buckets of one time window an incident's graph shows. */
export const SNAPSHOT_DATA_POINTS = 200;

/**
 * Only the start can be given: the windowed end is always derived from it,
 * as in the plain range's start (behaviour.md §4).
 */
export interface GivenWindowedStart {
  readonly start?: Date;
}

/**
 * The range of an incident's graph: SNAPSHOT_DATA_POINTS windows centred on
 * the plain start s (= date_started − tw, or the given start). When that
 * would end after now, the graph instead ends at now, or earlier at the
 * snapshot's run date (current_end + min(10·tw, 10 days)) so that a graph
 * drawn long after the close still shows the incident, and it keeps its
 * full width by starting SNAPSHOT_DATA_POINTS windows before that end.
 */
export function windowedIncidentRange(incident: IncidentTimes, now: Date, given: GivenWindowedStart = {}): TimeRange {
  const tw = windowMinutesToMs(incident.timeWindowMinutes);
  const nowMs = validInstantMs(now, 'now');
  const plainStart =
    given.start !== undefined
      ? validInstantMs(given.start, 'given start')
      : validInstantMs(incident.dateStarted, 'dateStarted') - tw;
  const halfWidth = (SNAPSHOT_DATA_POINTS / 2) * tw;

  let end = plainStart + halfWidth;
  let start = plainStart - halfWidth;
  if (end > nowMs) {
    end = Math.min(nowMs, currentEndMs(incident, now) + settleDelayMs(incident.timeWindowMinutes));
    start = end - SNAPSHOT_DATA_POINTS * tw;
  }
  return { start: instantAt(start, 'range start'), end: instantAt(end, 'range end') };
}
