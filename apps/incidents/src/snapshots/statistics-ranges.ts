import { InvalidArgumentError } from '@vigil/runtime';
import { MINUTE, plainIncidentRange, windowedIncidentRange, type TimeRange } from '@vigil/time-range';
import type { Incident } from '../domain/incident.js';

type IncidentTimes = Pick<Incident, 'dateStarted' | 'dateClosed' | 'timeWindowMinutes'>;

/** The two ranges of a snapshot (behaviour.md §4), from one reading of the clock. */
export interface SnapshotRanges {
  /** The graph: the windowed range, in buckets of one time window. */
  readonly graph: TimeRange;
  /** The totals: the plain range. */
  readonly totals: TimeRange;
  readonly rollupSeconds: number;
}

export function snapshotRanges(incident: IncidentTimes, now: Date): SnapshotRanges {
  return {
    graph: windowedIncidentRange(incident, now),
    totals: plainIncidentRange(incident, now),
    rollupSeconds: rollupSecondsOf(incident),
  };
}

/** What a caller of GetIncidentEventStats chose. */
export interface LiveStatisticsChoice {
  readonly windowed: boolean;
  readonly start: Date | null;
  /** Ignored when windowed: the windowed end follows from the start. */
  readonly end: Date | null;
}

/** The range live statistics are computed over, and its bucket width. */
export function liveStatisticsRange(
  incident: IncidentTimes,
  now: Date,
  choice: LiveStatisticsChoice,
): TimeRange & { rollupSeconds: number } {
  const given = {
    ...(choice.start && { start: choice.start }),
    ...(choice.end && !choice.windowed && { end: choice.end }),
  };
  const range = choice.windowed
    ? windowedIncidentRange(incident, now, given)
    : plainIncidentRange(incident, now, given);
  if (range.start.getTime() >= range.end.getTime()) {
    throw new InvalidArgumentError(
      'start',
      `must be before the end of the range (${range.start.toISOString()} is not before ${range.end.toISOString()})`,
    );
  }
  return { ...range, rollupSeconds: rollupSecondsOf(incident) };
}

function rollupSecondsOf(incident: IncidentTimes): number {
  return (incident.timeWindowMinutes * MINUTE) / 1000;
}
