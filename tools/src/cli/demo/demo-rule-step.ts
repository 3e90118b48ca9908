// Demo step 4: an alert rule with thresholds fires by itself. The events
// just sent hold 44 errors in the last hour; the rule's critical threshold
// is 30, so its first evaluation (at once for a new rule) opens an
// ALERT_TRIGGERED incident, CRITICAL, with the activity saying why.
import { IncidentType, ThresholdComparison, type Incident } from '@vigil/contracts/incidents';
import { Aggregation } from '@vigil/contracts/ingest';
import { callUnary } from '@vigil/runtime';
import type { CliContext } from '../cli-context.js';
import { incidentStatusName } from '../names.js';
import { describeThresholds } from '../rule-thresholds.js';
import { formatIncident } from '../views/incident-view.js';
import type { Narrator } from './narrator.js';
import { pollUntil } from './poll-until.js';

// A new rule is due at once; the evaluator looks for due rules every second by default.
const FIRING = { timeoutMs: 20_000, intervalMs: 200 };

export async function showRuleFiring(
  ctx: CliContext,
  say: Narrator,
  ids: { organizationId: string; projectId: string },
): Promise<void> {
  say.step(
    'An alert rule fires by itself',
    'A rule with thresholds is evaluated once per interval (1 minute by default; a new rule at once) over its ' +
      "trailing time window, through ingest's statistics. Crossing a threshold opens an incident, crossing further " +
      'escalates it, and falling back resolves it: the same status changes, activity and NATS events as a manual change.',
  );
  say.command(
    `vigil rules create --org ${ids.organizationId} --project ${ids.projectId} --name "Checkout errors spike" ` +
      '--query "level:error" --window 1h --critical 30 --warning 10',
  );
  const { alertRule } = await ctx.call('incidents', (client, options) =>
    callUnary(
      client,
      'createAlertRule',
      {
        organizationId: ids.organizationId,
        projectIds: [ids.projectId],
        name: 'Checkout errors spike',
        query: 'level:error',
        aggregation: Aggregation.TOTAL,
        timeWindowMinutes: 60,
        thresholds: { comparison: ThresholdComparison.ABOVE, critical: 30, warning: 10 },
      },
      options,
    ),
  );
  if (alertRule === undefined) throw new Error('incidents answered without the rule');
  say.result(`alert rule ${alertRule.id} created: ${describeThresholds(alertRule)}`);

  say.command(`vigil incidents list --org ${ids.organizationId}`);
  const incident = await pollUntil(() => ruleIncident(ctx, ids.organizationId, alertRule.id), FIRING);
  if (incident === undefined)
    throw new Error(
      `alert rule ${alertRule.id} opened no incident within ${FIRING.timeoutMs / 1000} s: ` +
        'is incidents reaching ingest (INGEST_GRPC_ADDRESS), and is RULE_EVALUATION_POLL_INTERVAL_MS short?',
    );
  const { activities } = await ctx.call('incidents', (client, options) =>
    callUnary(client, 'listIncidentActivity', { incidentId: incident.id, pageSize: 0, pageToken: '' }, options),
  );
  const opened = activities[0];
  say.result(
    `${formatIncident(incident)}\n` +
      `opened by the rule: ${incidentStatusName(incident.status)}, because ${opened?.comment ?? '(no comment)'}`,
  );

  // Nothing keeps evaluating after the demo.
  say.command(`vigil rules update ${alertRule.id} --disable`);
  await ctx.call('incidents', (client, options) =>
    callUnary(client, 'updateAlertRule', { alertRuleId: alertRule.id, enabled: false }, options),
  );
  say.result(`alert rule ${alertRule.id} disabled; its incident stays as it is`);
}

async function ruleIncident(ctx: CliContext, organizationId: string, ruleId: string): Promise<Incident | undefined> {
  const { incidents } = await ctx.call('incidents', (client, options) =>
    callUnary(client, 'listIncidents', { organizationId, pageSize: 0, pageToken: '' }, options),
  );
  return incidents.find(
    (incident) => incident.alertRuleId === ruleId && incident.type === IncidentType.ALERT_TRIGGERED,
  );
}
