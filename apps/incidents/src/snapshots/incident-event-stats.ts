import type { EntityManager } from '@mikro-orm/postgresql';
import { InvalidArgumentError, NotFoundError } from '@vigil/runtime';
import type { TimeRange } from '@vigil/time-range';
import { findIncident } from '../db/incident-store.js';
import type { StatsBucket } from '../domain/incident.js';
import {
  incidentEvents,
  StatisticsRefusedError,
  type EventTotals,
  type IngestStatistics,
} from './ingest-statistics.js';
import { liveStatisticsRange, type LiveStatisticsChoice } from './statistics-ranges.js';

export interface LiveStatistics extends TimeRange, EventTotals {
  readonly buckets: readonly StatsBucket[];
  readonly rollupSeconds: number;
}

/** An incident's statistics as ingest has them now: the time series and totals over one range. */
export async function incidentEventStats(
  { em, ingest, now }: { em: EntityManager; ingest: IngestStatistics; now: Date },
  incidentId: string,
  choice: LiveStatisticsChoice,
): Promise<LiveStatistics> {
  const incident = await findIncident(em, incidentId);
  if (!incident) throw new NotFoundError(`incident ${incidentId} not found`);
  const range = liveStatisticsRange(incident, now, choice);
  const events = incidentEvents(incident, range);
  try {
    const [buckets, totals] = await Promise.all([
      ingest.timeSeries(events, incident.aggregation, range.rollupSeconds),
      ingest.totals(events),
    ]);
    return { ...range, ...totals, buckets };
  } catch (error) {
    // Most likely a range too long for ingest's bucket limit.
    if (error instanceof StatisticsRefusedError) throw new InvalidArgumentError('start', error.message);
    throw error;
  }
}
