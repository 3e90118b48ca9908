// What one evaluation of a rule does to its incident: behaviour.md §2's
// statuses driven by the rule's thresholds. Pure; the evaluator applies the
// result through the same status change as a manual one.
import { isResolved, triggeredLevel } from './alert-thresholds.js';
import type { AlertThresholds, IncidentStatus } from './incident.js';

export type RuleTransition =
  | { readonly kind: 'unchanged' }
  /** No active incident and a trigger threshold crossed: open one at this status. */
  | { readonly kind: 'opened'; readonly status: 'WARNING' | 'CRITICAL' }
  /** The active incident moves to `status`. */
  | { readonly kind: 'escalated' | 'de_escalated' | 'resolved'; readonly status: IncidentStatus };

const SEVERITY: Record<IncidentStatus, number> = { CLOSED: 0, OPEN: 1, WARNING: 2, CRITICAL: 3 };

/**
 * `active` is the status of the rule's active (not CLOSED) incident, or null
 * when it has none. A value between the resolve and the lowest trigger
 * threshold neither opens nor closes: it de-escalates a CRITICAL incident to
 * WARNING when the rule has a warning level, and otherwise leaves it.
 */
export function ruleTransition(
  thresholds: AlertThresholds,
  value: number,
  active: IncidentStatus | null,
): RuleTransition {
  const level = triggeredLevel(thresholds, value);
  if (active === null) return level === null ? { kind: 'unchanged' } : { kind: 'opened', status: level };
  if (level === null) {
    if (isResolved(thresholds, value)) return { kind: 'resolved', status: 'CLOSED' };
    if (active === 'CRITICAL' && thresholds.warning !== null) return { kind: 'de_escalated', status: 'WARNING' };
    return { kind: 'unchanged' };
  }
  if (level === active) return { kind: 'unchanged' };
  return SEVERITY[level] > SEVERITY[active]
    ? { kind: 'escalated', status: level }
    : { kind: 'de_escalated', status: level };
}
