// Requests → the domain's inputs. Every check here names the request field,
// so a caller's mistake is INVALID_ARGUMENT saying where it is.
import type {
  AlertThresholds as ProtoAlertThresholds,
  CreateAlertRuleRequest,
  CreateIncidentRequest,
  GetIncidentEventStatsRequest,
  UpdateAlertRuleRequest,
  UpdateIncidentStatusRequest,
} from '@vigil/contracts/incidents';
import { IncidentType, StatusMethod } from '@vigil/contracts/incidents';
import { InvalidArgumentError } from '@vigil/runtime';
import { optionalTimestamp } from '@vigil/runtime/validation';
import type { AlertRuleChanges, NewAlertRule } from '../db/alert-rule-store.js';
import type { NewIncident } from '../db/incident-store.js';
import {
  boundedText,
  groupIds,
  label,
  MAX_COMMENT_LENGTH,
  MAX_LABEL_LENGTH,
  positiveId,
  projectIds,
  timeWindowMinutes,
  validQuery,
} from '../domain/field-rules.js';
import { checkThresholds } from '../domain/alert-thresholds.js';
import type { Aggregation, AlertThresholds, IncidentStatus } from '../domain/incident.js';
import type { StatusChangeRequest } from '../domain/status-change.js';
import {
  aggregationFromProto,
  comparisonFromProto,
  methodFromProto,
  statusFromProto,
  typeFromProto,
} from '../protobuf/enum-mapping.js';
import type { LiveStatisticsChoice } from '../snapshots/statistics-ranges.js';

/** UNSPECIFIED (0) means TOTAL; a number the contract does not define is refused. */
function aggregation(value: number, field = 'aggregation'): Aggregation {
  if (value === 0) return 'TOTAL';
  const known = aggregationFromProto(value);
  if (!known) throw new InvalidArgumentError(field, `unknown aggregation ${value}`);
  return known;
}

export function incidentStatus(value: number, field = 'status'): IncidentStatus {
  const known = statusFromProto(value);
  if (!known) throw new InvalidArgumentError(field, `must be OPEN, WARNING, CRITICAL or CLOSED, got ${value}`);
  return known;
}

/** A rule's thresholds as given: the comparison is required, the numbers ordered with it. */
function thresholds(given: ProtoAlertThresholds, field = 'thresholds'): AlertThresholds {
  const comparison = comparisonFromProto(given.comparison);
  if (!comparison) {
    throw new InvalidArgumentError(
      `${field}.comparison`,
      `must be THRESHOLD_COMPARISON_ABOVE or THRESHOLD_COMPARISON_BELOW, got ${given.comparison}`,
    );
  }
  return checkThresholds(
    { comparison, critical: given.critical, warning: given.warning ?? null, resolve: given.resolve ?? null },
    field,
  );
}

export function newAlertRuleFrom(request: CreateAlertRuleRequest): NewAlertRule {
  return {
    organizationId: positiveId(request.organizationId, 'organization_id'),
    projectIds: projectIds(request.projectIds),
    name: label(request.name, 'name'),
    query: validQuery(request.query),
    aggregation: aggregation(request.aggregation),
    timeWindowMinutes: timeWindowMinutes(request.timeWindowMinutes),
    thresholds: request.thresholds === undefined ? null : thresholds(request.thresholds),
    enabled: request.enabled ?? true,
  };
}

export function alertRuleChangesFrom(request: UpdateAlertRuleRequest): AlertRuleChanges {
  return {
    ...(request.name !== undefined && { name: label(request.name, 'name') }),
    ...(request.query !== undefined && { query: validQuery(request.query) }),
    ...(request.aggregation !== undefined && { aggregation: aggregation(request.aggregation) }),
    ...(request.timeWindowMinutes !== undefined && { timeWindowMinutes: timeWindowMinutes(request.timeWindowMinutes) }),
    ...(request.thresholds !== undefined && { thresholds: thresholds(request.thresholds) }),
    ...(request.enabled !== undefined && { enabled: request.enabled }),
  };
}

export function newIncidentFrom(request: CreateIncidentRequest, now: Date): NewIncident {
  const organizationId = positiveId(request.organizationId, 'organization_id');
  const type = request.type === IncidentType.UNSPECIFIED ? 'DETECTED' : typeFromProto(request.type);
  if (!type) throw new InvalidArgumentError('type', `unknown incident type ${request.type}`);
  const title = label(request.title, 'title');
  const query = validQuery(request.query);
  const dateStarted = optionalTimestamp(request.dateStarted, 'date_started') ?? now;
  if (dateStarted.getTime() > now.getTime()) {
    throw new InvalidArgumentError(
      'date_started',
      `must not be in the future (${dateStarted.toISOString()} is after ${now.toISOString()})`,
    );
  }
  return {
    organizationId,
    type,
    title,
    query,
    aggregation: aggregation(request.aggregation),
    dateStarted,
    dateDetected: optionalTimestamp(request.dateDetected, 'date_detected') ?? now,
    projectIds: projectIds(request.projectIds),
    groupIds: groupIds(request.groupIds),
    alertRuleId: request.alertRuleId === undefined ? null : positiveId(request.alertRuleId, 'alert_rule_id'),
  };
}

export function statusChangeFrom(request: UpdateIncidentStatusRequest): StatusChangeRequest {
  const method = request.method === StatusMethod.UNSPECIFIED ? 'MANUAL' : methodFromProto(request.method);
  if (!method) throw new InvalidArgumentError('method', `unknown status method ${request.method}`);
  return {
    status: incidentStatus(request.status),
    method,
    comment: boundedText(request.comment ?? '', 'comment', MAX_COMMENT_LENGTH),
    actor: boundedText(request.actor ?? '', 'actor', MAX_LABEL_LENGTH),
    dateClosed: optionalTimestamp(request.dateClosed, 'date_closed'),
  };
}

export function liveStatisticsChoiceFrom(request: GetIncidentEventStatsRequest): LiveStatisticsChoice {
  return {
    windowed: request.windowed,
    start: optionalTimestamp(request.start, 'start'),
    end: optionalTimestamp(request.end, 'end'),
  };
}
