import {
  currentEndMs,
  instantAt,
  validInstantMs,
  windowMinutesToMs,
  type IncidentTimes,
  type TimeRange,
} from './incident-times.js';

/** Bounds a caller chose; each one given replaces the computed one. */
export interface GivenRange {
  readonly start?: Date;
  readonly end?: Date;
}

/**
 * The range an incident's totals are counted over: one time window before it
 * started to one time window after its current end (date_closed, or now),
 * so that the buckets that made the rule fire and the one that settled it
 * are both inside.
 */
export function plainIncidentRange(incident: IncidentTimes, now: Date, given: GivenRange = {}): TimeRange {
  const tw = windowMinutesToMs(incident.timeWindowMinutes);
  const start = given.start ?? instantAt(validInstantMs(incident.dateStarted, 'dateStarted') - tw, 'range start');
  const end = given.end ?? instantAt(currentEndMs(incident, now) + tw, 'range end');
  validInstantMs(start, 'given start');
  validInstantMs(end, 'given end');
  return { start, end };
}
