import type { SnapshotOutcome } from './snapshot-outcome.js';

/** What one processing run did, in the shape of ProcessDueSnapshotsResponse. */
export interface ProcessTally {
  readonly batches: number;
  readonly claimed: number;
  readonly created: number;
  readonly alreadyExisted: number;
  readonly removedNotClosed: number;
  readonly removedNotFound: number;
  readonly failed: number;
}

export const EMPTY_TALLY: ProcessTally = {
  batches: 0,
  claimed: 0,
  created: 0,
  alreadyExisted: 0,
  removedNotClosed: 0,
  removedNotFound: 0,
  failed: 0,
};

const COUNTER_OF: Record<SnapshotOutcome, keyof ProcessTally> = {
  created: 'created',
  already_existed: 'alreadyExisted',
  removed_not_closed: 'removedNotClosed',
  removed_not_found: 'removedNotFound',
  failed: 'failed',
};

/** Adds one claimed batch: one batch, one claim per outcome, and each outcome under its name. */
export function tallyBatch(tally: ProcessTally, outcomes: readonly SnapshotOutcome[]): ProcessTally {
  const next = { ...tally, batches: tally.batches + 1, claimed: tally.claimed + outcomes.length };
  for (const outcome of outcomes) next[COUNTER_OF[outcome]] += 1;
  return next;
}
