import { DAY } from './durations.js';
import { currentEndMs, instantAt, windowMinutesToMs, type IncidentTimes } from './incident-times.js';

/**
 * The longest an incident waits after its current end before its snapshot is
 * taken: ten windows, so late events of the last buckets have arrived, but
 * never more than ten days, so rules with day-long windows still get a
 * snapshot in reasonable time.
 */
export function settleDelayMs(timeWindowMinutes: number): number {
  return Math.min(10 * windowMinutesToMs(timeWindowMinutes), 10 * DAY);
}

/**
 * When a pending snapshot of this incident is due:
 * current_end + min(10 × time window, 10 days).
 */
export function pendingSnapshotRunDate(incident: IncidentTimes, now: Date): Date {
  return instantAt(currentEndMs(incident, now) + settleDelayMs(incident.timeWindowMinutes), 'run date');
}
