import type { MikroORM, QueryResult } from '@mikro-orm/postgresql';

/** A worker's hold on a claimed row: valid while the row still carries exactly this owner and expiry. */
interface Lease {
  readonly workerId: string;
  readonly expiresAt: Date;
}

/** A due row this worker claimed. */
export interface ClaimedSnapshot {
  readonly incidentId: string;
  /** Failed attempts before this one. */
  readonly attempts: number;
  /** The W3C traceparent of the status event that scheduled it; null when that was not traced. */
  readonly traceParent: string | null;
  readonly lease: Lease;
}

interface ClaimRequest {
  readonly workerId: string;
  readonly now: Date;
  readonly leaseMs: number;
  readonly limit: number;
}

interface FailedAttempt {
  readonly error: string;
  readonly nextAttemptAt: Date;
  readonly now: Date;
}

export interface PendingSnapshotQueue {
  /** Claims up to `limit` due rows, oldest next attempt first, skipping rows other workers hold. */
  claimDue(request: ClaimRequest): Promise<ClaimedSnapshot[]>;
  /** Removes a finished row; false when the lease is no longer ours (the row is then someone else's). */
  remove(claimed: ClaimedSnapshot): Promise<boolean>;
  /** Counts a failed attempt, schedules the next one and gives the row back; false when the lease is no longer ours. */
  releaseAfterFailure(claimed: ClaimedSnapshot, attempt: FailedAttempt): Promise<boolean>;
}

// One statement, so one short transaction: FOR UPDATE SKIP LOCKED makes
// concurrent claimers take disjoint rows, and the lease it writes (committed
// at once) keeps them disjoint afterwards, while the slow gRPC calls run with
// no transaction open. A row whose lease has run out (its worker crashed or
// hung) is due again. Re-checking the WHERE on a row changed since the
// statement began may return fewer than `limit` rows; the caller simply
// claims again.
const CLAIM_DUE = `
WITH due AS (
  SELECT incident_id FROM scheduler_pending_snapshot
  WHERE target_run_date <= ? AND next_attempt_at <= ?
    AND (lease_expires_at IS NULL OR lease_expires_at <= ?)
  ORDER BY next_attempt_at, incident_id
  LIMIT ?
  FOR UPDATE SKIP LOCKED
), claimed AS (
  UPDATE scheduler_pending_snapshot AS pending
  SET claimed_by = ?, lease_expires_at = ?
  FROM due
  WHERE pending.incident_id = due.incident_id
  RETURNING pending.incident_id, pending.attempts, pending.next_attempt_at, pending.trace_parent
)
SELECT incident_id, attempts, trace_parent FROM claimed ORDER BY next_attempt_at, incident_id`;

// Both finishing statements touch the row only while our lease is on it: a
// newer close (which clears the lease) or another worker's claim after ours
// expired must not be undone by a late answer.
const REMOVE_IF_LEASED = `
DELETE FROM scheduler_pending_snapshot
WHERE incident_id = ? AND claimed_by = ? AND lease_expires_at = ?`;

const RELEASE_AFTER_FAILURE_IF_LEASED = `
UPDATE scheduler_pending_snapshot SET
  attempts = attempts + 1,
  last_error = ?,
  next_attempt_at = GREATEST(?, target_run_date),
  claimed_by = NULL,
  lease_expires_at = NULL,
  updated_at = ?
WHERE incident_id = ? AND claimed_by = ? AND lease_expires_at = ?`;

interface ClaimedRow {
  incident_id: string;
  attempts: number;
  trace_parent: string | null;
}

/** The processing side of the pending-snapshot table. */
export function createPendingSnapshotQueue(orm: MikroORM): PendingSnapshotQueue {
  return {
    async claimDue({ workerId, now, leaseMs, limit }) {
      const lease: Lease = { workerId, expiresAt: new Date(now.getTime() + leaseMs) };
      const rows = await orm.em
        .fork()
        .execute<ClaimedRow[]>(CLAIM_DUE, [now, now, now, limit, workerId, lease.expiresAt]);
      return rows.map((row) => ({
        incidentId: row.incident_id,
        attempts: row.attempts,
        traceParent: row.trace_parent,
        lease,
      }));
    },
    async remove({ incidentId, lease }) {
      const result = await orm.em
        .fork()
        .execute<QueryResult>(REMOVE_IF_LEASED, [incidentId, lease.workerId, lease.expiresAt], 'run');
      return result.affectedRows === 1;
    },
    async releaseAfterFailure({ incidentId, lease }, { error, nextAttemptAt, now }) {
      const result = await orm.em
        .fork()
        .execute<QueryResult>(
          RELEASE_AFTER_FAILURE_IF_LEASED,
          [error, nextAttemptAt, now, incidentId, lease.workerId, lease.expiresAt],
          'run',
        );
      return result.affectedRows === 1;
    },
  };
}
