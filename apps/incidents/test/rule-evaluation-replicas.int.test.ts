// Three incidents replicas evaluating the same 300 rules against the real
// ingest, with leases short enough that replicas take rules over from each
// other mid-evaluation: every rule still opens exactly one incident, and
// every transition is applied (and announced) exactly once.
import { ThresholdComparison } from '@vigil/contracts/incidents';
import { Aggregation, Level, type Event } from '@vigil/contracts/ingest';
import { callUnary } from '@vigil/runtime';
import {
  createTestDatabase,
  deleteTestStream,
  getTestInfrastructure,
  testNatsNames,
  useTestDatabase,
  type TestDatabase,
} from '@vigil/testing';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { call, startIncidentsUnderTest, type IncidentsUnderTest } from './support/incidents-under-test.js';
import { startIngestProcess, type IngestProcess } from './support/ingest-process.js';

const RULES = 300;
const PROJECT = '1510';
const WAIT = { timeout: 240_000, interval: 200 };

const database = useTestDatabase();
const nats = testNatsNames('incidents-rule-replicas');
let ingestDatabase: TestDatabase;
let ingest: IngestProcess;
let replicas: IncidentsUnderTest[] = [];

function event(timestamp: Date): Event {
  return {
    eventId: randomUUID(),
    projectId: PROJECT,
    timestamp,
    level: Level.ERROR,
    platform: 'node',
    message: 'card declined',
    culprit: 'checkout',
    environment: 'production',
    release: '1.0.0',
    fingerprint: ['checkout'],
    tags: {},
    user: { id: 'u1', email: '', username: '', ipAddress: '' },
    exception: undefined,
    causes: [],
  };
}

async function evaluations(result: string): Promise<number> {
  let sum = 0;
  for (const replica of replicas) {
    const text = await (await fetch(`http://127.0.0.1:${replica.service.metricsPort}/metrics`)).text();
    const line = text
      .split('\n')
      .find((l) => l.startsWith(`vigil_incidents_rule_evaluations_total{result="${result}"}`));
    sum += line === undefined ? 0 : Number(line.split(' ').at(-1));
  }
  return sum;
}

/** `work` on every item, ten at a time; the results in order. */
async function inBatches<T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += 10) results.push(...(await Promise.all(items.slice(i, i + 10).map(work))));
  return results;
}

/** Resolves once every rule has been evaluated (or skipped) at least `slots` more times. */
async function untilEveryRuleMovedOn(slots: number): Promise<void> {
  const db = replicas[0] as IncidentsUnderTest;
  const [{ due } = { due: new Date() }] = await db.sql<{ due: Date }>(
    'SELECT max(next_evaluation_at) AS due FROM alert_rule',
  );
  await vi.waitFor(async () => {
    const [row] = await db.sql<{ behind: string }>(
      `SELECT count(*) AS behind FROM alert_rule WHERE next_evaluation_at < $1::timestamptz + $2 * interval '1 second'`,
      [due, slots - 1],
    );
    expect(Number(row?.behind)).toBe(0);
  }, WAIT);
}

beforeAll(async () => {
  ingestDatabase = await createTestDatabase();
  ingest = await startIngestProcess(ingestDatabase.url);
  const { results } = await callUnary(
    ingest.client,
    'storeEvents',
    { events: [event(new Date(Date.now() - 30_000)), event(new Date(Date.now() - 20_000))] },
    { timeoutMs: 15_000 },
  );
  expect(results.map((r) => r.rejection)).toEqual([undefined, undefined]);
  for (let i = 0; i < 3; i += 1) {
    replicas.push(
      await startIncidentsUnderTest({
        databaseUrl: database().url,
        nats,
        ingestAddress: ingest.address,
        env: {
          RULE_EVALUATION_INTERVAL_MS: '1s',
          RULE_EVALUATION_POLL_INTERVAL_MS: '20',
          RULE_EVALUATION_BATCH_SIZE: '7',
          RULE_EVALUATION_CONCURRENCY: '4',
          // Short: on a loaded machine some leases run out mid-evaluation and another replica takes the rule.
          RULE_EVALUATION_LEASE_MS: '250',
        },
      }),
    );
  }
}, 300_000);

afterAll(async () => {
  await Promise.all(replicas.map((replica) => replica.stop()));
  replicas = [];
  await ingest?.stop();
  await ingestDatabase?.drop();
  await deleteTestStream((await getTestInfrastructure()).natsUrl, nats.stream);
});

it('three replicas over 300 rules open, and close, exactly one incident per rule', async () => {
  const [first] = replicas as [IncidentsUnderTest];
  const ruleIds = await inBatches(
    Array.from({ length: RULES }, (_, i) => i),
    async (i) => {
      const { alertRule } = await call(first.client, 'createAlertRule', {
        organizationId: String(1 + (i % 3)),
        projectIds: [PROJECT],
        name: `rule ${i}`,
        query: '',
        aggregation: i % 2 === 0 ? Aggregation.TOTAL : Aggregation.UNIQUE_USERS,
        timeWindowMinutes: 5,
        thresholds: { comparison: ThresholdComparison.ABOVE, critical: 0 },
      });
      return alertRule?.id ?? '';
    },
  );
  await vi.waitFor(
    async () => expect(await first.count('incident', `status = 'CRITICAL' AND opened_by_rule`)).toBe(RULES),
    WAIT,
  );
  // Keep evaluating: a rule still above its threshold must not open a second incident.
  await untilEveryRuleMovedOn(3);

  // Every rule now resolves: its value (2 events, 1 user) is at or under the new thresholds.
  await inBatches(ruleIds, (alertRuleId) =>
    call(first.client, 'updateAlertRule', {
      alertRuleId,
      thresholds: { comparison: ThresholdComparison.ABOVE, critical: 1_000, warning: 100 },
    }),
  );
  await vi.waitFor(async () => expect(await first.count('incident', `status = 'CLOSED'`)).toBe(RULES), WAIT);
  await untilEveryRuleMovedOn(3);

  const perRule = await first.sql<{ incidents: string; activities: string; messages: string }>(
    `SELECT count(DISTINCT i.id) AS incidents,
            (SELECT count(*) FROM incident_activity a JOIN incident j ON j.id = a.incident_id WHERE j.alert_rule_id = r.id) AS activities,
            (SELECT count(*) FROM outbox_message m JOIN incident j ON m.subject LIKE '%.' || j.id WHERE j.alert_rule_id = r.id) AS messages
       FROM alert_rule r LEFT JOIN incident i ON i.alert_rule_id = r.id GROUP BY r.id`,
  );
  expect(perRule).toHaveLength(RULES);
  expect(new Set(perRule.map((row) => `${row.incidents}/${row.activities}/${row.messages}`))).toEqual(
    new Set(['1/2/2']),
  );
  expect(await first.count('incident', 'version = 3')).toBe(RULES);
  // The replicas' own counts agree: 300 opened and 300 resolved among them, not one more.
  expect([await evaluations('opened'), await evaluations('resolved')]).toEqual([RULES, RULES]);
}, 600_000);

it("a crashed replica's rule is evaluated once its lease runs out, not before", async () => {
  const [first] = replicas as [IncidentsUnderTest];
  const { alertRule } = await call(first.client, 'createAlertRule', {
    organizationId: '9',
    projectIds: [PROJECT],
    name: 'held by a crashed replica',
    query: '',
    aggregation: Aggregation.TOTAL,
    timeWindowMinutes: 5,
    thresholds: { comparison: ThresholdComparison.ABOVE, critical: 0 },
    enabled: false,
  });
  const ruleId = alertRule?.id ?? '';
  // What a replica leaves behind when it dies between claiming and settling.
  const leaseExpiresAt = new Date(Date.now() + 3_000);
  await first.sql('UPDATE alert_rule SET enabled = true, lease_token = $1, lease_expires_at = $2 WHERE id = $3', [
    randomUUID(),
    leaseExpiresAt,
    ruleId,
  ]);
  const [opened] = await vi.waitFor(async () => {
    const rows = await first.sql<{ date_detected: Date }>(
      'SELECT date_detected FROM incident WHERE alert_rule_id = $1',
      [ruleId],
    );
    expect(rows).toHaveLength(1);
    return rows;
  }, WAIT);
  expect(opened?.date_detected.getTime()).toBeGreaterThanOrEqual(leaseExpiresAt.getTime());
}, 300_000);
