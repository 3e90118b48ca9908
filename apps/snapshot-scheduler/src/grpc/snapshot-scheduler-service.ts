import type { GetSchedulerStatusResponse, SnapshotSchedulerServiceServer } from '@vigil/contracts/scheduler';
import {
  isDatabaseUnavailable,
  NotFoundError,
  UnavailableError,
  unaryHandler,
  type Logger,
  type ServiceMetrics,
} from '@vigil/runtime';
import type { PendingSnapshotReads } from '../db/pending-snapshot-reads.js';
import { positiveId } from '@vigil/runtime/validation';
import type { ProcessTally } from '../domain/process-tally.js';
import { readListRequest } from './list-request.js';
import { encodePageToken } from './page-token.js';
import { toPendingSnapshotMessage } from './pending-snapshot-message.js';

interface SchedulerServiceDeps {
  readonly reads: PendingSnapshotReads;
  readonly processDue: () => Promise<ProcessTally>;
  readonly clock: () => Date;
  readonly logger: Logger;
  /** Counts and times every call by method and status code. */
  readonly metrics?: ServiceMetrics;
}

/** The admin RPCs: translate, delegate, and turn a database outage into UNAVAILABLE. */
export function createSnapshotSchedulerService(deps: SchedulerServiceDeps): SnapshotSchedulerServiceServer {
  const { reads, clock, logger } = deps;
  const handle = <Request, Response>(work: (request: Request) => Promise<Response>) =>
    unaryHandler<Request, Response>(logger, (request) => work(request).catch(rethrowDatabaseOutage), {
      ...(deps.metrics && { metrics: deps.metrics }),
    });

  return {
    getPendingSnapshot: handle(async ({ incidentId }) => {
      positiveId(incidentId, 'incident_id');
      const row = await reads.get(incidentId);
      if (!row) throw new NotFoundError(`incident ${incidentId} has no pending snapshot`);
      return { pendingSnapshot: toPendingSnapshotMessage(row) };
    }),

    listPendingSnapshots: handle(async (request) => {
      const { pageSize, dueOnly, after } = readListRequest(request);
      // One row more than the page tells whether another page follows.
      const rows = await reads.list({ dueOnly, now: clock(), after, limit: pageSize + 1 });
      const page = rows.slice(0, pageSize);
      const last = page.at(-1);
      return {
        pendingSnapshots: page.map(toPendingSnapshotMessage),
        nextPageToken: rows.length > pageSize && last ? encodePageToken(last, dueOnly) : '',
      };
    }),

    processDueSnapshots: handle(async () => {
      const tally = await deps.processDue();
      return {
        batches: String(tally.batches),
        claimed: String(tally.claimed),
        created: String(tally.created),
        alreadyExisted: String(tally.alreadyExisted),
        removedNotClosed: String(tally.removedNotClosed),
        removedNotFound: String(tally.removedNotFound),
        failed: String(tally.failed),
      };
    }),

    getSchedulerStatus: handle(async () => {
      const asOf = clock();
      const counts = await reads.counts(asOf);
      return {
        pendingCount: counts.pending,
        dueCount: counts.due,
        oldestDueAge: counts.oldestDueAt && durationOf(asOf.getTime() - counts.oldestDueAt.getTime()),
        asOf,
      };
    }),
  };
}

function rethrowDatabaseOutage(error: unknown): never {
  if (isDatabaseUnavailable(error)) {
    throw new UnavailableError('the scheduler database is unavailable; retry later', { cause: error });
  }
  throw error;
}

type Duration = NonNullable<GetSchedulerStatusResponse['oldestDueAge']>;

function durationOf(ms: number): Duration {
  const whole = Math.max(0, Math.round(ms));
  return { seconds: String(Math.floor(whole / 1000)), nanos: (whole % 1000) * 1_000_000 };
}
