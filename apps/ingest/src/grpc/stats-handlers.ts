import type { EntityManager } from '@mikro-orm/postgresql';
import type { IngestServiceServer } from '@vigil/contracts/ingest';
import { guardDatabase, type HandlerMaker } from '@vigil/runtime';
import { eventAggregates, eventTimeSeries } from '../stats/event-stats.js';
import { eventSelectionOf, timeSeriesQueryOf } from '../stats/stats-request.js';

export function createStatsHandlers(
  em: EntityManager,
  handle: HandlerMaker,
  options: { databaseTimeoutMs: number; maxBuckets: number },
): Pick<IngestServiceServer, 'getEventStats' | 'getEventAggregates'> {
  return {
    getEventStats: handle(async (request) => {
      const query = timeSeriesQueryOf(request, options.maxBuckets);
      const buckets = await guardDatabase(() => eventTimeSeries(em.fork(), query), options.databaseTimeoutMs);
      return { buckets: buckets.map((b) => ({ start: b.start, value: String(b.value) })) };
    }),

    getEventAggregates: handle(async (request) => {
      const selection = eventSelectionOf(request);
      const totals = await guardDatabase(() => eventAggregates(em.fork(), selection), options.databaseTimeoutMs);
      return { eventCount: String(totals.eventCount), uniqueUsers: String(totals.uniqueUsers) };
    }),
  };
}
