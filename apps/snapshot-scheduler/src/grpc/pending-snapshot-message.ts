import type { PendingSnapshot } from '@vigil/contracts/scheduler';
import type { PendingSnapshotRow } from '../db/pending-snapshot-reads.js';

/** A stored row as the contract shows it; the lease is internal and not shown. */
export function toPendingSnapshotMessage(row: PendingSnapshotRow): PendingSnapshot {
  return {
    incidentId: row.incidentId,
    organizationId: row.organizationId,
    incidentVersion: row.incidentVersion,
    targetRunDate: row.targetRunDate,
    attempts: row.attempts,
    lastError: row.lastError,
    nextAttemptAt: row.nextAttemptAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
