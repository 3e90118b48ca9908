import { status } from '@grpc/grpc-js';

/** What became of one claimed pending snapshot; every outcome but `failed` removes the row. */
export type SnapshotOutcome = 'created' | 'already_existed' | 'removed_not_closed' | 'removed_not_found' | 'failed';

/**
 * The outcome of a CreateIncidentSnapshot call that did not succeed.
 * NOT_FOUND (the incident is gone) and FAILED_PRECONDITION (no longer
 * CLOSED) are final answers: retrying cannot make a snapshot. Everything
 * else — UNAVAILABLE, DEADLINE_EXCEEDED, anything unexpected — may pass, so
 * the row is kept for a later attempt rather than lost.
 */
export function outcomeOfFailedCall(code: status | undefined): SnapshotOutcome {
  if (code === status.NOT_FOUND) return 'removed_not_found';
  if (code === status.FAILED_PRECONDITION) return 'removed_not_closed';
  return 'failed';
}
