// Latency from a status change committed in incidents to its pending row in
// the scheduler. A few lanes each close one fresh incident at a time
// (UpdateIncidentStatus, no close time given: closed now), take the instant
// the call returned — its transaction had committed by then — and poll the
// scheduler's GetPendingSnapshot every few milliseconds until the row is
// there. Two figures per change:
// - visible: until GetPendingSnapshot first returned the row (what a client
//   sees; an upper bound, off by at most one poll interval plus one call);
// - applied: until the row's created_at, the scheduler's own clock reading
//   as it began applying the event (same machine, same clock; a lower bound,
//   it leaves out the scheduler's commit).
import { status } from '@grpc/grpc-js';
import { IncidentStatus, StatusMethod, type IncidentsServiceClient } from '@vigil/contracts/incidents';
import type { SnapshotSchedulerServiceClient } from '@vigil/contracts/scheduler';
import { callUnary } from '@vigil/runtime';
import { setTimeout as sleep } from 'node:timers/promises';
import { forEachInFlight } from './in-flight.js';

const LANES = 4;
const POLL_MS = 3;
const DEADLINE_MS = 10_000;
const GIVE_UP_MS = 30_000;

interface StatusLatencies {
  readonly visibleMs: number[];
  readonly appliedMs: number[];
}

const wallClockMs = () => performance.timeOrigin + performance.now();

export async function measureStatusLatency(
  incidents: IncidentsServiceClient,
  scheduler: SnapshotSchedulerServiceClient,
  openIncidentIds: readonly string[],
): Promise<StatusLatencies> {
  const visibleMs: number[] = [];
  const appliedMs: number[] = [];
  await forEachInFlight(openIncidentIds, LANES, async (incidentId) => {
    const request = { incidentId, status: IncidentStatus.CLOSED, method: StatusMethod.MANUAL };
    await callUnary(incidents, 'updateIncidentStatus', request, { timeoutMs: DEADLINE_MS });
    const committedAt = wallClockMs();
    const createdAt = await pollPendingRow(scheduler, incidentId);
    visibleMs.push(wallClockMs() - committedAt);
    appliedMs.push(createdAt.getTime() - committedAt);
  });
  return { visibleMs, appliedMs };
}

/** The row's created_at, once GetPendingSnapshot finds it. */
async function pollPendingRow(scheduler: SnapshotSchedulerServiceClient, incidentId: string): Promise<Date> {
  const giveUpAt = Date.now() + GIVE_UP_MS;
  for (;;) {
    try {
      const { pendingSnapshot } = await callUnary(
        scheduler,
        'getPendingSnapshot',
        { incidentId },
        { timeoutMs: DEADLINE_MS },
      );
      if (!pendingSnapshot?.createdAt) throw new Error(`GetPendingSnapshot ${incidentId} answered without created_at`);
      return pendingSnapshot.createdAt;
    } catch (error) {
      if ((error as { code?: unknown }).code !== status.NOT_FOUND) throw error;
    }
    if (Date.now() > giveUpAt) throw new Error(`no pending row for incident ${incidentId} after ${GIVE_UP_MS} ms`);
    await sleep(POLL_MS);
  }
}
