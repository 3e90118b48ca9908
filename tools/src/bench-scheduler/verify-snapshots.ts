// After the timed phases (not timed): every incident of a set has its
// snapshot, and it counted exactly the incident's own events — so both
// phases did the whole job, not a cheaper one.
import type { IncidentsServiceClient } from '@vigil/contracts/incidents';
import { callUnary } from '@vigil/runtime';
import { forEachInFlight } from './in-flight.js';

const IN_FLIGHT = 16;
const DEADLINE_MS = 10_000;

export async function verifySnapshots(
  incidents: IncidentsServiceClient,
  incidentIds: readonly string[],
  eventsPerIncident: number,
  who: string,
): Promise<void> {
  await forEachInFlight(incidentIds, IN_FLIGHT, async (incidentId) => {
    const { snapshot } = await callUnary(
      incidents,
      'getIncidentSnapshot',
      { incidentId },
      { timeoutMs: DEADLINE_MS },
    ).catch((error: unknown) => {
      throw new Error(`${who}: incident ${incidentId} has no snapshot (${(error as Error).message})`);
    });
    if (Number(snapshot?.eventCount) !== eventsPerIncident) {
      throw new Error(
        `${who}: snapshot of incident ${incidentId} counted ${snapshot?.eventCount} events, expected ${eventsPerIncident}`,
      );
    }
  });
}
