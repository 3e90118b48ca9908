// A rule changed while its evaluation waits on ingest: the evaluation asked
// the old question, so it applies nothing, and the rule is evaluated again at
// once with its new thresholds. Ingest is a stand-in here (the test is about
// the race, not the arithmetic), holding its answer until the rule changed.
import { ThresholdComparison } from '@vigil/contracts/incidents';
import { Aggregation } from '@vigil/contracts/ingest';
import { deleteTestStream, getTestInfrastructure, testNatsNames, useTestDatabase } from '@vigil/testing';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { startFakeIngest, type FakeIngest } from './support/fake-ingest.js';
import { call, startIncidentsUnderTest, type IncidentsUnderTest } from './support/incidents-under-test.js';

const database = useTestDatabase();
const nats = testNatsNames('incidents-rule-races');
let ingest: FakeIngest;
let incidents: IncidentsUnderTest;

beforeAll(async () => {
  ingest = await startFakeIngest();
  incidents = await startIncidentsUnderTest({
    databaseUrl: database().url,
    nats,
    ingestAddress: ingest.address,
    env: { RULE_EVALUATION_INTERVAL_MS: '1h', RULE_EVALUATION_POLL_INTERVAL_MS: '50' },
  });
}, 120_000);

afterAll(async () => {
  await incidents?.stop();
  await ingest?.stop();
  await deleteTestStream((await getTestInfrastructure()).natsUrl, nats.stream);
});

async function evaluations(result: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${incidents.service.metricsPort}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`vigil_incidents_rule_evaluations_total{result="${result}"}`));
  return line === undefined ? 0 : Number(line.split(' ').at(-1));
}

it('an evaluation of a rule changed meanwhile applies nothing, and the rule is evaluated again with its new thresholds', async () => {
  ingest.totals = { eventCount: 5, uniqueUsers: 1 };
  let answer = (): void => undefined;
  ingest.gate = new Promise<void>((resolve) => (answer = resolve));

  const { alertRule } = await call(incidents.client, 'createAlertRule', {
    organizationId: '15',
    projectIds: ['1'],
    name: 'changed mid-evaluation',
    query: '',
    aggregation: Aggregation.TOTAL,
    timeWindowMinutes: 5,
    thresholds: { comparison: ThresholdComparison.ABOVE, critical: 3 },
  });
  const alertRuleId = alertRule?.id ?? '';
  // The evaluation under the old thresholds (5 > 3: it would open) is waiting on ingest.
  await vi.waitFor(() => expect(ingest.aggregatesRequests).toHaveLength(1), { timeout: 60_000 });
  await call(incidents.client, 'updateAlertRule', {
    alertRuleId,
    thresholds: { comparison: ThresholdComparison.ABOVE, critical: 10 },
  });
  ingest.gate = undefined;
  answer();

  // Asked again at once (the rule stayed due), now 5 ≤ 10: nothing to open.
  await vi.waitFor(
    async () => {
      expect(ingest.aggregatesRequests).toHaveLength(2);
      expect(await evaluations('unchanged')).toBe(1);
    },
    { timeout: 60_000 },
  );
  expect(await evaluations('rule_changed')).toBe(1);
  expect(await incidents.count('incident')).toBe(0);
  const [rule] = await incidents.sql<{ lease_token: string | null; later: boolean }>(
    "SELECT lease_token, next_evaluation_at > now() + interval '50 minutes' AS later FROM alert_rule WHERE id = $1",
    [alertRuleId],
  );
  expect(rule).toEqual({ lease_token: null, later: true });
}, 120_000);
