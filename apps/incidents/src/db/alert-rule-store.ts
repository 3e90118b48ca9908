import type { EntityManager } from '@mikro-orm/postgresql';
import type { AlertRule, AlertThresholds, Aggregation } from '../domain/incident.js';
import { AlertRuleEntity, type AlertRuleRow } from './entities.js';

export interface NewAlertRule {
  readonly organizationId: string;
  readonly projectIds: readonly string[];
  readonly name: string;
  readonly query: string;
  readonly aggregation: Aggregation;
  readonly timeWindowMinutes: number;
  readonly thresholds: AlertThresholds | null;
  readonly enabled: boolean;
}

/** Fields to change; an absent one stays as it is. Thresholds are replaced as a whole. */
export type AlertRuleChanges = Partial<
  Pick<AlertRule, 'name' | 'query' | 'aggregation' | 'timeWindowMinutes' | 'enabled'> & { thresholds: AlertThresholds }
>;

type ThresholdColumns = Pick<
  AlertRuleRow,
  'comparison' | 'criticalThreshold' | 'warningThreshold' | 'resolveThreshold'
>;

function thresholdColumns(thresholds: AlertThresholds | null): ThresholdColumns {
  return {
    comparison: thresholds?.comparison ?? null,
    criticalThreshold: thresholds?.critical ?? null,
    warningThreshold: thresholds?.warning ?? null,
    resolveThreshold: thresholds?.resolve ?? null,
  };
}

export function thresholdsOf(row: ThresholdColumns): AlertThresholds | null {
  if (row.comparison == null || row.criticalThreshold == null) return null;
  return {
    comparison: row.comparison,
    critical: row.criticalThreshold,
    warning: row.warningThreshold ?? null,
    resolve: row.resolveThreshold ?? null,
  };
}

function toAlertRule(row: AlertRuleRow): AlertRule {
  return {
    id: row.id,
    organizationId: row.organizationId,
    projectIds: row.projectIds,
    name: row.name,
    query: row.query,
    aggregation: row.aggregation,
    timeWindowMinutes: row.timeWindowMinutes,
    thresholds: thresholdsOf(row),
    enabled: row.enabled,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export async function createAlertRule(em: EntityManager, rule: NewAlertRule, now: Date): Promise<AlertRule> {
  const { thresholds, ...fields } = rule;
  const row = em.create(AlertRuleEntity, {
    ...fields,
    ...thresholdColumns(thresholds),
    projectIds: [...rule.projectIds],
    createdAt: now,
    updatedAt: now,
    // Due at once: a new rule is evaluated within one poll, not one interval.
    nextEvaluationAt: now,
  });
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
    const { thresholds, ...fields } = changes;
    // updated_at also tells an evaluation in flight that the rule it read is gone (rule-evaluation-store.ts).
    em.assign(row, { ...fields, ...(thresholds && thresholdColumns(thresholds)), updatedAt: now });
    await em.flush();
  }
  return toAlertRule(row);
}

/** False when there was no such rule. The database detaches its incidents (ON DELETE SET NULL). */
export async function deleteAlertRule(em: EntityManager, id: string): Promise<boolean> {
  return (await em.nativeDelete(AlertRuleEntity, { id })) > 0;
}
