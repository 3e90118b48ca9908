import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { AbortedError, FailedPreconditionError, NotFoundError } from '@vigil/runtime';
import type { IncidentSnapshot } from '../domain/incident.js';
import { IncidentEntity, IncidentSnapshotEntity, type IncidentSnapshotRow } from './entities.js';

function toSnapshot(row: IncidentSnapshotRow): IncidentSnapshot {
  return {
    incidentId: row.incidentId,
    eventCount: row.eventCount,
    uniqueUsers: row.uniqueUsers,
    buckets: row.buckets.map((bucket) => ({ start: new Date(bucket.start), value: bucket.value })),
    rollupSeconds: row.rollupSeconds,
    graphStart: row.graphStart,
    graphEnd: row.graphEnd,
    totalsStart: row.totalsStart,
    totalsEnd: row.totalsEnd,
    createdAt: row.createdAt,
  };
}

export async function findSnapshot(em: EntityManager, incidentId: string): Promise<IncidentSnapshot | null> {
  const row = await em.findOne(IncidentSnapshotEntity, { incidentId });
  return row && toSnapshot(row);
}

export interface StoredSnapshot {
  readonly snapshot: IncidentSnapshot;
  /** False when another call had already stored one: that one is returned. */
  readonly created: boolean;
}

/**
 * Stores the snapshot computed from the incident at `version`, unless one
 * exists. The incident row is share-locked first: a reopen (which deletes
 * the snapshot under the row's update lock) either happened before, and is
 * seen here, or waits until this commit and then deletes what was stored.
 */
export async function storeSnapshot(
  em: EntityManager,
  snapshot: IncidentSnapshot,
  version: number,
): Promise<StoredSnapshot> {
  return em.transactional(async (tx) => {
    // refresh: the caller's EntityManager may hold the incident as it was before the lock.
    const incident = await tx.findOne(
      IncidentEntity,
      { id: snapshot.incidentId },
      { lockMode: LockMode.PESSIMISTIC_READ, refresh: true },
    );
    if (!incident) {
      throw new NotFoundError(`incident ${snapshot.incidentId} not found`, { reason: 'INCIDENT_NOT_FOUND' });
    }
    if (incident.status !== 'CLOSED') {
      throw new FailedPreconditionError(`incident ${snapshot.incidentId} is ${incident.status}, not CLOSED`, {
        reason: 'INCIDENT_NOT_CLOSED',
      });
    }
    const existing = await tx.findOne(IncidentSnapshotEntity, { incidentId: snapshot.incidentId });
    if (existing) return { snapshot: toSnapshot(existing), created: false };
    if (incident.version !== version) {
      // Reopened and closed again while ingest was asked: the ranges are stale.
      throw new AbortedError(`incident ${snapshot.incidentId} changed while its snapshot was made; retry`);
    }
    const result = await tx
      .createQueryBuilder(IncidentSnapshotEntity)
      .insert({
        ...snapshot,
        buckets: snapshot.buckets.map((bucket) => ({ start: bucket.start.toISOString(), value: bucket.value })),
      })
      .onConflict('incidentId')
      .ignore()
      .execute<{ affectedRows: number }>('run');
    if (result.affectedRows === 1) return { snapshot, created: true };
    // Another caller inserted between our read and our insert (it held no lock on the snapshot row).
    const winner = await tx.findOneOrFail(
      IncidentSnapshotEntity,
      { incidentId: snapshot.incidentId },
      { refresh: true },
    );
    return { snapshot: toSnapshot(winner), created: false };
  });
}
