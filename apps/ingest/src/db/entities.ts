// MikroORM entities for reading what ingest stored. Writes do not go
// through the unit of work: the hot path is one INSERT … ON CONFLICT per
// batch (see event-rows-sql.ts), and the counters belong to triggers.
import { defineEntity, p } from '@mikro-orm/core';
import type { Normalization } from '../domain/normalization.js';
import type { StoredException, StoredStacktrace } from '../domain/normalized-event.js';

export const StoredEventEntity = defineEntity({
  name: 'StoredEvent',
  tableName: 'ingest_event',
  properties: {
    projectId: p.bigint('string').primary(),
    eventId: p.uuid().primary(),
    day: p.string().columnType('date').primary(),
    timestamp: p.datetime().fieldName('timestamp'),
    receivedAt: p.datetime(),
    groupId: p.text(),
    level: p.smallint(),
    platform: p.text().default(''),
    message: p.text().default(''),
    culprit: p.text().default(''),
    environment: p.text().default(''),
    release: p.text().default(''),
    fingerprint: p.json<string[]>().defaultRaw("'[]'"),
    tags: p.json<Record<string, string>>().defaultRaw("'{}'"),
    userId: p.text().default(''),
    userEmail: p.text().default(''),
    userUsername: p.text().default(''),
    userIpAddress: p.text().default(''),
    userKey: p.text().nullable(),
    exceptionType: p.text().default(''),
    exceptionValue: p.text().default(''),
    exceptionStacktrace: p.json<StoredStacktrace>().nullable(),
    causes: p.json<StoredException[]>().defaultRaw("'[]'"),
    // The title this event gives its group (migration 0004).
    title: p.text().default(''),
    normalizations: p.json<Normalization[]>().defaultRaw("'[]'"),
    // Set by a last-write-wins replacement (migration 0003): how an upsert into
    // a partitioned table tells an inserted row from a replaced one.
    replaced: p.boolean().default(false),
  },
});

export const EventGroupEntity = defineEntity({
  name: 'EventGroup',
  tableName: 'ingest_group',
  properties: {
    projectId: p.bigint('string').primary(),
    groupId: p.text().primary(),
    timesSeen: p.bigint('string'),
    firstSeen: p.datetime(),
    lastSeen: p.datetime(),
    level: p.smallint(),
    culprit: p.text(),
    message: p.text(),
    title: p.text().default(''),
    // Which event level, culprit, message and title come from: the most recently stored (migration 0004).
    latestReceivedAt: p.datetime().defaultRaw("'-infinity'"),
    latestEventId: p.uuid().defaultRaw("'00000000-0000-0000-0000-000000000000'"),
  },
});

export const INGEST_ENTITIES = [StoredEventEntity, EventGroupEntity];
