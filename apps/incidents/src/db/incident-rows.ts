import type { EntityManager } from '@mikro-orm/postgresql';
import { incidentTimeWindowMs, MINUTE } from '@vigil/time-range';
import type { Incident } from '../domain/incident.js';
import { AlertRuleEntity, type IncidentRow } from './entities.js';

/**
 * The current time window of each given rule, read at use time so that a
 * rule's change applies to its incidents from then on. A deleted rule is
 * simply absent (its incidents no longer point at it anyway).
 */
export async function ruleTimeWindows(
  em: EntityManager,
  ruleIds: readonly (string | null)[],
): Promise<Map<string, number>> {
  const ids = [...new Set(ruleIds.filter((id): id is string => id !== null))];
  if (ids.length === 0) return new Map();
  const rules = await em.find(AlertRuleEntity, { id: { $in: ids } });
  return new Map(rules.map((rule) => [rule.id, rule.timeWindowMinutes]));
}

/** A stored incident with its effective window: its rule's, or 1 minute. */
export function toIncident(row: IncidentRow, windows: ReadonlyMap<string, number>): Incident {
  const ruleId = row.alertRuleId ?? null;
  const ruleWindow = ruleId === null ? null : windows.get(ruleId);
  return {
    id: row.id,
    organizationId: row.organizationId,
    identifier: row.identifier,
    type: row.type,
    title: row.title,
    status: row.status,
    query: row.query,
    aggregation: row.aggregation,
    dateStarted: row.dateStarted,
    dateDetected: row.dateDetected,
    dateClosed: row.dateClosed ?? null,
    projectIds: row.projectIds,
    groupIds: row.groupIds,
    alertRuleId: ruleId,
    timeWindowMinutes: incidentTimeWindowMs(ruleWindow) / MINUTE,
    version: row.version,
  };
}

export async function toIncidents(em: EntityManager, rows: readonly IncidentRow[]): Promise<Incident[]> {
  const windows = await ruleTimeWindows(
    em,
    rows.map((row) => row.alertRuleId ?? null),
  );
  return rows.map((row) => toIncident(row, windows));
}
