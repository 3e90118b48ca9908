import type { ServiceMetrics } from '@vigil/runtime';
import type { SettleResult } from './settle-evaluation.js';

/** Why an evaluation decided nothing about its rule's incident. */
export type SkipReason = 'ingest_unavailable' | 'statistics_refused' | 'statistics_failed' | 'failed';

export interface RuleEvaluationMetrics {
  evaluated(result: SettleResult): void;
  skipped(reason: SkipReason): void;
  /** How long after its slot a rule was claimed. */
  lag(seconds: number): void;
}

/** The evaluator on /metrics: evaluations by result, skipped ones by reason, and how late rules are evaluated. */
export function ruleEvaluationMetrics(metrics: ServiceMetrics): RuleEvaluationMetrics {
  const evaluations = metrics.counter({
    name: 'vigil_incidents_rule_evaluations_total',
    help: 'Rule evaluations settled, by result: opened, escalated, de_escalated, resolved, unchanged, or lease_lost / rule_changed (nothing applied).',
    labelNames: ['result'],
  });
  const skipped = metrics.counter({
    name: 'vigil_incidents_rule_evaluations_skipped_total',
    help: "Rule evaluations skipped because the rule's value could not be read (never taken as 0), by reason.",
    labelNames: ['reason'],
  });
  const lag = metrics.histogram({
    name: 'vigil_incidents_rule_evaluation_lag_seconds',
    help: 'Time from a rule’s scheduled slot to its claim by an evaluator.',
    buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300],
  });
  return {
    evaluated: (result) => evaluations.inc({ result }),
    skipped: (reason) => skipped.inc({ reason }),
    lag: (seconds) => lag.observe(seconds),
  };
}
