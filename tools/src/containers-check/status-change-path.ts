// The path the demo does not stress, against the containers: an incident
// closes while the scheduler's container is stopped; once it is started again
// its durable consumer picks the status event up, and processing makes the
// snapshot, whose totals are the events stored for it.
import { credentials } from '@grpc/grpc-js';
import { IncidentStatus, IncidentsServiceClient } from '@vigil/contracts/incidents';
import { IngestServiceClient } from '@vigil/contracts/ingest';
import { SnapshotSchedulerServiceClient } from '@vigil/contracts/scheduler';
import { callUnary } from '@vigil/runtime';
import {
  createIncident,
  eventually,
  freshId,
  HOUR,
  MINUTE,
  setStatus,
  storeEvents,
} from '../contract-suite/contract-helpers.js';
import type { ComposeProject } from './compose-project.js';

interface Addresses {
  readonly ingest: string;
  readonly incidents: string;
  readonly scheduler: () => Promise<string>;
}

export async function statusChangeToSnapshot(
  project: ComposeProject,
  addresses: Addresses,
  log: (line: string) => void,
): Promise<void> {
  const ingest = new IngestServiceClient(addresses.ingest, credentials.createInsecure());
  const incidents = new IncidentsServiceClient(addresses.incidents, credentials.createInsecure());
  try {
    const projectId = freshId();
    const started = Date.now() - 3 * HOUR;
    await storeEvents(
      ingest,
      [5, 10, 15].map((minutes) => ({ at: started + minutes * MINUTE, project: projectId })),
    );
    const incidentId = await createIncident(incidents, { organization: freshId(), project: projectId, started });
    log(`incident ${incidentId} with 3 events; stopping the scheduler's container`);
    await project.stop('snapshot-scheduler');
    await setStatus(incidents, incidentId, IncidentStatus.CLOSED, started + 20 * MINUTE);
    log('closed it (due at once) while the scheduler is down; starting the scheduler again');
    await project.start('snapshot-scheduler');
    await project.waitHealthy(600_000);
    const scheduler = new SnapshotSchedulerServiceClient(await addresses.scheduler(), credentials.createInsecure());
    try {
      // The row may already be gone: the scheduler's own timer (PROCESS_INTERVAL_MS)
      // can process it before a slow healthcheck lets us look. Either proves the
      // event crossed the restart; only a pending row needs processing here.
      const arrived = await eventually(
        async () => (await pendingVersion(scheduler, incidentId)) ?? (await snapshotOf(incidents, incidentId)),
        'the pending snapshot (or the snapshot) after the restart',
        120_000,
      );
      log(
        typeof arrived === 'string' ? `pending snapshot arrived, version ${arrived}` : 'the scheduler already made it',
      );
      if (typeof arrived === 'string') await callUnary(scheduler, 'processDueSnapshots', {}, { timeoutMs: 30_000 });
      const { snapshot } = await callUnary(incidents, 'getIncidentSnapshot', { incidentId }, { timeoutMs: 5_000 });
      if (snapshot?.eventCount !== '3') {
        throw new Error(`the snapshot counts ${snapshot?.eventCount} events, not 3: ${JSON.stringify(snapshot)}`);
      }
      log(`snapshot made: ${snapshot.eventCount} events, ${snapshot.buckets.length} graph buckets`);
    } finally {
      scheduler.close();
    }
  } finally {
    ingest.close();
    incidents.close();
  }
}

async function pendingVersion(
  scheduler: SnapshotSchedulerServiceClient,
  incidentId: string,
): Promise<string | undefined> {
  const answer = await callUnary(scheduler, 'getPendingSnapshot', { incidentId }, { timeoutMs: 5_000 }).catch(
    () => undefined,
  );
  return answer?.pendingSnapshot?.incidentVersion;
}

async function snapshotOf(incidents: IncidentsServiceClient, incidentId: string): Promise<object | undefined> {
  const answer = await callUnary(incidents, 'getIncidentSnapshot', { incidentId }, { timeoutMs: 5_000 }).catch(
    () => undefined,
  );
  return answer?.snapshot;
}
