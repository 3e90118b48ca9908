import { MINUTE } from './durations.js';
import { windowMinutesToMs } from './incident-times.js';

/**
 * An incident's time window in ms: its alert rule's window, or 1 minute when
 * it has no rule (null or undefined). Throws a RangeError for a rule window
 * that is not a whole number of minutes ≥ 1.
 */
export function incidentTimeWindowMs(ruleTimeWindowMinutes: number | null | undefined): number {
  if (ruleTimeWindowMinutes === null || ruleTimeWindowMinutes === undefined) {
    return MINUTE;
  }
  return windowMinutesToMs(ruleTimeWindowMinutes);
}
