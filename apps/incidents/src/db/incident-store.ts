import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { NotFoundError } from '@vigil/runtime';
import type { Aggregation, Incident, IncidentActivity, IncidentStatus, IncidentType } from '../domain/incident.js';
import { AlertRuleEntity, IncidentActivityEntity, IncidentEntity, type IncidentRow } from './entities.js';
import { toIncident, toIncidents } from './incident-rows.js';

export interface NewIncident {
  readonly organizationId: string;
  readonly type: IncidentType;
  readonly title: string;
  readonly query: string;
  readonly aggregation: Aggregation;
  readonly dateStarted: Date;
  readonly dateDetected: Date;
  readonly projectIds: readonly string[];
  readonly groupIds: readonly string[];
  readonly alertRuleId: string | null;
  /** The rule evaluator's own incident (at most one active per rule); absent = a caller's. */
  readonly openedByRule?: boolean;
}

// Taking the next number and creating the incident share one transaction:
// the counter row stays locked until the incident is committed, so
// concurrent creators in one organization queue here and never share a
// number, and a failed creation hands its number back.
const NEXT_IDENTIFIER_SQL = `
  INSERT INTO incident_identifier_counter AS counter (organization_id, last_identifier) VALUES (?, 1)
  ON CONFLICT (organization_id) DO UPDATE SET last_identifier = counter.last_identifier + 1
  RETURNING last_identifier::text AS identifier`;

/** Creates an OPEN incident at version 1 with its organization's next identifier. */
export async function createIncident(em: EntityManager, incident: NewIncident, now: Date): Promise<Incident> {
  return em.transactional(async (tx) => {
    const row = await insertIncident(tx, incident, now);
    const windows = new Map<string, number>();
    if (incident.alertRuleId !== null) windows.set(incident.alertRuleId, row.ruleTimeWindowMinutes);
    return toIncident(row.row, windows);
  });
}

/**
 * createIncident's work inside the caller's transaction (the rule evaluator
 * opens its incident and changes its status in one): the row, written, and
 * its rule's time window. The organization's identifier counter stays
 * locked until that transaction ends.
 */
export async function insertIncident(
  tx: EntityManager,
  incident: NewIncident,
  now: Date,
  /** The rule's window when the caller already holds the rule's row lock (no need to read it again). */
  lockedRuleTimeWindowMinutes?: number,
): Promise<{ row: IncidentRow; ruleTimeWindowMinutes: number }> {
  let ruleTimeWindowMinutes = lockedRuleTimeWindowMinutes ?? 1;
  if (incident.alertRuleId !== null && lockedRuleTimeWindowMinutes === undefined) {
    // FOR SHARE: the rule cannot be deleted before this incident commits.
    const rule = await tx.findOne(
      AlertRuleEntity,
      { id: incident.alertRuleId },
      { lockMode: LockMode.PESSIMISTIC_READ },
    );
    if (!rule || rule.organizationId !== incident.organizationId) {
      throw new NotFoundError(
        `alert rule ${incident.alertRuleId} not found in organization ${incident.organizationId}`,
      );
    }
    ruleTimeWindowMinutes = rule.timeWindowMinutes;
  }
  const [counter] = await tx.execute<{ identifier: string }[]>(NEXT_IDENTIFIER_SQL, [incident.organizationId]);
  if (!counter) throw new Error('the identifier counter returned no row');
  const row = tx.create(IncidentEntity, {
    ...incident,
    projectIds: [...incident.projectIds],
    groupIds: [...incident.groupIds],
    identifier: counter.identifier,
    status: 'OPEN',
    dateClosed: null,
    version: 1,
    createdAt: now,
  });
  await tx.flush();
  return { row, ruleTimeWindowMinutes };
}

export async function findIncident(em: EntityManager, id: string): Promise<Incident | null> {
  const row = await em.findOne(IncidentEntity, { id });
  if (!row) return null;
  const [incident] = await toIncidents(em, [row]);
  return incident ?? null;
}

export interface IncidentListing {
  readonly organizationId: string;
  readonly status: IncidentStatus | null;
  /** Only incidents with a smaller identifier (the previous page's last). */
  readonly beforeIdentifier: string | null;
  readonly limit: number;
}

/** An organization's incidents by descending identifier. */
export async function listIncidents(em: EntityManager, listing: IncidentListing): Promise<Incident[]> {
  const rows = await em.find(
    IncidentEntity,
    {
      organizationId: listing.organizationId,
      ...(listing.status !== null && { status: listing.status }),
      ...(listing.beforeIdentifier !== null && { identifier: { $lt: listing.beforeIdentifier } }),
    },
    { orderBy: { identifier: 'desc' }, limit: listing.limit },
  );
  return toIncidents(em, rows);
}

export async function incidentExists(em: EntityManager, id: string): Promise<boolean> {
  return (await em.count(IncidentEntity, { id })) > 0;
}

/** An incident's status changes by ascending id (the order they were made in). */
export async function listIncidentActivity(
  em: EntityManager,
  listing: { incidentId: string; afterId: string | null; limit: number },
): Promise<IncidentActivity[]> {
  const rows = await em.find(
    IncidentActivityEntity,
    { incidentId: listing.incidentId, ...(listing.afterId !== null && { id: { $gt: listing.afterId } }) },
    { orderBy: { id: 'asc' }, limit: listing.limit },
  );
  return rows.map((row) => ({
    id: row.id,
    incidentId: row.incidentId,
    previousStatus: row.previousStatus,
    newStatus: row.newStatus,
    method: row.method,
    comment: row.comment,
    actor: row.actor,
    createdAt: row.createdAt,
  }));
}
