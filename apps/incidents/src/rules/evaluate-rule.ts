import type { EntityManager } from '@mikro-orm/postgresql';
import { InternalError, UnavailableError } from '@vigil/runtime';
import { MINUTE } from '@vigil/time-range';
import type { ClaimedRule } from '../db/rule-evaluation-store.js';
import { nextEvaluationAt } from '../domain/evaluation-schedule.js';
import { ruleTransition } from '../domain/rule-transition.js';
import { StatisticsRefusedError, type IngestStatistics } from '../snapshots/ingest-statistics.js';
import type { SkipReason } from './rule-evaluation-metrics.js';
import { settleEvaluation, type SettleContext, type SettleResult } from './settle-evaluation.js';

export type EvaluationOutcome =
  /** The incident changed (or, re-read under its lock, did not need to): settled in its own transaction. */
  | { readonly settled: SettleResult }
  /** No incident change, or the value could not be read: only the schedule moves, with the claim's others. */
  | { readonly quiet: Date; readonly skipped?: { readonly reason: SkipReason; readonly error: unknown } };

/**
 * Reads the rule's aggregate over the trailing [now − time window, now) from
 * ingest, with its query and projects, and decides. A failure to read the
 * value skips the rule for this slot: an unknown value is not "0 events",
 * which would close its incident falsely.
 */
export async function evaluateRule(
  em: EntityManager,
  ingest: IngestStatistics,
  rule: ClaimedRule,
  context: SettleContext,
): Promise<EvaluationOutcome> {
  const windowEnd = context.now;
  const windowStart = new Date(windowEnd.getTime() - rule.timeWindowMinutes * MINUTE);
  const next = nextEvaluationAt(rule.dueAt, context.now, context.intervalMs);
  let value: number;
  try {
    const totals = await ingest.totals({
      projectIds: rule.projectIds,
      groupIds: [],
      query: rule.query,
      start: windowStart,
      end: windowEnd,
    });
    value = rule.aggregation === 'TOTAL' ? totals.eventCount : totals.uniqueUsers;
  } catch (error) {
    return { quiet: next, skipped: { reason: skipReason(error), error } };
  }
  // Most slots change nothing; those skip the per-rule transaction. If the
  // incident changed since the claim (a manual close, say), the next slot sees it.
  if (ruleTransition(rule.thresholds, value, rule.activeStatus).kind === 'unchanged') return { quiet: next };
  return { settled: await settleEvaluation(em, { rule, value, windowStart, windowEnd }, context) };
}

function skipReason(error: unknown): SkipReason {
  if (error instanceof UnavailableError) return 'ingest_unavailable';
  if (error instanceof StatisticsRefusedError) return 'statistics_refused';
  if (error instanceof InternalError) return 'statistics_failed';
  return 'failed';
}
