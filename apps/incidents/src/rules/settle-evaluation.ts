// One evaluated rule, settled in one transaction: the lease checked under
// the rule's row lock, the transition applied to its incident through the
// same status change (activity, outbox) as a manual one, and the rule moved
// to its next slot. Either all of it commits or none of it does.
import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { IncidentEntity } from '../db/entities.js';
import { applyStatusChange } from '../db/incident-status-store.js';
import { insertIncident } from '../db/incident-store.js';
import { lockClaimedRule, releaseRule, type ClaimedRule } from '../db/rule-evaluation-store.js';
import { nextEvaluationAt } from '../domain/evaluation-schedule.js';
import type { IncidentStatus } from '../domain/incident.js';
import { ruleTransition, type RuleTransition } from '../domain/rule-transition.js';

export interface Evaluation {
  readonly rule: ClaimedRule;
  /** The rule's aggregate over [windowStart, windowEnd). */
  readonly value: number;
  readonly windowStart: Date;
  readonly windowEnd: Date;
}

export interface SettleContext {
  readonly now: Date;
  readonly intervalMs: number;
  readonly newEventId: () => string;
  readonly subjectPrefix: string;
}

/** What settling did: the transition's kind, or why nothing was applied. */
export type SettleResult = RuleTransition['kind'] | 'lease_lost' | 'rule_changed';

export async function settleEvaluation(
  em: EntityManager,
  evaluation: Evaluation,
  context: SettleContext,
): Promise<SettleResult> {
  const { rule, value } = evaluation;
  return em.transactional(async (tx) => {
    const lease = await lockClaimedRule(tx, rule);
    if (lease === 'lost') return 'lease_lost';
    if (lease === 'rule_changed') return 'rule_changed';
    const active = await tx.findOne(
      IncidentEntity,
      { alertRuleId: rule.id, openedByRule: true, status: { $ne: 'CLOSED' } },
      { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
    );
    const transition = ruleTransition(rule.thresholds, value, active?.status ?? null);
    if (transition.kind === 'opened') {
      const { row } = await insertIncident(
        tx,
        {
          organizationId: rule.organizationId,
          type: 'ALERT_TRIGGERED',
          title: rule.name,
          query: rule.query,
          aggregation: rule.aggregation,
          // The start of the window that crossed: the problem is at least that old.
          dateStarted: evaluation.windowStart,
          dateDetected: context.now,
          projectIds: rule.projectIds,
          groupIds: [],
          alertRuleId: rule.id,
          openedByRule: true,
        },
        context.now,
        rule.timeWindowMinutes,
      );
      // Written in this transaction and not yet committed: no one else can see it, let alone lock it.
      await changeStatus(tx, row, transition.status, evaluation, context);
    } else if (transition.kind !== 'unchanged' && active) {
      await changeStatus(tx, active, transition.status, evaluation, context);
    }
    await releaseRule(tx, rule.id, nextEvaluationAt(rule.dueAt, context.now, context.intervalMs));
    return transition.kind;
  });
}

async function changeStatus(
  tx: EntityManager,
  row: Parameters<typeof applyStatusChange>[1],
  status: IncidentStatus,
  { rule, value, windowStart, windowEnd }: Evaluation,
  { now, newEventId, subjectPrefix }: SettleContext,
): Promise<void> {
  const what = rule.aggregation === 'TOTAL' ? 'events' : 'unique users';
  const comment = `${value} ${what} over [${windowStart.toISOString()}, ${windowEnd.toISOString()})`;
  // The rule is locked and unchanged since the claim (lockClaimedRule): its window is the claimed one.
  await applyStatusChange(
    tx,
    row,
    { status, method: 'RULE_TRIGGERED', comment, actor: '', dateClosed: null },
    { now, eventId: newEventId(), subjectPrefix },
    new Map([[rule.id, rule.timeWindowMinutes]]),
  );
}
