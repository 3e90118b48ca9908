// The evaluator's schedule in the alert_rule table. A replica claims due
// rules under a lease (committed at once, so no transaction is held across
// ingest calls) and settles each one in a transaction that holds only while
// the lease is still its own: a replica whose lease ran out and was taken
// over changes nothing, so each slot of a rule is applied once.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AlertThresholds, Aggregation, IncidentStatus, ThresholdComparison } from '../domain/incident.js';
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
  /**
   * The rule's updated_at as PostgreSQL wrote it (text, to the microsecond:
   * a Date would drop the microseconds and never match again). A change
   * since the claim voids the evaluation.
   */
  readonly revision: string;
  /**
   * The status of the rule's active incident at the claim, or null. Only a
   * hint: a transition re-reads it under the incident's lock; a rule whose
   * value means "no change" against it is settled in bulk (releaseQuietRules).
   */
  readonly activeStatus: IncidentStatus | null;
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
  revision: string;
  active_status: IncidentStatus | null;
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
            rule.warning_threshold, rule.resolve_threshold, rule.next_evaluation_at, rule.updated_at::text AS revision,
            (SELECT status FROM incident
              WHERE alert_rule_id = rule.id AND opened_by_rule AND status <> 'CLOSED') AS active_status`;

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
    revision: row.revision,
    activeStatus: row.active_status,
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
    'SELECT updated_at = ?::timestamptz AS unchanged FROM alert_rule WHERE id = ? AND lease_token = ? FOR UPDATE',
    [rule.revision, rule.id, rule.leaseToken],
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

/** A claimed rule whose slot needs no incident change: only its schedule moves. */
export interface QuietRule {
  readonly rule: ClaimedRule;
  readonly nextEvaluationAt: Date;
}

/**
 * Per rule id: 'settled' (moved to its next slot), 'rule_changed' (changed
 * since the claim: released, still due) or 'lease_lost' (no longer this
 * claim's: taken over after the lease ran out, or deleted).
 */
export type QuietRelease = Map<string, 'settled' | 'rule_changed' | 'lease_lost'>;

// One statement for a whole claim's quiet rules: each row still under this
// claim's lease moves to its next slot, unless the rule changed since the
// claim (then it is only released, and stays due).
const RELEASE_QUIET_SQL = `
  UPDATE alert_rule AS rule
  SET lease_token = NULL, lease_expires_at = NULL,
      next_evaluation_at = CASE WHEN rule.updated_at = quiet.revision THEN quiet.next ELSE rule.next_evaluation_at END
  FROM jsonb_to_recordset(?::jsonb) AS quiet(id bigint, next timestamptz, revision timestamptz)
  WHERE rule.id = quiet.id AND rule.lease_token = ?
  RETURNING rule.id::text AS id, rule.updated_at = quiet.revision AS unchanged`;

/** Settles rules of one claim whose evaluation changes no incident (or was skipped), in one statement. */
export async function releaseQuietRules(
  em: EntityManager,
  leaseToken: string,
  quiet: readonly QuietRule[],
): Promise<QuietRelease> {
  const release: QuietRelease = new Map(quiet.map(({ rule }) => [rule.id, 'lease_lost']));
  if (quiet.length === 0) return release;
  const entries = [...quiet]
    .sort((a, b) => (BigInt(a.rule.id) < BigInt(b.rule.id) ? -1 : 1))
    .map(({ rule, nextEvaluationAt }) => ({
      id: rule.id,
      next: nextEvaluationAt.toISOString(),
      revision: rule.revision,
    }));
  const rows = await em.execute<{ id: string; unchanged: boolean }[]>(RELEASE_QUIET_SQL, [
    JSON.stringify(entries),
    leaseToken,
  ]);
  for (const row of rows) release.set(row.id, row.unchanged ? 'settled' : 'rule_changed');
  return release;
}
