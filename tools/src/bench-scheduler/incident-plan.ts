// The shape of the benchmark's incidents, decided before anything is sent.
// Every incident lasts one hour, has its own project (so its statistics count
// exactly its own events) and events spread evenly across that hour. All use
// one alert rule with a 10-minute window, so a pending snapshot is due
// 10 x 10 min = 100 min after the close (behaviour.md §4):
// - a "due" set is closed 2 h before the run started: due at once;
// - a "not due" set is closed at the run's start: due only 100 min later,
//   so the scheduler (timer off) never touches it during the run.
// The two sets are thus identical in shape and in the work a snapshot takes.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The alert rule's time window; the settle delay is 10 windows. */
export const RULE_WINDOW_MINUTES = 10;
const INCIDENT_DURATION_MS = HOUR;
const DUE_SET_CLOSED_BEFORE_START_MS = 2 * HOUR;

export interface PlannedIncident {
  /** The incident's one project; its events are stored there. */
  readonly projectId: string;
  readonly startedAt: Date;
  readonly closedAt: Date;
  /** Timestamps of its events, inside [startedAt, closedAt). */
  readonly eventTimes: readonly Date[];
}

interface SetRequest {
  /** Project of the first incident; the others take the following ids. */
  readonly firstProjectId: number;
  readonly count: number;
  /** Whether the set's pending snapshots are due during the run. */
  readonly due: boolean;
  readonly eventsPerIncident: number;
  /** The instant the run started. */
  readonly runStart: Date;
}

/** Plans `count` incidents of the benchmark's one shape. */
export function planIncidentSet(request: SetRequest): PlannedIncident[] {
  const closedAt = request.runStart.getTime() - (request.due ? DUE_SET_CLOSED_BEFORE_START_MS : 0);
  const startedAt = closedAt - INCIDENT_DURATION_MS;
  const spacing = INCIDENT_DURATION_MS / request.eventsPerIncident;
  const eventTimes = Array.from(
    { length: request.eventsPerIncident },
    (_, k) => new Date(startedAt + (k + 0.5) * spacing),
  );
  return Array.from({ length: request.count }, (_, i) => ({
    projectId: String(request.firstProjectId + i),
    startedAt: new Date(startedAt),
    closedAt: new Date(closedAt),
    eventTimes,
  }));
}
