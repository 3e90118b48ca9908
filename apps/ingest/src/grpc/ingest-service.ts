import type { EntityManager } from '@mikro-orm/postgresql';
import type { IngestServiceServer } from '@vigil/contracts/ingest';
import type { HandlerMaker } from '@vigil/runtime';
import type { EventLimits } from '../domain/event-limits.js';
import type { EventStore } from '../store/event-store.js';
import { createReadHandlers } from './read-handlers.js';
import { createStatsHandlers, type StatsLimits } from './stats-handlers.js';
import { createStoreHandlers } from './store-handlers.js';

export interface IngestServiceDeps {
  readonly em: EntityManager;
  readonly store: EventStore;
  /** Builds each gRPC handler with the service's logger and metrics. */
  readonly handle: HandlerMaker;
  readonly limits: EventLimits;
  readonly maxBatchEvents: number;
  /** The statistics' bounds: buckets, scanned range, admission slots. */
  readonly stats: Omit<StatsLimits, 'databaseTimeoutMs'>;
  readonly databaseTimeoutMs: number;
  readonly now: () => Date;
  readonly recordOutcome: (outcome: 'STORED' | 'REPLACED' | 'DUPLICATE' | 'REJECTED') => void;
}

/** The IngestService implementation, built from its dependencies. */
export function createIngestService(deps: IngestServiceDeps): IngestServiceServer {
  const { em, handle, databaseTimeoutMs } = deps;
  return {
    ...createStoreHandlers(deps.store, handle, {
      limits: deps.limits,
      maxBatchEvents: deps.maxBatchEvents,
      databaseTimeoutMs,
      now: deps.now,
      recordOutcome: deps.recordOutcome,
    }),
    ...createReadHandlers(em, handle, databaseTimeoutMs),
    ...createStatsHandlers(em, handle, { ...deps.stats, databaseTimeoutMs }),
  };
}
