import { status, type ServiceError } from '@grpc/grpc-js';
import type { IngestServiceClient, StatsBucket as ProtoStatsBucket } from '@vigil/contracts/ingest';
import { callUnary, InternalError, UnavailableError } from '@vigil/runtime';
import type { Aggregation, Incident, StatsBucket } from '../domain/incident.js';
import { aggregationToProto } from '../protobuf/enum-mapping.js';

/** Which events a statistic counts: an incident's projects, groups and query over [start, end). */
export interface EventSelection {
  readonly projectIds: readonly string[];
  readonly groupIds: readonly string[];
  readonly query: string;
  readonly start: Date;
  readonly end: Date;
}

/** The events an incident's statistics count, over a range. */
export function incidentEvents(
  incident: Pick<Incident, 'projectIds' | 'groupIds' | 'query'>,
  { start, end }: { start: Date; end: Date },
): EventSelection {
  return { projectIds: incident.projectIds, groupIds: incident.groupIds, query: incident.query, start, end };
}

export interface EventTotals {
  readonly eventCount: number;
  readonly uniqueUsers: number;
}

/** Ingest's statistics as this service uses them; the port tests replace. */
export interface IngestStatistics {
  timeSeries(selection: EventSelection, aggregation: Aggregation, rollupSeconds: number): Promise<StatsBucket[]>;
  totals(selection: EventSelection): Promise<EventTotals>;
}

/** Ingest answered, but refused the request (e.g. a range with too many buckets): retrying will not help. */
export class StatisticsRefusedError extends Error {
  override readonly name = 'StatisticsRefusedError';
}

// Codes that mean "ingest or the way to it is not well right now": a retry may work.
const PASSING_FAILURES = new Set([
  status.UNAVAILABLE,
  status.DEADLINE_EXCEEDED,
  status.CANCELLED,
  status.RESOURCE_EXHAUSTED,
  status.ABORTED,
]);
// Ingest's own bug: relayed as INTERNAL, never as "retry later" (it would be retried forever).
const INGEST_BUGS = new Set([status.INTERNAL, status.UNKNOWN]);

/** Statistics from ingest's gRPC API, every call bounded by `deadlineMs`. */
export function ingestStatistics(client: IngestServiceClient, deadlineMs: number): IngestStatistics {
  const call = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw ingestFailure(error);
    }
  };
  return {
    async timeSeries(selection, aggregation, rollupSeconds) {
      const response = await call(() =>
        callUnary(
          client,
          'getEventStats',
          { ...request(selection), aggregation: aggregationToProto(aggregation), rollupSeconds },
          { timeoutMs: deadlineMs },
        ),
      );
      return response.buckets.map(fromProtoBucket);
    },
    async totals(selection) {
      const response = await call(() =>
        callUnary(client, 'getEventAggregates', request(selection), { timeoutMs: deadlineMs }),
      );
      return { eventCount: Number(response.eventCount), uniqueUsers: Number(response.uniqueUsers) };
    },
  };
}

function request({ projectIds, groupIds, query, start, end }: EventSelection) {
  return { projectIds: [...projectIds], groupIds: [...groupIds], query, start, end };
}

function fromProtoBucket(bucket: ProtoStatsBucket): StatsBucket {
  if (!bucket.start) throw new Error('ingest answered a bucket without a start');
  return { start: bucket.start, value: Number(bucket.value) };
}

function ingestFailure(error: unknown): Error {
  const code = (error as Partial<ServiceError> | null)?.code;
  const details = (error as Partial<ServiceError> | null)?.details ?? String(error);
  if (code !== undefined && INGEST_BUGS.has(code)) {
    return new InternalError(`ingest failed the statistics request (${status[code]}): ${details}`, {
      reason: 'STATISTICS_FAILED',
      cause: error,
    });
  }
  if (code !== undefined && !PASSING_FAILURES.has(code)) {
    return new StatisticsRefusedError(`ingest refused the statistics request (${status[code]}): ${details}`);
  }
  const codeName = code === undefined ? 'no status' : status[code];
  return new UnavailableError(`ingest is unavailable (${codeName}): ${details}; retry later`, {
    cause: error,
    reason: 'INGEST_UNAVAILABLE',
  });
}
