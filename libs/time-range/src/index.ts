export { DAY, HOUR, MINUTE, SECOND } from './durations.js';
export type { IncidentTimes, TimeRange } from './incident-times.js';
export { incidentTimeWindowMs } from './incident-time-window.js';
export { plainIncidentRange, type GivenRange } from './plain-incident-range.js';
export { SNAPSHOT_DATA_POINTS, windowedIncidentRange, type GivenWindowedStart } from './windowed-incident-range.js';
export { pendingSnapshotRunDate } from './pending-snapshot-run-date.js';
