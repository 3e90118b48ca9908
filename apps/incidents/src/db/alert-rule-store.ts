import type { EntityManager } from '@mikro-orm/postgresql';
import type { AlertRule, Aggregation } from '../domain/incident.js';
import { AlertRuleEntity, type AlertRuleRow } from './entities.js';

export interface NewAlertRule {
  readonly organizationId: string;
  readonly projectIds: readonly string[];
  readonly name: string;
  readonly query: string;
  readonly aggregation: Aggregation;
  readonly timeWindowMinutes: number;
}

/** Fields to change; an absent one stays as it is. */
export type AlertRuleChanges = Partial<Pick<AlertRule, 'name' | 'query' | 'aggregation' | 'timeWindowMinutes'>>;

function toAlertRule(row: AlertRuleRow): AlertRule {
  return {
    id: row.id,
    organizationId: row.organizationId,
    projectIds: row.projectIds,
    name: row.name,
    query: row.query,
    aggregation: row.aggregation,
    timeWindowMinutes: row.timeWindowMinutes,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export async function createAlertRule(em: EntityManager, rule: NewAlertRule, now: Date): Promise<AlertRule> {
  const row = em.create(AlertRuleEntity, { ...rule, projectIds: [...rule.projectIds], createdAt: now, updatedAt: now });
  await em.flush();
  return toAlertRule(row);
}

export async function findAlertRule(em: EntityManager, id: string): Promise<AlertRule | null> {
  const row = await em.findOne(AlertRuleEntity, { id });
  return row && toAlertRule(row);
}

/** An organization's rules by ascending id, after `afterId` (a page's last) when given. */
export async function listAlertRules(
  em: EntityManager,
  listing: { organizationId: string; afterId: string | null; limit: number },
): Promise<AlertRule[]> {
  const rows = await em.find(
    AlertRuleEntity,
    { organizationId: listing.organizationId, ...(listing.afterId !== null && { id: { $gt: listing.afterId } }) },
    { orderBy: { id: 'asc' }, limit: listing.limit },
  );
  return rows.map(toAlertRule);
}

/** Null when there is no such rule. updated_at moves only when something is given. */
export async function updateAlertRule(
  em: EntityManager,
  id: string,
  changes: AlertRuleChanges,
  now: Date,
): Promise<AlertRule | null> {
  const row = await em.findOne(AlertRuleEntity, { id });
  if (!row) return null;
  if (Object.keys(changes).length > 0) {
    em.assign(row, { ...changes, updatedAt: now });
    await em.flush();
  }
  return toAlertRule(row);
}

/** False when there was no such rule. The database detaches its incidents (ON DELETE SET NULL). */
export async function deleteAlertRule(em: EntityManager, id: string): Promise<boolean> {
  return (await em.nativeDelete(AlertRuleEntity, { id })) > 0;
}
