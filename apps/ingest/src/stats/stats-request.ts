import { Aggregation as ProtoAggregation } from '@vigil/contracts/ingest';
import { parseQuery, QueryError } from '@vigil/query';
import { InvalidArgumentError } from '@vigil/runtime';
import { plainText, timestampInRange } from '@vigil/runtime/validation';
import { bucketCount } from './bucket-layout.js';
import type { Aggregation, EventSelection, TimeSeriesQuery } from './stats-query.js';
import { isPositiveInt64 } from '@vigil/contracts/int64';

const GROUP_ID = /^[0-9a-f]{32}$/;
const MAX_PROJECTS = 100;
const MAX_GROUPS = 1000;

interface SelectionRequest {
  readonly projectIds: readonly string[];
  readonly groupIds: readonly string[];
  readonly query: string;
  readonly start?: Date | undefined;
  readonly end?: Date | undefined;
}

interface TimeSeriesRequest extends SelectionRequest {
  readonly aggregation: ProtoAggregation;
  readonly rollupSeconds: number;
}

/** Validates which events a statistics request is about; INVALID_ARGUMENT names the field. */
export function eventSelectionOf(request: SelectionRequest): EventSelection {
  if (request.projectIds.length === 0)
    throw new InvalidArgumentError('project_ids', 'at least one project is required');
  if (request.projectIds.length > MAX_PROJECTS) {
    throw new InvalidArgumentError('project_ids', `at most ${MAX_PROJECTS} projects`);
  }
  request.projectIds.forEach((id, i) => {
    if (!isPositiveInt64(id)) {
      throw new InvalidArgumentError(`project_ids[${i}]`, `must be a positive integer, got ${id}`);
    }
  });
  if (request.groupIds.length > MAX_GROUPS) throw new InvalidArgumentError('group_ids', `at most ${MAX_GROUPS} groups`);
  request.groupIds.forEach((id, i) => {
    if (!GROUP_ID.test(id))
      throw new InvalidArgumentError(`group_ids[${i}]`, `must be 32 lowercase hex digits, got "${id}"`);
  });
  const { start, end } = request;
  if (!start) throw new InvalidArgumentError('start', 'is required');
  if (!end) throw new InvalidArgumentError('end', 'is required');
  timestampInRange(start, 'start');
  timestampInRange(end, 'end');
  if (start.getTime() >= end.getTime()) {
    throw new InvalidArgumentError('end', `must be after start (${start.toISOString()}), got ${end.toISOString()}`);
  }
  return {
    projectIds: [...new Set(request.projectIds)],
    groupIds: [...new Set(request.groupIds)],
    filter: filterOf(request.query),
    start,
    end,
  };
}

/** Validates a GetEventStats request. */
export function timeSeriesQueryOf(request: TimeSeriesRequest, maxBuckets: number): TimeSeriesQuery {
  const selection = eventSelectionOf(request);
  if (!Number.isInteger(request.rollupSeconds) || request.rollupSeconds < 1) {
    throw new InvalidArgumentError(
      'rollup_seconds',
      `must be a whole number of seconds >= 1, got ${request.rollupSeconds}`,
    );
  }
  const buckets = bucketCount(selection.start, selection.end, request.rollupSeconds);
  if (buckets > maxBuckets) {
    throw new InvalidArgumentError(
      'rollup_seconds',
      `gives ${buckets} buckets over [start, end), more than the ${maxBuckets} allowed; use a larger rollup or a shorter range`,
    );
  }
  return { ...selection, aggregation: aggregationOf(request.aggregation), rollupSeconds: request.rollupSeconds };
}

function aggregationOf(aggregation: ProtoAggregation): Aggregation {
  switch (aggregation) {
    case ProtoAggregation.UNSPECIFIED:
    case ProtoAggregation.TOTAL:
      return 'TOTAL';
    case ProtoAggregation.UNIQUE_USERS:
      return 'UNIQUE_USERS';
    default:
      throw new InvalidArgumentError('aggregation', `unknown aggregation ${String(aggregation)}`);
  }
}

function filterOf(query: string) {
  try {
    return parseQuery(plainText(query, 'query'));
  } catch (error) {
    if (error instanceof QueryError) throw new InvalidArgumentError('query', error.message);
    throw error;
  }
}
