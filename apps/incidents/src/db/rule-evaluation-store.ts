// The evaluator's schedule in the alert_rule table. A replica claims due
// rules under a lease (committed at once, so no transaction is held across
// ingest calls) and settles each one in a transaction that holds only while
// the lease is still its own: a replica whose lease ran out and was taken
// over changes nothing, so each slot of a rule is applied once.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AlertThresholds, Aggregation, ThresholdComparison } from '../domain/incident.js';
import { thresholdsOf } from './alert-rule-store.js';

/** A rule as the evaluator claimed it: what to ask ingest, and the lease to settle it under. */
export interface ClaimedRule {
  readonly id: string;
  readonly organizationId: string;
  readonly projectIds: readonly string[];
  readonly name: string;
  readonly query: string;
  readonly aggregation: Aggregation;
  readonly timeWindowMinutes: number;
  readonly thresholds: AlertThresholds;
  /** The slot being evaluated. */
  readonly dueAt: Date;
  /** The rule's version as read: a change since then voids the evaluation. */
  readonly updatedAt: Date;
  readonly leaseToken: string;
}

interface ClaimedRow {
  id: string;
  organization_id: string;
  project_ids: string[];
  name: string;
  query: string;
  aggregation: Aggregation;
  time_window_minutes: number;
  comparison: ThresholdComparison;
  critical_threshold: number;
  warning_threshold: number | null;
  resolve_threshold: number | null;
  next_evaluation_at: Date;
  updated_at: Date;
}

// SKIP LOCKED: replicas claiming at once take different rules. A rule whose
// lease has run out (its replica crashed or stalled) is due again.
const CLAIM_SQL = `
  UPDATE alert_rule AS rule SET lease_token = ?, lease_expires_at = ?
  FROM (
    SELECT id FROM alert_rule
    WHERE enabled AND comparison IS NOT NULL AND next_evaluation_at <= ?
      AND (lease_expires_at IS NULL OR lease_expires_at <= ?)
    ORDER BY next_evaluation_at
    LIMIT ?
    FOR UPDATE SKIP LOCKED
  ) AS due
  WHERE rule.id = due.id
  RETURNING rule.id::text, rule.organization_id::text, rule.project_ids::text[], rule.name, rule.query,
            rule.aggregation, rule.time_window_minutes, rule.comparison, rule.critical_threshold,
            rule.warning_threshold, rule.resolve_threshold, rule.next_evaluation_at, rule.updated_at`;

export interface ClaimOptions {
  readonly now: Date;
  readonly limit: number;
  readonly leaseMs: number;
  /** Unique per claim; settling checks it. */
  readonly leaseToken: string;
}

/** Up to `limit` due rules, oldest slot first, leased to this claim until now + leaseMs. */
export async function claimDueRules(em: EntityManager, options: ClaimOptions): Promise<ClaimedRule[]> {
  const { now, limit, leaseMs, leaseToken } = options;
  const rows = await em.execute<ClaimedRow[]>(CLAIM_SQL, [
    leaseToken,
    new Date(now.getTime() + leaseMs),
    now,
    now,
    limit,
  ]);
  return rows.map((row) => ({
    id: row.id,
    organizationId: row.organization_id,
    projectIds: row.project_ids,
    name: row.name,
    query: row.query,
    aggregation: row.aggregation,
    timeWindowMinutes: row.time_window_minutes,
    // Never null: the claim takes only rules with a comparison, and the CHECK pairs it with critical.
    thresholds: thresholdsOf({
      comparison: row.comparison,
      criticalThreshold: Number(row.critical_threshold),
      warningThreshold: row.warning_threshold === null ? null : Number(row.warning_threshold),
      resolveThreshold: row.resolve_threshold === null ? null : Number(row.resolve_threshold),
    }) as AlertThresholds,
    dueAt: new Date(row.next_evaluation_at),
    updatedAt: new Date(row.updated_at),
    leaseToken,
  }));
}

export type LeaseCheck = 'held' | 'lost' | 'rule_changed';

/**
 * Locks the rule's row for the caller's transaction if this claim still
 * holds it: 'lost' when another replica took it over (or it was deleted),
 * 'rule_changed' when it was updated since the claim (the evaluation asked
 * the wrong question; the lease is released and the rule stays due).
 */
export async function lockClaimedRule(tx: EntityManager, rule: ClaimedRule): Promise<LeaseCheck> {
  const [row] = await tx.execute<{ unchanged: boolean }[]>(
    'SELECT updated_at = ? AS unchanged FROM alert_rule WHERE id = ? AND lease_token = ? FOR UPDATE',
    [rule.updatedAt, rule.id, rule.leaseToken],
  );
  if (!row) return 'lost';
  if (row.unchanged) return 'held';
  await releaseRule(tx, rule.id, null);
  return 'rule_changed';
}

/** Ends the claim; with `nextEvaluationAt` the rule moves to that slot, without it it stays due. */
export async function releaseRule(tx: EntityManager, ruleId: string, nextEvaluationAt: Date | null): Promise<void> {
  await tx.execute(
    `UPDATE alert_rule SET lease_token = NULL, lease_expires_at = NULL,
       next_evaluation_at = coalesce(?, next_evaluation_at) WHERE id = ?`,
    [nextEvaluationAt, ruleId],
  );
}
