import { status } from '@grpc/grpc-js';
import { contextFromTraceParent, inSpan, type Logger } from '@vigil/runtime';
import { EMPTY_TALLY, tallyBatch, type ProcessTally } from '../domain/process-tally.js';
import { retryDelayMs, type RetryBackoff } from '../domain/retry-backoff.js';
import { errorReasonOf } from './error-reason.js';
import { outcomeOfFailedCall, type SnapshotOutcome } from '../domain/snapshot-outcome.js';
import type { ClaimedSnapshot, PendingSnapshotQueue } from '../db/pending-snapshot-queue.js';
import type { IncidentsSnapshotClient } from './incidents-snapshot-client.js';
import { runClaimPipeline } from './claim-pipeline.js';
import { singleFlight } from './single-flight.js';

interface SnapshotProcessorDeps {
  readonly queue: PendingSnapshotQueue;
  readonly incidents: Pick<IncidentsSnapshotClient, 'createSnapshot'>;
  /** Written into claimed_by; unique per running processor. */
  readonly workerId: string;
  readonly clock: () => Date;
  readonly logger: Logger;
  readonly batchSize: number;
  /** CreateIncidentSnapshot calls in flight at once. */
  readonly concurrency: number;
  readonly leaseMs: number;
  readonly backoff: RetryBackoff;
  /** Told each row's outcome and, for a failed call, its status code's name (metrics); `''` otherwise. */
  readonly onOutcome?: (outcome: SnapshotOutcome, reason: string) => void;
}

export interface SnapshotProcessor {
  /** Processes due rows batch after batch until none is due; runs of one processor never overlap. */
  readonly processDue: () => Promise<ProcessTally>;
  /** Claims no further batch; resolves once the run in progress (if any) has handled the rows it claimed. */
  stop(): Promise<void>;
}

const MAX_ERROR_LENGTH = 500;

/** Claims due pending snapshots under a lease and asks incidents to make each one. */
export function createSnapshotProcessor(deps: SnapshotProcessorDeps): SnapshotProcessor {
  const { queue, workerId, clock, batchSize, concurrency, leaseMs } = deps;
  const logger = deps.logger.child({ component: 'snapshot-processor', workerId });
  let stopping = false;
  let inProgress: Promise<unknown> = Promise.resolve();

  const runUntilNothingDue = async (): Promise<ProcessTally> => {
    const batches = await runClaimPipeline({
      claim: () => queue.claimDue({ workerId, now: clock(), leaseMs, limit: batchSize }),
      // Each row continues the trace of the close that scheduled it (kept
      // with the row), however long ago that was.
      process: (row) =>
        inSpan(
          'snapshot process',
          { parent: contextFromTraceParent(row.traceParent), attributes: { 'vigil.incident_id': row.incidentId } },
          () => processClaimed(row, deps, logger),
        ),
      concurrency,
      shouldStop: () => stopping,
    });
    const tally = batches.reduce(tallyBatch, EMPTY_TALLY);
    if (tally.claimed > 0) logger.info({ ...tally }, 'due snapshots processed');
    return tally;
  };

  const processDue = singleFlight(() => {
    const run = runUntilNothingDue();
    inProgress = run.catch(() => undefined);
    return run;
  });

  return {
    processDue,
    async stop() {
      stopping = true;
      await inProgress;
    },
  };
}

async function processClaimed(
  row: ClaimedSnapshot,
  deps: SnapshotProcessorDeps,
  logger: Logger,
): Promise<SnapshotOutcome> {
  const { outcome, error, reason } = await askForSnapshot(row.incidentId, deps);
  deps.onOutcome?.(outcome, reason);
  const log = { incidentId: row.incidentId, outcome };
  try {
    const stillOurs = outcome === 'failed' ? await keepForRetry(row, error, deps) : await deps.queue.remove(row);
    if (!stillOurs) logger.info(log, 'lease lost before the outcome was recorded; row left to its new owner');
    if (outcome === 'failed') logger.warn({ ...log, attempts: row.attempts + 1, error }, 'snapshot attempt failed');
    return outcome;
  } catch (dbError) {
    // The row keeps our lease; once it runs out the row is due again, and a
    // repeated call is harmless (incidents makes one snapshot per incident).
    logger.error({ ...log, err: dbError }, 'could not record a snapshot outcome; row kept until its lease expires');
    return 'failed';
  }
}

async function askForSnapshot(
  incidentId: string,
  deps: SnapshotProcessorDeps,
): Promise<{ outcome: SnapshotOutcome; error: string; reason: string }> {
  try {
    const { created } = await deps.incidents.createSnapshot(incidentId);
    return { outcome: created ? 'created' : 'already_existed', error: '', reason: '' };
  } catch (callError) {
    const errorReason = errorReasonOf(callError);
    const code = grpcCodeOf(callError);
    const outcome = outcomeOfFailedCall(errorReason);
    // Bounded (a metric label): incidents' ErrorInfo reason (a fixed set), else the status code's name.
    const codeName = code === undefined ? 'UNKNOWN' : (status[code] ?? 'UNKNOWN');
    const reason = outcome === 'failed' ? (errorReason ?? codeName) : '';
    return { outcome, error: describeCallError(callError, errorReason), reason };
  }
}

function keepForRetry(row: ClaimedSnapshot, error: string, deps: SnapshotProcessorDeps): Promise<boolean> {
  const now = deps.clock();
  const nextAttemptAt = new Date(now.getTime() + retryDelayMs(row.attempts + 1, deps.backoff));
  return deps.queue.releaseAfterFailure(row, { error, nextAttemptAt, now });
}

function grpcCodeOf(error: unknown): status | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'number' ? code : undefined;
}

function describeCallError(error: unknown, reason: string | undefined): string {
  const code = grpcCodeOf(error);
  const details = error instanceof Error ? ((error as { details?: string }).details ?? error.message) : String(error);
  const because = reason === undefined ? '' : ` (${reason})`;
  const text = code === undefined ? details : `${status[code] ?? code}${because}: ${details}`;
  return text.slice(0, MAX_ERROR_LENGTH);
}
