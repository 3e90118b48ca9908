// The domain's records → protobuf messages.
import type { StatsBucket as ProtoStatsBucket } from '@vigil/contracts/ingest';
import type {
  AlertRule as ProtoAlertRule,
  Incident as ProtoIncident,
  IncidentActivity as ProtoIncidentActivity,
  IncidentSnapshot as ProtoIncidentSnapshot,
} from '@vigil/contracts/incidents';
import type { AlertRule, Incident, IncidentActivity, IncidentSnapshot, StatsBucket } from '../domain/incident.js';
import { aggregationToProto, methodToProto, statusToProto, typeToProto } from '../protobuf/enum-mapping.js';

export function alertRuleToProto(rule: AlertRule): ProtoAlertRule {
  return { ...rule, projectIds: [...rule.projectIds], aggregation: aggregationToProto(rule.aggregation) };
}

export function incidentToProto(incident: Incident): ProtoIncident {
  return {
    id: incident.id,
    organizationId: incident.organizationId,
    identifier: incident.identifier,
    type: typeToProto(incident.type),
    title: incident.title,
    status: statusToProto(incident.status),
    query: incident.query,
    aggregation: aggregationToProto(incident.aggregation),
    dateStarted: incident.dateStarted,
    dateDetected: incident.dateDetected,
    dateClosed: incident.dateClosed ?? undefined,
    projectIds: [...incident.projectIds],
    groupIds: [...incident.groupIds],
    alertRuleId: incident.alertRuleId ?? undefined,
    timeWindowMinutes: incident.timeWindowMinutes,
    version: String(incident.version),
  };
}

export function activityToProto(activity: IncidentActivity): ProtoIncidentActivity {
  return {
    ...activity,
    previousStatus: statusToProto(activity.previousStatus),
    newStatus: statusToProto(activity.newStatus),
    method: methodToProto(activity.method),
  };
}

export function bucketsToProto(buckets: readonly StatsBucket[]): ProtoStatsBucket[] {
  return buckets.map((bucket) => ({ start: bucket.start, value: String(bucket.value) }));
}

export function snapshotToProto(snapshot: IncidentSnapshot): ProtoIncidentSnapshot {
  return {
    ...snapshot,
    eventCount: String(snapshot.eventCount),
    uniqueUsers: String(snapshot.uniqueUsers),
    buckets: bucketsToProto(snapshot.buckets),
  };
}
