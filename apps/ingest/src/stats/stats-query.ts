import type { QueryFilter } from '@vigil/query';

export type Aggregation = 'TOTAL' | 'UNIQUE_USERS';

/** A validated statistics request: which events, over which time. */
export interface EventSelection {
  /** Canonical positive int64 decimals, at least one. */
  readonly projectIds: readonly string[];
  /** Empty = every group of the projects. */
  readonly groupIds: readonly string[];
  readonly filter: QueryFilter;
  /** [start, end), start < end. */
  readonly start: Date;
  readonly end: Date;
}

export interface TimeSeriesQuery extends EventSelection {
  readonly aggregation: Aggregation;
  readonly rollupSeconds: number;
}

export interface Bucket {
  readonly start: Date;
  readonly value: number;
}
