import type { EntityManager } from '@mikro-orm/postgresql';
import { AbortedError, FailedPreconditionError, inSpan, NotFoundError } from '@vigil/runtime';
import { findIncident } from '../db/incident-store.js';
import { findSnapshot, storeSnapshot, type StoredSnapshot } from '../db/snapshot-store.js';
import { incidentEvents, StatisticsRefusedError, type IngestStatistics } from './ingest-statistics.js';
import { snapshotRanges } from './statistics-ranges.js';

interface SnapshotDependencies {
  readonly em: EntityManager;
  readonly ingest: IngestStatistics;
  /** Read once by the caller: both ranges and created_at use this instant. */
  readonly now: Date;
}

// A reopen and close while ingest was being asked makes the computed ranges
// stale; the next attempt starts from the incident as it is then.
const ATTEMPTS = 3;

/**
 * Makes the incident's one snapshot, or returns the one it has. Ingest is
 * asked outside any transaction (no lock is held while waiting on another
 * service); if it fails, nothing is stored and the caller may retry.
 */
export async function createIncidentSnapshot(deps: SnapshotDependencies, incidentId: string): Promise<StoredSnapshot> {
  for (let attempt = 1; ; attempt++) {
    try {
      // A fresh EntityManager per attempt: nothing read by the last one is reused.
      return await snapshotOnce({ ...deps, em: deps.em.fork() }, incidentId);
    } catch (error) {
      if (!(error instanceof AbortedError) || attempt === ATTEMPTS) throw error;
    }
  }
}

async function snapshotOnce({ em, ingest, now }: SnapshotDependencies, incidentId: string): Promise<StoredSnapshot> {
  const incident = await findIncident(em, incidentId);
  if (!incident) throw new NotFoundError(`incident ${incidentId} not found`, { reason: 'INCIDENT_NOT_FOUND' });
  if (incident.status !== 'CLOSED')
    throw new FailedPreconditionError(`incident ${incidentId} is ${incident.status}, not CLOSED`, {
      reason: 'INCIDENT_NOT_CLOSED',
    });
  const existing = await findSnapshot(em, incidentId);
  if (existing) return { snapshot: existing, created: false };

  const ranges = snapshotRanges(incident, now);
  const [buckets, totals] = await refusedAsPrecondition(() =>
    Promise.all([
      ingest.timeSeries(incidentEvents(incident, ranges.graph), incident.aggregation, ranges.rollupSeconds),
      ingest.totals(incidentEvents(incident, ranges.totals)),
    ]),
  );
  const snapshot = {
    incidentId,
    eventCount: totals.eventCount,
    uniqueUsers: totals.uniqueUsers,
    buckets,
    rollupSeconds: ranges.rollupSeconds,
    graphStart: ranges.graph.start,
    graphEnd: ranges.graph.end,
    totalsStart: ranges.totals.start,
    totalsEnd: ranges.totals.end,
    createdAt: now,
  };
  const attributes = { 'db.system': 'postgresql', 'vigil.incident_id': incidentId };
  return inSpan('incident snapshot store', { attributes }, () => storeSnapshot(em, snapshot, incident.version));
}

// The incident's own data made ingest refuse (it cannot be the caller's
// request, which names only the incident): retrying will not help.
async function refusedAsPrecondition<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    // Not "not closed": the scheduler must keep its pending row for this one (a bug to fix, not a state).
    if (error instanceof StatisticsRefusedError) {
      throw new FailedPreconditionError(error.message, { reason: 'STATISTICS_REFUSED' });
    }
    throw error;
  }
}
