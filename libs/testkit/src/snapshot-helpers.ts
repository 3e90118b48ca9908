import { setTimeout as sleep } from 'node:timers/promises';
import { isVigilCallError, type IncidentsClient, type SchedulerClient } from '@vigil/contracts/client';
import type { IncidentSnapshot } from '@vigil/contracts/incidents';
import type { PendingSnapshot } from '@vigil/contracts/scheduler';

const POLL_MS = 50;

/**
 * Waits until the scheduler holds a pending snapshot for the incident: the
 * close travels incidents → outbox → NATS → scheduler, so it appears a
 * moment after UpdateIncidentStatus returns.
 */
export async function waitForPendingSnapshot(
  scheduler: SchedulerClient,
  incidentId: string,
  timeoutMs: number,
): Promise<PendingSnapshot> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const { pendingSnapshot } = await scheduler.getPendingSnapshot({ incidentId });
      if (pendingSnapshot) return pendingSnapshot;
    } catch (error) {
      if (!isVigilCallError(error) || error.codeName !== 'NOT_FOUND') throw error;
    }
    if (Date.now() > deadline)
      throw new Error(`no pending snapshot for incident ${incidentId} within ${timeoutMs} ms: was it closed?`);
    await sleep(POLL_MS);
  }
}

/**
 * Waits for the incident's pending snapshot, has the scheduler process what
 * is due, and returns the snapshot. The pending snapshot must be due: close
 * the incident with a `dateClosed` at least ten time windows in the past.
 */
export async function settleSnapshot(
  clients: { scheduler: SchedulerClient; incidents: IncidentsClient },
  incidentId: string,
  timeoutMs: number,
): Promise<IncidentSnapshot> {
  const pending = await waitForPendingSnapshot(clients.scheduler, incidentId, timeoutMs);
  if (pending.targetRunDate && pending.targetRunDate.getTime() > Date.now())
    throw new Error(
      `incident ${incidentId}'s snapshot is not due until ${pending.targetRunDate.toISOString()}: ` +
        'close it with a dateClosed at least ten time windows in the past',
    );
  await clients.scheduler.processDueSnapshots({});
  const { snapshot } = await clients.incidents.getIncidentSnapshot({ incidentId });
  if (!snapshot) throw new Error(`incidents answered without incident ${incidentId}'s snapshot`);
  return snapshot;
}
