import type { IncidentsServiceServer } from '@vigil/contracts/incidents';
import { NotFoundError } from '@vigil/runtime';
import { incidentExists } from '../db/incident-store.js';
import { findSnapshot } from '../db/snapshot-store.js';
import { positiveId } from '../domain/field-rules.js';
import { createIncidentSnapshot } from '../snapshots/create-incident-snapshot.js';
import { incidentEventStats } from '../snapshots/incident-event-stats.js';
import { liveStatisticsChoiceFrom } from './request-mapping.js';
import { bucketsToProto, snapshotToProto } from './response-mapping.js';
import { handlerFactory, type IncidentsServiceDeps } from './service-deps.js';

type SnapshotHandlers = Pick<
  IncidentsServiceServer,
  'createIncidentSnapshot' | 'getIncidentSnapshot' | 'getIncidentEventStats'
>;

export function snapshotHandlers(deps: IncidentsServiceDeps): SnapshotHandlers {
  const handler = handlerFactory(deps);
  return {
    createIncidentSnapshot: handler(async (request, em) => {
      const id = positiveId(request.incidentId, 'incident_id');
      const { snapshot, created } = await createIncidentSnapshot({ em, ingest: deps.ingest, now: deps.now() }, id);
      return { snapshot: snapshotToProto(snapshot), created };
    }),

    getIncidentSnapshot: handler(async (request, em) => {
      const id = positiveId(request.incidentId, 'incident_id');
      const snapshot = await findSnapshot(em, id);
      if (snapshot) return { snapshot: snapshotToProto(snapshot) };
      const exists = await incidentExists(em, id);
      throw new NotFoundError(exists ? `incident ${id} has no snapshot` : `incident ${id} not found`);
    }),

    getIncidentEventStats: handler(async (request, em) => {
      const id = positiveId(request.incidentId, 'incident_id');
      const choice = liveStatisticsChoiceFrom(request);
      const stats = await incidentEventStats({ em, ingest: deps.ingest, now: deps.now() }, id, choice);
      return {
        buckets: bucketsToProto(stats.buckets),
        rollupSeconds: stats.rollupSeconds,
        start: stats.start,
        end: stats.end,
        eventCount: String(stats.eventCount),
        uniqueUsers: String(stats.uniqueUsers),
      };
    }),
  };
}
