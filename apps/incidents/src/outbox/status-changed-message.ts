import { IncidentStatusChanged } from '@vigil/contracts/events';
import type { Incident, IncidentStatus, StatusMethod } from '../domain/incident.js';
import { methodToProto, statusToProto } from '../protobuf/enum-mapping.js';

/** One status change as announced on NATS (behaviour.md §5). */
export interface StatusChangeAnnouncement {
  /** Also the JetStream message id: the same on every retry of the relay. */
  readonly eventId: string;
  /** The incident after the change (its version, status and date_closed are the new ones). */
  readonly incident: Incident;
  readonly previousStatus: IncidentStatus;
  readonly method: StatusMethod;
  readonly occurredAt: Date;
}

/** The incident's own subject, so a consumer may filter or partition by incident. */
export function statusChangedSubject(subjectPrefix: string, incidentId: string): string {
  return `${subjectPrefix}.${incidentId}`;
}

/** The protobuf `vigil.events.v1.IncidentStatusChanged` bytes of an announcement. */
export function encodeStatusChanged(announcement: StatusChangeAnnouncement): Uint8Array {
  const { eventId, incident, previousStatus, method, occurredAt } = announcement;
  return IncidentStatusChanged.encode({
    eventId,
    incidentId: incident.id,
    organizationId: incident.organizationId,
    version: String(incident.version),
    previousStatus: statusToProto(previousStatus),
    newStatus: statusToProto(incident.status),
    method: methodToProto(method),
    dateStarted: incident.dateStarted,
    dateClosed: incident.dateClosed ?? undefined,
    timeWindowMinutes: incident.timeWindowMinutes,
    occurredAt,
  }).finish();
}
