import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { inSpan } from '@vigil/runtime';
import type { Incident } from '../domain/incident.js';
import { planStatusChange, type StatusChangeRequest } from '../domain/status-change.js';
import { enqueueStatusChanged } from '../outbox/outbox-store.js';
import { IncidentActivityEntity, IncidentEntity, IncidentSnapshotEntity } from './entities.js';
import { ruleTimeWindows, toIncident } from './incident-rows.js';

export interface StatusChangeContext {
  readonly now: Date;
  /** Id of the announcement this change would make. */
  readonly eventId: string;
  readonly subjectPrefix: string;
}

export interface StatusChangeOutcome {
  readonly incident: Incident;
  readonly changed: boolean;
}

/**
 * Changes an incident's status under its row lock (SELECT … FOR UPDATE):
 * concurrent changes of one incident run one after the other, each seeing
 * the one before, so none is lost and versions rise by exactly one each.
 * The new status, its activity, the snapshot removal of a reopen and the
 * outbox message commit together or not at all. Null: no such incident.
 */
export async function changeIncidentStatus(
  em: EntityManager,
  incidentId: string,
  request: StatusChangeRequest,
  { now, eventId, subjectPrefix }: StatusChangeContext,
): Promise<StatusChangeOutcome | null> {
  const attributes = { 'db.system': 'postgresql', 'vigil.incident_id': incidentId };
  return inSpan('incident status change transaction', { attributes }, () =>
    changeUnderLock(em, incidentId, request, { now, eventId, subjectPrefix }),
  );
}

async function changeUnderLock(
  em: EntityManager,
  incidentId: string,
  request: StatusChangeRequest,
  { now, eventId, subjectPrefix }: StatusChangeContext,
): Promise<StatusChangeOutcome | null> {
  return em.transactional(async (tx) => {
    const row = await tx.findOne(
      IncidentEntity,
      { id: incidentId },
      { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
    );
    if (!row) return null;
    // The window as of this change, read in the same transaction, is what the event carries.
    const windows = await ruleTimeWindows(tx, [row.alertRuleId ?? null]);
    const plan = planStatusChange(toIncident(row, windows), request, now);
    if (!plan.changed) return { incident: toIncident(row, windows), changed: false };

    row.status = plan.newStatus;
    row.dateClosed = plan.dateClosed;
    row.version = plan.version;
    tx.create(IncidentActivityEntity, {
      incidentId,
      previousStatus: plan.previousStatus,
      newStatus: plan.newStatus,
      method: request.method,
      comment: request.comment,
      actor: request.actor,
      createdAt: now,
    });
    if (plan.reopened) await tx.nativeDelete(IncidentSnapshotEntity, { incidentId });
    const incident = toIncident(row, windows);
    enqueueStatusChanged(
      tx,
      { eventId, incident, previousStatus: plan.previousStatus, method: request.method, occurredAt: now },
      subjectPrefix,
    );
    return { incident, changed: true };
  });
}
