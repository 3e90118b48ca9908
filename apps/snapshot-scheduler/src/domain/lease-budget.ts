interface BatchLimits {
  readonly batchSize: number;
  readonly concurrency: number;
  readonly callDeadlineMs: number;
}

/**
 * The longest a claimed row can wait for its CreateIncidentSnapshot answer:
 * a batch's calls run `concurrency` at a time, each cut off by the deadline.
 * A lease shorter than this could run out under a healthy worker and let
 * another replica call for the same incident.
 */
export function slowestBatchMs({ batchSize, concurrency, callDeadlineMs }: BatchLimits): number {
  return Math.ceil(batchSize / concurrency) * callDeadlineMs;
}
