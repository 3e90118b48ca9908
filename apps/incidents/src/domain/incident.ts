// The domain's own words for incidents and rules; the protobuf enums are
// mapped to these at the gRPC edge (grpc/proto-enums.ts) and stored as text.

export type IncidentStatus = 'OPEN' | 'WARNING' | 'CRITICAL' | 'CLOSED';
export type StatusMethod = 'MANUAL' | 'RULE_UPDATED' | 'RULE_TRIGGERED';
export type IncidentType = 'DETECTED' | 'ALERT_TRIGGERED';
export type Aggregation = 'TOTAL' | 'UNIQUE_USERS';
export type ThresholdComparison = 'ABOVE' | 'BELOW';

/** When a rule's value opens, escalates and resolves its incident (domain/alert-thresholds.ts). */
export interface AlertThresholds {
  readonly comparison: ThresholdComparison;
  readonly critical: number;
  /** Null = no warning level. */
  readonly warning: number | null;
  /** Null = the lowest trigger threshold (see resolveThresholdInEffect). */
  readonly resolve: number | null;
}

/** An incident as stored, with its effective time window resolved (the rule's, or 1 minute). */
export interface Incident {
  readonly id: string;
  readonly organizationId: string;
  readonly identifier: string;
  readonly type: IncidentType;
  readonly title: string;
  readonly status: IncidentStatus;
  readonly query: string;
  readonly aggregation: Aggregation;
  readonly dateStarted: Date;
  readonly dateDetected: Date;
  /** Null unless the status is CLOSED. */
  readonly dateClosed: Date | null;
  readonly projectIds: readonly string[];
  /** Empty = every group of its projects. */
  readonly groupIds: readonly string[];
  /** Null when it has no rule or the rule was deleted. */
  readonly alertRuleId: string | null;
  readonly timeWindowMinutes: number;
  readonly version: number;
}

export interface AlertRule {
  readonly id: string;
  readonly organizationId: string;
  readonly projectIds: readonly string[];
  readonly name: string;
  readonly query: string;
  readonly aggregation: Aggregation;
  readonly timeWindowMinutes: number;
  /** Null = the rule is only stored, never evaluated. */
  readonly thresholds: AlertThresholds | null;
  readonly enabled: boolean;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface IncidentActivity {
  readonly id: string;
  readonly incidentId: string;
  readonly previousStatus: IncidentStatus;
  readonly newStatus: IncidentStatus;
  readonly method: StatusMethod;
  /** Empty = none. */
  readonly comment: string;
  /** Empty = not given. */
  readonly actor: string;
  readonly createdAt: Date;
}

export interface StatsBucket {
  readonly start: Date;
  readonly value: number;
}

export interface IncidentSnapshot {
  readonly incidentId: string;
  readonly eventCount: number;
  readonly uniqueUsers: number;
  readonly buckets: readonly StatsBucket[];
  readonly rollupSeconds: number;
  readonly graphStart: Date;
  readonly graphEnd: Date;
  readonly totalsStart: Date;
  readonly totalsEnd: Date;
  readonly createdAt: Date;
}
