// Puts the planned incidents into the system through the public gRPC
// contracts: their events into ingest (StoreEvents, 500 a call), the
// incidents themselves (CreateIncident, then UpdateIncidentStatus CLOSED with
// the planned close time), 32 calls in flight.
import { IncidentStatus, IncidentType, StatusMethod, type IncidentsServiceClient } from '@vigil/contracts/incidents';
import { Aggregation, Event, Level, type IngestServiceClient } from '@vigil/contracts/ingest';
import { callUnary } from '@vigil/runtime';
import { randomBytes } from 'node:crypto';
import { RULE_WINDOW_MINUTES, type PlannedIncident } from './incident-plan.js';
import { forEachInFlight } from './in-flight.js';

const ORGANIZATION_ID = '1';
const IN_FLIGHT = 32;
const EVENTS_PER_CALL = 500;
const STORE_IN_FLIGHT = 4;
const DEADLINE_MS = 30_000;
const USERS_PER_INCIDENT = 5;

/** The one alert rule every benchmark incident belongs to: it sets their time window. */
export async function createBenchRule(incidents: IncidentsServiceClient): Promise<string> {
  const { alertRule } = await callUnary(
    incidents,
    'createAlertRule',
    {
      organizationId: ORGANIZATION_ID,
      projectIds: ['1'],
      name: 'scheduler benchmark',
      query: '',
      aggregation: Aggregation.TOTAL,
      timeWindowMinutes: RULE_WINDOW_MINUTES,
    },
    { timeoutMs: DEADLINE_MS },
  );
  if (!alertRule) throw new Error('CreateAlertRule answered without a rule');
  return alertRule.id;
}

export async function storeIncidentEvents(
  ingest: IngestServiceClient,
  planned: readonly PlannedIncident[],
): Promise<void> {
  const events = planned.flatMap((incident) =>
    incident.eventTimes.map((timestamp, k) =>
      Event.fromPartial({
        eventId: randomBytes(16).toString('hex'),
        projectId: incident.projectId,
        timestamp,
        level: Level.ERROR,
        message: 'scheduler benchmark event',
        user: { id: `user-${k % USERS_PER_INCIDENT}` },
      }),
    ),
  );
  const calls = Array.from({ length: Math.ceil(events.length / EVENTS_PER_CALL) }, (_, i) =>
    events.slice(i * EVENTS_PER_CALL, (i + 1) * EVENTS_PER_CALL),
  );
  await forEachInFlight(calls, STORE_IN_FLIGHT, async (batch) => {
    const { results } = await callUnary(ingest, 'storeEvents', { events: batch }, { timeoutMs: DEADLINE_MS });
    const rejected = results.find((r) => r.rejection);
    if (rejected) throw new Error(`ingest rejected a benchmark event: ${JSON.stringify(rejected.rejection)}`);
  });
}

/** Creates the incidents (OPEN) and returns their ids, in the order of `planned`. */
export async function createIncidents(
  incidents: IncidentsServiceClient,
  ruleId: string,
  planned: readonly PlannedIncident[],
): Promise<string[]> {
  const ids = new Array<string>(planned.length);
  await forEachInFlight(planned, IN_FLIGHT, async (incident, index) => {
    const response = await callUnary(
      incidents,
      'createIncident',
      {
        organizationId: ORGANIZATION_ID,
        type: IncidentType.DETECTED,
        title: `benchmark incident on project ${incident.projectId}`,
        query: '',
        aggregation: Aggregation.TOTAL,
        dateStarted: incident.startedAt,
        dateDetected: incident.startedAt,
        projectIds: [incident.projectId],
        groupIds: [],
        alertRuleId: ruleId,
      },
      { timeoutMs: DEADLINE_MS },
    );
    if (!response.incident) throw new Error('CreateIncident answered without an incident');
    ids[index] = response.incident.id;
  });
  return ids;
}

/** Closes each incident at its planned close time (`ids[i]` is `planned[i]`). */
export async function closeIncidents(
  incidents: IncidentsServiceClient,
  ids: readonly string[],
  planned: readonly PlannedIncident[],
): Promise<void> {
  await forEachInFlight(ids, IN_FLIGHT, async (incidentId, index) => {
    const { changed } = await callUnary(
      incidents,
      'updateIncidentStatus',
      {
        incidentId,
        status: IncidentStatus.CLOSED,
        method: StatusMethod.MANUAL,
        dateClosed: planned[index]?.closedAt,
      },
      { timeoutMs: DEADLINE_MS },
    );
    if (!changed) throw new Error(`incident ${incidentId} was already closed`);
  });
}
