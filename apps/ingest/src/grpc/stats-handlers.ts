import type { EntityManager } from '@mikro-orm/postgresql';
import type { IngestServiceServer } from '@vigil/contracts/ingest';
import { guardDatabase, type HandlerMaker } from '@vigil/runtime';
import { eventAggregates, eventTimeSeries } from '../stats/event-stats.js';
import { checkScanRange, servedByCounters, servedByTermCounters } from '../stats/scan-bound.js';
import type { StatisticsAdmission } from '../stats/statistics-admission.js';
import { eventSelectionOf, timeSeriesQueryOf } from '../stats/stats-request.js';

export interface StatsLimits {
  readonly databaseTimeoutMs: number;
  readonly maxBuckets: number;
  /** The longest [start, end) a statistic read from events may span (STATS_MAX_SCAN_RANGE). */
  readonly maxScanMs: number;
  /** The admission shared by every statistics call of the service. */
  readonly admission: StatisticsAdmission;
}

/**
 * The statistics RPCs. Each is bounded three ways: its cost (range and
 * filter kind, checked before any work), its share of the pool and of the
 * database's cores (`admission`: reading events yields to busy writes), and
 * its time: the running statement is cancelled in PostgreSQL when the
 * call's deadline passes, the caller cancels, or DATABASE_TIMEOUT_MS passes.
 */
export function createStatsHandlers(
  em: EntityManager,
  handle: HandlerMaker,
  limits: StatsLimits,
): Pick<IngestServiceServer, 'getEventStats' | 'getEventAggregates'> {
  const { databaseTimeoutMs, admission } = limits;
  return {
    getEventStats: handle(async (request, _call, callSignal) => {
      const query = timeSeriesQueryOf(request, limits.maxBuckets);
      const cost = servedByCounters(query) || servedByTermCounters(query) ? 'counters' : 'events';
      if (cost === 'events') {
        checkScanRange(query, limits.maxScanMs, 'distinct users, a filter on more than level, or a rollup in seconds');
      }
      const buckets = await admission.run(callSignal, cost, () =>
        guardDatabase((signal) => eventTimeSeries(em.fork(), query, signal), databaseTimeoutMs, callSignal),
      );
      return { buckets: buckets.map((b) => ({ start: b.start, value: String(b.value) })) };
    }),

    getEventAggregates: handle(async (request, _call, callSignal) => {
      const selection = eventSelectionOf(request);
      checkScanRange(selection, limits.maxScanMs, 'GetEventAggregates counts distinct users');
      const totals = await admission.run(callSignal, 'events', () =>
        guardDatabase((signal) => eventAggregates(em.fork(), selection, signal), databaseTimeoutMs, callSignal),
      );
      return { eventCount: String(totals.eventCount), uniqueUsers: String(totals.uniqueUsers) };
    }),
  };
}
