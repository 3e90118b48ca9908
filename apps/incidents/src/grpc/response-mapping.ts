// The domain's records → protobuf messages.
import type { StatsBucket as ProtoStatsBucket } from '@vigil/contracts/ingest';
import type {
  AlertRule as ProtoAlertRule,
  AlertThresholds as ProtoAlertThresholds,
  Incident as ProtoIncident,
  IncidentActivity as ProtoIncidentActivity,
  IncidentSnapshot as ProtoIncidentSnapshot,
} from '@vigil/contracts/incidents';
import { resolveThresholdInEffect } from '../domain/alert-thresholds.js';
import type {
  AlertRule,
  AlertThresholds,
  Incident,
  IncidentActivity,
  IncidentSnapshot,
  StatsBucket,
} from '../domain/incident.js';
import {
  aggregationToProto,
  comparisonToProto,
  methodToProto,
  statusToProto,
  typeToProto,
} from '../protobuf/enum-mapping.js';

export function alertRuleToProto(rule: AlertRule): ProtoAlertRule {
  const { thresholds, ...fields } = rule;
  return {
    ...fields,
    projectIds: [...rule.projectIds],
    aggregation: aggregationToProto(rule.aggregation),
    thresholds: thresholds === null ? undefined : thresholdsToProto(thresholds),
    resolveThresholdInEffect: thresholds === null ? undefined : resolveThresholdInEffect(thresholds),
  };
}

function thresholdsToProto(thresholds: AlertThresholds): ProtoAlertThresholds {
  return {
    comparison: comparisonToProto(thresholds.comparison),
    critical: thresholds.critical,
    warning: thresholds.warning ?? undefined,
    resolve: thresholds.resolve ?? undefined,
  };
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
