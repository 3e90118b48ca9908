import type { IncidentsServiceServer } from '@vigil/contracts/incidents';
import { NotFoundError } from '@vigil/runtime';
import { changeIncidentStatus } from '../db/incident-status-store.js';
import {
  createIncident,
  findIncident,
  incidentExists,
  listIncidentActivity,
  listIncidents,
} from '../db/incident-store.js';
import { positiveId } from '../domain/field-rules.js';
import { decodePageToken, page, pageSize } from './page-token.js';
import { incidentStatus, newIncidentFrom, statusChangeFrom } from './request-mapping.js';
import { activityToProto, incidentToProto } from './response-mapping.js';
import { handlerFactory, type IncidentsServiceDeps } from './service-deps.js';

type IncidentHandlers = Pick<
  IncidentsServiceServer,
  'createIncident' | 'getIncident' | 'listIncidents' | 'updateIncidentStatus' | 'listIncidentActivity'
>;

const notFound = (id: string) => new NotFoundError(`incident ${id} not found`);

export function incidentHandlers(deps: IncidentsServiceDeps): IncidentHandlers {
  const handler = handlerFactory(deps);
  return {
    createIncident: handler(async (request, em) => {
      const now = deps.now();
      return { incident: incidentToProto(await createIncident(em, newIncidentFrom(request, now), now)) };
    }),

    getIncident: handler(async (request, em) => {
      const id = positiveId(request.incidentId, 'incident_id');
      const incident = await findIncident(em, id);
      if (!incident) throw notFound(id);
      return { incident: incidentToProto(incident) };
    }),

    listIncidents: handler(async (request, em) => {
      const organizationId = positiveId(request.organizationId, 'organization_id');
      const status = request.status === undefined ? null : incidentStatus(request.status);
      const size = pageSize(request.pageSize);
      const scope = `incidents:${organizationId}:${status ?? '*'}`;
      const beforeIdentifier = decodePageToken(request.pageToken, scope);
      const rows = await listIncidents(em, { organizationId, status, beforeIdentifier, limit: size + 1 });
      const { items, nextPageToken } = page(rows, size, scope, (incident) => incident.identifier);
      return { incidents: items.map(incidentToProto), nextPageToken };
    }),

    updateIncidentStatus: handler(async (request, em) => {
      const id = positiveId(request.incidentId, 'incident_id');
      const change = statusChangeFrom(request);
      const context = { now: deps.now(), eventId: deps.newEventId(), subjectPrefix: deps.subjectPrefix };
      const outcome = await changeIncidentStatus(em, id, change, context);
      if (!outcome) throw notFound(id);
      if (outcome.changed) deps.onStatusChanged();
      return { incident: incidentToProto(outcome.incident), changed: outcome.changed };
    }),

    listIncidentActivity: handler(async (request, em) => {
      const incidentId = positiveId(request.incidentId, 'incident_id');
      const size = pageSize(request.pageSize);
      const scope = `activity:${incidentId}`;
      const afterId = decodePageToken(request.pageToken, scope);
      if (!(await incidentExists(em, incidentId))) throw notFound(incidentId);
      const rows = await listIncidentActivity(em, { incidentId, afterId, limit: size + 1 });
      const { items, nextPageToken } = page(rows, size, scope, (activity) => activity.id);
      return { activities: items.map(activityToProto), nextPageToken };
    }),
  };
}
