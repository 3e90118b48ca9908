// MikroORM entities for reading the scheduler's tables. Writes that decide
// something (apply-if-newer, claim, finish under a lease) are single SQL
// statements instead (status-change-store.ts, pending-snapshot-queue.ts):
// the unit of work cannot express those conditions atomically.
import { defineEntity, p } from '@mikro-orm/core';

export const PendingSnapshotEntity = defineEntity({
  name: 'PendingSnapshot',
  tableName: 'scheduler_pending_snapshot',
  properties: {
    incidentId: p.bigint('string').primary().autoincrement(false),
    organizationId: p.bigint('string'),
    incidentVersion: p.bigint('string'),
    targetRunDate: p.datetime(),
    nextAttemptAt: p.datetime(),
    attempts: p.integer().default(0),
    lastError: p.text().default(''),
    claimedBy: p.text().nullable(),
    leaseExpiresAt: p.datetime().nullable(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
    traceParent: p.text().nullable(),
  },
});

export const AppliedVersionEntity = defineEntity({
  name: 'AppliedVersion',
  tableName: 'scheduler_applied_version',
  properties: {
    incidentId: p.bigint('string').primary().autoincrement(false),
    version: p.bigint('string'),
    appliedAt: p.datetime(),
    /** Whether the change applied last was a close; NULL for rows from before migration 0003. */
    closed: p.boolean().nullable(),
  },
});

export const SCHEDULER_ENTITIES = [PendingSnapshotEntity, AppliedVersionEntity];
