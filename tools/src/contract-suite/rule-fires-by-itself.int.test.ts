// An alert rule closing the loop through the three built services: events
// stored in ingest cross the rule's threshold, incidents' evaluator opens an
// ALERT_TRIGGERED incident, closes it when the rule's thresholds are no
// longer crossed, and the close travels outbox → NATS → scheduler as any
// close does. The pending snapshot is due ten windows after the close (10
// minutes for this 1-minute rule) and the suite has no clock to move, so the
// snapshot is made by the call the scheduler makes once it is due.
import { IncidentStatus, IncidentType, StatusMethod, ThresholdComparison } from '@vigil/contracts/incidents';
import { Aggregation } from '@vigil/contracts/ingest';
import { callUnary } from '@vigil/runtime';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { eventually, freshId, MINUTE, SECOND, storeEvents } from './contract-helpers.js';
import { startVigilSystem, type VigilSystem } from './vigil-system.js';

let system: VigilSystem;

beforeAll(async () => {
  system = await startVigilSystem(
    'rule-fires',
    {},
    { env: { RULE_EVALUATION_INTERVAL_MS: '1s', RULE_EVALUATION_POLL_INTERVAL_MS: '100' } },
  );
}, 300_000);

afterAll(() => system?.close());

async function ruleIncident(organizationId: string, status: IncidentStatus) {
  return eventually(
    async () => {
      const { incidents } = await callUnary(
        system.incidents,
        'listIncidents',
        { organizationId, status, pageSize: 0, pageToken: '' },
        { timeoutMs: 5_000 },
      );
      return incidents[0];
    },
    `a ${IncidentStatus[status]} incident in organization ${organizationId}`,
    60_000,
  );
}

test('rule → incident → closed by the rule → pending snapshot → snapshot', async () => {
  const organizationId = freshId();
  const project = freshId();
  const now = Date.now();
  await storeEvents(
    system.ingest,
    [1, 2, 3].map((i) => ({ at: now - 20 * SECOND - i * SECOND, project })),
  );
  const { alertRule } = await callUnary(
    system.incidents,
    'createAlertRule',
    {
      organizationId,
      projectIds: [project],
      name: 'checkout errors',
      query: 'level:error',
      aggregation: Aggregation.TOTAL,
      timeWindowMinutes: 1,
      thresholds: { comparison: ThresholdComparison.ABOVE, critical: 2 },
    },
    { timeoutMs: 5_000 },
  );
  const ruleId = alertRule?.id ?? '';

  const opened = await ruleIncident(organizationId, IncidentStatus.CRITICAL);
  expect(opened).toMatchObject({ type: IncidentType.ALERT_TRIGGERED, alertRuleId: ruleId, timeWindowMinutes: 1 });
  // date_started is the start of the window that crossed: one window before its detection.
  expect((opened.dateDetected?.getTime() ?? 0) - (opened.dateStarted?.getTime() ?? 0)).toBe(MINUTE);

  // The rule no longer fires on 3 events: its next evaluation closes the incident.
  await callUnary(
    system.incidents,
    'updateAlertRule',
    { alertRuleId: ruleId, thresholds: { comparison: ThresholdComparison.ABOVE, critical: 100 } },
    { timeoutMs: 5_000 },
  );
  const closed = await ruleIncident(organizationId, IncidentStatus.CLOSED);
  expect(closed.id).toBe(opened.id);
  const { activities } = await callUnary(
    system.incidents,
    'listIncidentActivity',
    { incidentId: opened.id, pageSize: 0, pageToken: '' },
    { timeoutMs: 5_000 },
  );
  expect(activities.map((a) => [a.newStatus, a.method])).toEqual([
    [IncidentStatus.CRITICAL, StatusMethod.RULE_TRIGGERED],
    [IncidentStatus.CLOSED, StatusMethod.RULE_TRIGGERED],
  ]);

  const pending = await eventually(async () => {
    const { pendingSnapshot } = await callUnary(
      system.scheduler,
      'getPendingSnapshot',
      { incidentId: opened.id },
      { timeoutMs: 5_000 },
    );
    return pendingSnapshot;
  }, 'the pending snapshot of the rule-closed incident');
  expect(pending.targetRunDate).toEqual(new Date((closed.dateClosed?.getTime() ?? 0) + 10 * MINUTE));

  const { snapshot } = await callUnary(
    system.incidents,
    'createIncidentSnapshot',
    { incidentId: opened.id },
    { timeoutMs: 10_000 },
  );
  // The plain range [date_started − 1 min, date_closed + 1 min) holds the three events.
  expect(snapshot).toMatchObject({ eventCount: '3', uniqueUsers: '0', rollupSeconds: 60 });
});
