// MikroORM entities for reading what ingest stored. Writes do not go
// through the unit of work: the hot path is one INSERT … ON CONFLICT per
// batch (see event-rows-sql.ts), and the counters belong to triggers.
import { defineEntity, p } from '@mikro-orm/core';

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
  },
});

export const INGEST_ENTITIES = [StoredEventEntity, EventGroupEntity];
