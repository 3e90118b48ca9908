// MikroORM entities over the tables of migrations 0001–0003. Enumerations are
// stored as their domain words (text with CHECK constraints), ids as bigint
// handled as decimal strings, the way the contracts carry int64.
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type {
  Aggregation,
  IncidentStatus,
  IncidentType,
  StatusMethod,
  ThresholdComparison,
} from '../domain/incident.js';

export const AlertRuleEntity = defineEntity({
  name: 'AlertRule',
  tableName: 'alert_rule',
  properties: {
    id: p.bigint('string').primary().autoincrement(),
    organizationId: p.bigint('string'),
    projectIds: p.array().columnType('bigint[]'),
    name: p.text(),
    query: p.text().default(''),
    aggregation: p.text().$type<Aggregation>(),
    timeWindowMinutes: p.integer(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
    comparison: p.text().$type<ThresholdComparison>().nullable(),
    criticalThreshold: p.double().$type<number>().runtimeType('number').nullable(),
    warningThreshold: p.double().$type<number>().runtimeType('number').nullable(),
    resolveThreshold: p.double().$type<number>().runtimeType('number').nullable(),
    enabled: p.boolean().default(true),
    nextEvaluationAt: p.datetime().defaultRaw('now()'),
    // Written and read only by the evaluator's SQL (db/rule-evaluation-store.ts).
    leaseToken: p.uuid().nullable(),
    leaseExpiresAt: p.datetime().nullable(),
  },
});

export const IncidentEntity = defineEntity({
  name: 'Incident',
  tableName: 'incident',
  uniques: [{ name: 'incident_identifier_unique', properties: ['organizationId', 'identifier'] }],
  properties: {
    id: p.bigint('string').primary().autoincrement(),
    organizationId: p.bigint('string'),
    identifier: p.bigint('string'),
    type: p.text().$type<IncidentType>(),
    title: p.text(),
    status: p.text().$type<IncidentStatus>(),
    query: p.text().default(''),
    aggregation: p.text().$type<Aggregation>(),
    dateStarted: p.datetime(),
    dateDetected: p.datetime(),
    dateClosed: p.datetime().nullable(),
    projectIds: p.array().columnType('bigint[]'),
    groupIds: p.array().columnType('text[]').defaultRaw("'{}'"),
    // A plain column rather than a relation: the rule is read on purpose,
    // for its current time window, and the database clears it on delete.
    alertRuleId: p.bigint('string').nullable(),
    version: p.bigint('number').defaultRaw('1'),
    createdAt: p.datetime(),
    /** Opened by the rule evaluator, which manages it from then on (not one a caller created with a rule id). */
    openedByRule: p.boolean().default(false),
  },
});

export const IncidentActivityEntity = defineEntity({
  name: 'IncidentActivity',
  tableName: 'incident_activity',
  properties: {
    id: p.bigint('string').primary().autoincrement(),
    incidentId: p.bigint('string'),
    previousStatus: p.text().$type<IncidentStatus>(),
    newStatus: p.text().$type<IncidentStatus>(),
    method: p.text().$type<StatusMethod>(),
    comment: p.text().default(''),
    actor: p.text().default(''),
    createdAt: p.datetime(),
  },
});

/** A stored bucket: the instant as ISO text, as JSON holds it. */
interface StoredBucket {
  start: string;
  value: number;
}

export const IncidentSnapshotEntity = defineEntity({
  name: 'IncidentSnapshot',
  tableName: 'incident_snapshot',
  properties: {
    incidentId: p.bigint('string').primary().autoincrement(false),
    eventCount: p.bigint('number'),
    uniqueUsers: p.bigint('number'),
    buckets: p.json<StoredBucket[]>(),
    rollupSeconds: p.integer(),
    graphStart: p.datetime(),
    graphEnd: p.datetime(),
    totalsStart: p.datetime(),
    totalsEnd: p.datetime(),
    createdAt: p.datetime(),
  },
});

export const OutboxMessageEntity = defineEntity({
  name: 'OutboxMessage',
  tableName: 'outbox_message',
  properties: {
    id: p.bigint('string').primary().autoincrement(),
    eventId: p.uuid().unique('outbox_message_event_id_key'),
    subject: p.text(),
    payload: p.blob(),
    createdAt: p.datetime(),
    sentAt: p.datetime().nullable(),
    traceParent: p.text().nullable(),
    /** JetStream's sequence of the message once sent; NULL while unsent (and for rows sent before migration 0003). */
    streamSequence: p.bigint('string').nullable(),
  },
});

export type AlertRuleRow = InferEntity<typeof AlertRuleEntity>;
export type IncidentRow = InferEntity<typeof IncidentEntity>;
export type IncidentSnapshotRow = InferEntity<typeof IncidentSnapshotEntity>;

export const INCIDENTS_ENTITIES = [
  AlertRuleEntity,
  IncidentEntity,
  IncidentActivityEntity,
  IncidentSnapshotEntity,
  OutboxMessageEntity,
];
