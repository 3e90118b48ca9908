import type { EntityManager } from '@mikro-orm/postgresql';
import { InternalError, UnavailableError } from '@vigil/runtime';
import { MINUTE } from '@vigil/time-range';
import type { ClaimedRule } from '../db/rule-evaluation-store.js';
import { StatisticsRefusedError, type IngestStatistics } from '../snapshots/ingest-statistics.js';
import type { SkipReason } from './rule-evaluation-metrics.js';
import { settleEvaluation, skipEvaluation, type SettleContext, type SettleResult } from './settle-evaluation.js';

export type EvaluationOutcome =
  { readonly settled: SettleResult } | { readonly skipped: SkipReason; readonly error: unknown };

/**
 * Reads the rule's aggregate over the trailing [now − time window, now) from
 * ingest, with its query and projects, then settles it. Any failure to read
 * the value skips the rule for this slot.
 */
export async function evaluateRule(
  em: EntityManager,
  ingest: IngestStatistics,
  rule: ClaimedRule,
  context: SettleContext,
): Promise<EvaluationOutcome> {
  const windowEnd = context.now;
  const windowStart = new Date(windowEnd.getTime() - rule.timeWindowMinutes * MINUTE);
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
    await skipEvaluation(em, rule, context);
    return { skipped: skipReason(error), error };
  }
  return { settled: await settleEvaluation(em, { rule, value, windowStart, windowEnd }, context) };
}

function skipReason(error: unknown): SkipReason {
  if (error instanceof UnavailableError) return 'ingest_unavailable';
  if (error instanceof StatisticsRefusedError) return 'statistics_refused';
  if (error instanceof InternalError) return 'statistics_failed';
  return 'failed';
}
