import type { EntityManager } from '@mikro-orm/postgresql';
import type { IngestServiceServer } from '@vigil/contracts/ingest';
import type { Logger } from 'pino';
import type { EventLimits } from '../domain/event-limits.js';
import type { EventStore } from '../store/event-store.js';
import { createReadHandlers } from './read-handlers.js';
import { createStatsHandlers } from './stats-handlers.js';
import { createStoreHandlers } from './store-handlers.js';

export interface IngestServiceDeps {
  readonly em: EntityManager;
  readonly store: EventStore;
  readonly logger: Logger;
  readonly limits: EventLimits;
  readonly maxBatchEvents: number;
  readonly maxStatsBuckets: number;
  readonly databaseTimeoutMs: number;
  readonly now: () => Date;
}

/** The IngestService implementation, built from its dependencies. */
export function createIngestService(deps: IngestServiceDeps): IngestServiceServer {
  const { em, logger, databaseTimeoutMs } = deps;
  return {
    ...createStoreHandlers(deps.store, logger, {
      limits: deps.limits,
      maxBatchEvents: deps.maxBatchEvents,
      databaseTimeoutMs,
      now: deps.now,
    }),
    ...createReadHandlers(em, logger, databaseTimeoutMs),
    ...createStatsHandlers(em, logger, { databaseTimeoutMs, maxBuckets: deps.maxStatsBuckets }),
  };
}
