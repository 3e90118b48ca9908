/** What became of one claimed pending snapshot; every outcome but `failed` removes the row. */
export type SnapshotOutcome = 'created' | 'already_existed' | 'removed_not_closed' | 'removed_not_found' | 'failed';

/**
 * The outcome of a CreateIncidentSnapshot call that did not succeed, decided
 * by the ErrorInfo reason incidents sent (never by the code or the text:
 * FAILED_PRECONDITION also means "ingest refused the statistics request").
 * Only "the incident is gone" and "it is no longer closed" are final: the
 * row goes. Anything else — an outage, a refused or failed statistics
 * request, an answer without a reason — keeps the row for a later attempt
 * rather than lose the snapshot.
 */
export function outcomeOfFailedCall(reason: string | undefined): SnapshotOutcome {
  if (reason === 'INCIDENT_NOT_FOUND') return 'removed_not_found';
  if (reason === 'INCIDENT_NOT_CLOSED') return 'removed_not_closed';
  return 'failed';
}
