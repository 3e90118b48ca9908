// Protobuf enums ⇄ the domain's words, in one place for the gRPC edge and
// the NATS payload. An enum value the domain does not know (UNSPECIFIED,
// or a number from a newer contract) maps to undefined; callers decide
// whether that is a default or an INVALID_ARGUMENT.
import { Aggregation as ProtoAggregation } from '@vigil/contracts/ingest';
import {
  IncidentStatus as ProtoIncidentStatus,
  IncidentType as ProtoIncidentType,
  StatusMethod as ProtoStatusMethod,
  ThresholdComparison as ProtoThresholdComparison,
} from '@vigil/contracts/incidents';
import type {
  Aggregation,
  IncidentStatus,
  IncidentType,
  StatusMethod,
  ThresholdComparison,
} from '../domain/incident.js';

const STATUS_TO_PROTO: Record<IncidentStatus, ProtoIncidentStatus> = {
  OPEN: ProtoIncidentStatus.OPEN,
  WARNING: ProtoIncidentStatus.WARNING,
  CRITICAL: ProtoIncidentStatus.CRITICAL,
  CLOSED: ProtoIncidentStatus.CLOSED,
};

const METHOD_TO_PROTO: Record<StatusMethod, ProtoStatusMethod> = {
  MANUAL: ProtoStatusMethod.MANUAL,
  RULE_UPDATED: ProtoStatusMethod.RULE_UPDATED,
  RULE_TRIGGERED: ProtoStatusMethod.RULE_TRIGGERED,
};

const TYPE_TO_PROTO: Record<IncidentType, ProtoIncidentType> = {
  DETECTED: ProtoIncidentType.DETECTED,
  ALERT_TRIGGERED: ProtoIncidentType.ALERT_TRIGGERED,
};

const AGGREGATION_TO_PROTO: Record<Aggregation, ProtoAggregation> = {
  TOTAL: ProtoAggregation.TOTAL,
  UNIQUE_USERS: ProtoAggregation.UNIQUE_USERS,
};

const COMPARISON_TO_PROTO: Record<ThresholdComparison, ProtoThresholdComparison> = {
  ABOVE: ProtoThresholdComparison.ABOVE,
  BELOW: ProtoThresholdComparison.BELOW,
};

function inverse<K extends string, V extends number>(table: Record<K, V>): (value: number) => K | undefined {
  const byValue = new Map<number, K>(Object.entries<V>(table).map(([key, value]) => [value, key as K]));
  return (value) => byValue.get(value);
}

export const statusToProto = (status: IncidentStatus): ProtoIncidentStatus => STATUS_TO_PROTO[status];
export const methodToProto = (method: StatusMethod): ProtoStatusMethod => METHOD_TO_PROTO[method];
export const typeToProto = (type: IncidentType): ProtoIncidentType => TYPE_TO_PROTO[type];
export const aggregationToProto = (aggregation: Aggregation): ProtoAggregation => AGGREGATION_TO_PROTO[aggregation];
export const comparisonToProto = (comparison: ThresholdComparison): ProtoThresholdComparison =>
  COMPARISON_TO_PROTO[comparison];

export const statusFromProto = inverse(STATUS_TO_PROTO);
export const methodFromProto = inverse(METHOD_TO_PROTO);
export const typeFromProto = inverse(TYPE_TO_PROTO);
export const aggregationFromProto = inverse(AGGREGATION_TO_PROTO);
export const comparisonFromProto = inverse(COMPARISON_TO_PROTO);
