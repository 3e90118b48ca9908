import { LockMode, UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import { FailedPreconditionError, inSpan } from '@vigil/runtime';
import type { Incident } from '../domain/incident.js';
import { planStatusChange, type StatusChangeRequest } from '../domain/status-change.js';
import { enqueueStatusChanged } from '../outbox/outbox-store.js';
import { IncidentActivityEntity, IncidentEntity, IncidentSnapshotEntity, type IncidentRow } from './entities.js';
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
 * FAILED_PRECONDITION (RULE_INCIDENT_ACTIVE): a reopen of an incident whose
 * rule has opened another one since.
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
  context: StatusChangeContext,
): Promise<StatusChangeOutcome | null> {
  try {
    return await em.transactional(async (tx) => {
      const row = await lockIncident(tx, incidentId);
      return row && (await applyStatusChange(tx, row, request, context));
    });
  } catch (error) {
    if (!(error instanceof UniqueConstraintViolationException)) throw error;
    // Only the index of active rule incidents can refuse a status change: a
    // reopen of an incident its rule has already replaced with a new one.
    throw new FailedPreconditionError(
      `incident ${incidentId} cannot leave CLOSED: its alert rule already has another active incident`,
      { reason: 'RULE_INCIDENT_ACTIVE', cause: error },
    );
  }
}

/** The incident's row, locked until the transaction ends (and re-read, not taken from the identity map). */
async function lockIncident(tx: EntityManager, incidentId: string): Promise<IncidentRow | null> {
  return tx.findOne(IncidentEntity, { id: incidentId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
}

/**
 * behaviour.md §2 on a row the caller locked in its transaction: the new
 * status, its activity, the snapshot removal of a reopen and the outbox
 * message. Manual changes and the rule evaluator both come through here.
 */
export async function applyStatusChange(
  tx: EntityManager,
  row: IncidentRow,
  request: StatusChangeRequest,
  { now, eventId, subjectPrefix }: StatusChangeContext,
  /** The rule's window when the caller holds the rule's row lock and has read it; else it is read here. */
  lockedRuleWindows?: ReadonlyMap<string, number>,
): Promise<StatusChangeOutcome> {
  const incidentId = row.id;
  // The window as of this change, read in the same transaction, is what the event carries.
  const windows = lockedRuleWindows ?? (await ruleTimeWindows(tx, [row.alertRuleId ?? null]));
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
  // Written here rather than at commit so a refused reopen (the rule's index) fails inside the transaction.
  await tx.flush();
  return { incident, changed: true };
}
