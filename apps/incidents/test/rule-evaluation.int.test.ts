// Alert rules firing by themselves against the real ingest service: events
// stored at known instants, the incidents service's clock moved by the test,
// and the evaluator (on its own schedule) opening, escalating, de-escalating
// and closing the rule's incident through the ordinary status change.
import { IncidentStatus, IncidentType, StatusMethod, ThresholdComparison } from '@vigil/contracts/incidents';
import { Aggregation, Level, type Event } from '@vigil/contracts/ingest';
import { status } from '@grpc/grpc-js';
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
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { call, failure, startIncidentsUnderTest, type IncidentsUnderTest } from './support/incidents-under-test.js';
import { startIngestProcess, type IngestProcess } from './support/ingest-process.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
// Two hours ago on a whole minute: inside ingest's retention, and every instant below is in the past.
const B = Math.floor(Date.now() / MINUTE) * MINUTE - 2 * HOUR;
const at = (ms: number) => new Date(B + ms);
const WAIT = { timeout: 60_000, interval: 100 };

const database = useTestDatabase();
const nats = testNatsNames('incidents-rule-evaluation');
let ingestDatabase: TestDatabase;
let ingest: IngestProcess;
let incidents: IncidentsUnderTest;
/** The incidents service's clock, which the tests move. */
let clock = B;

function event(projectId: string, timestamp: Date, user = 'u1'): Event {
  return {
    eventId: randomUUID(),
    projectId,
    timestamp,
    level: Level.ERROR,
    platform: 'node',
    message: 'card declined',
    culprit: 'checkout',
    environment: 'production',
    release: '1.0.0',
    fingerprint: ['checkout'],
    tags: {},
    user: { id: user, email: '', username: '', ipAddress: '' },
    exception: undefined,
    causes: [],
  };
}

async function store(events: Event[]): Promise<void> {
  const { results } = await callUnary(ingest.client, 'storeEvents', { events }, { timeoutMs: 15_000 });
  expect(results.map((r) => r.rejection)).toEqual(results.map(() => undefined));
}

async function createRule(projectId: string, thresholds: { critical: number; warning?: number; resolve?: number }) {
  const { alertRule } = await call(incidents.client, 'createAlertRule', {
    organizationId: '15',
    projectIds: [projectId],
    name: `Checkout errors in ${projectId}`,
    query: 'level:error',
    aggregation: Aggregation.TOTAL,
    timeWindowMinutes: 5,
    thresholds: { comparison: ThresholdComparison.ABOVE, ...thresholds },
  });
  return alertRule?.id ?? '';
}

interface RuleIncident {
  id: string;
  status: string;
  type: string;
  date_started: Date;
  date_closed: Date | null;
}

const ruleIncidents = (ruleId: string) =>
  incidents.sql<RuleIncident>(
    'SELECT id::text, status, type, date_started, date_closed FROM incident WHERE alert_rule_id = $1 ORDER BY id',
    [ruleId],
  );

/** The rule's incidents' statuses once they are `expected` (the evaluator runs on its own schedule). */
async function untilStatuses(ruleId: string, expected: string[]): Promise<RuleIncident[]> {
  return vi.waitFor(async () => {
    const rows = await ruleIncidents(ruleId);
    expect(rows.map((row) => row.status)).toEqual(expected);
    return rows;
  }, WAIT);
}

async function metric(name: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${incidents.service.metricsPort}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(name));
  return line === undefined ? 0 : Number(line.split(' ').at(-1));
}

beforeAll(async () => {
  ingestDatabase = await createTestDatabase();
  ingest = await startIngestProcess(ingestDatabase.url);
  incidents = await startIncidentsUnderTest({
    databaseUrl: database().url,
    nats,
    ingestAddress: ingest.address,
    now: () => new Date(clock),
    env: { RULE_EVALUATION_INTERVAL_MS: '1m', RULE_EVALUATION_POLL_INTERVAL_MS: '50' },
  });
}, 300_000);

afterAll(async () => {
  await incidents?.stop();
  await ingest?.stop();
  await ingestDatabase?.drop();
  await deleteTestStream((await getTestInfrastructure()).natsUrl, nats.stream);
});

describe('a rule with thresholds', () => {
  it('opens, escalates, de-escalates and closes its incident by itself, each change once', async () => {
    const project = '1501';
    await store([1, 2, 3].map((i) => event(project, at(MINUTE + i * SECOND))));
    clock = B + 2 * MINUTE;
    const ruleId = await createRule(project, { warning: 2, critical: 5 });

    // Due at once: 3 events in [B − 3 min, B + 2 min) cross warning (2), not critical (5).
    const [opened] = await untilStatuses(ruleId, ['WARNING']);
    expect(opened).toMatchObject({ type: 'ALERT_TRIGGERED', date_started: at(-3 * MINUTE), date_closed: null });
    const incidentId = opened?.id ?? '';

    // A burst: 7 events in the next slot's window.
    await store([1, 2, 3, 4].map((i) => event(project, at(2 * MINUTE + 30 * SECOND + i * SECOND))));
    clock = B + 3 * MINUTE;
    await untilStatuses(ruleId, ['CRITICAL']);

    // The first three leave the window: 4 events, warning again.
    clock = B + 6 * MINUTE + 10 * SECOND;
    await untilStatuses(ruleId, ['WARNING']);

    // Nothing left in the window: at or under the resolve threshold (warning, by default).
    clock = B + 8 * MINUTE;
    const [closed] = await untilStatuses(ruleId, ['CLOSED']);
    expect(closed?.date_closed).toEqual(at(8 * MINUTE));

    const { activities } = await call(incidents.client, 'listIncidentActivity', {
      incidentId,
      pageSize: 0,
      pageToken: '',
    });
    expect(activities.map((a) => [a.previousStatus, a.newStatus, a.method])).toEqual([
      [IncidentStatus.OPEN, IncidentStatus.WARNING, StatusMethod.RULE_TRIGGERED],
      [IncidentStatus.WARNING, IncidentStatus.CRITICAL, StatusMethod.RULE_TRIGGERED],
      [IncidentStatus.CRITICAL, IncidentStatus.WARNING, StatusMethod.RULE_TRIGGERED],
      [IncidentStatus.WARNING, IncidentStatus.CLOSED, StatusMethod.RULE_TRIGGERED],
    ]);
    expect(activities[1]?.comment).toBe(
      `7 events over [${at(-2 * MINUTE).toISOString()}, ${at(3 * MINUTE).toISOString()})`,
    );
    // Every change is announced through the outbox, as a manual one is.
    expect(await incidents.count('outbox_message', `subject LIKE '%.' || $1`, [incidentId])).toBe(4);
    const { incident } = await call(incidents.client, 'getIncident', { incidentId });
    expect(incident).toMatchObject({
      type: IncidentType.ALERT_TRIGGERED,
      alertRuleId: ruleId,
      title: `Checkout errors in ${project}`,
    });

    // A new burst opens a new incident; the closed one cannot be reopened beside it.
    await store([1, 2, 3].map((i) => event(project, at(8 * MINUTE + 10 * SECOND + i * SECOND))));
    clock = B + 9 * MINUTE;
    await untilStatuses(ruleId, ['CLOSED', 'WARNING']);
    expect(
      await failure(
        call(incidents.client, 'updateIncidentStatus', { incidentId, status: IncidentStatus.OPEN, method: 0 }),
      ),
    ).toEqual({
      code: status.FAILED_PRECONDITION,
      details: `incident ${incidentId} cannot leave CLOSED: its alert rule already has another active incident`,
    });
  });

  it('is not evaluated while disabled', async () => {
    const project = '1502';
    await store([1, 2, 3].map((i) => event(project, at(9 * MINUTE + i * SECOND))));
    // At B + 9 min the events are still ahead of the window: whatever its first evaluation does, it opens nothing.
    const ruleId = await createRule(project, { critical: 1 });
    await call(incidents.client, 'updateAlertRule', { alertRuleId: ruleId, enabled: false });
    clock = B + 10 * MINUTE;
    // Another rule over the same events proves an evaluation round has run.
    const witness = await createRule(project, { critical: 1 });
    await untilStatuses(witness, ['CRITICAL']);
    expect(await ruleIncidents(ruleId)).toEqual([]);
  });

  it('skips and counts its evaluation while ingest is down, never closing on a value it could not read', async () => {
    const project = '1503';
    await store([1, 2].map((i) => event(project, at(10 * MINUTE + i * SECOND))));
    clock = B + 11 * MINUTE;
    const ruleId = await createRule(project, { critical: 1 });
    await untilStatuses(ruleId, ['CRITICAL']);

    const skippedBefore = await metric('vigil_incidents_rule_evaluations_skipped_total{reason="ingest_unavailable"}');
    await ingest.stop();
    // Past the window: had the failure been read as 0 events, the incident would close.
    clock = B + 20 * MINUTE;
    await vi.waitFor(
      async () =>
        expect(
          await metric('vigil_incidents_rule_evaluations_skipped_total{reason="ingest_unavailable"}'),
        ).toBeGreaterThan(skippedBefore),
      WAIT,
    );
    clock = B + 21 * MINUTE;
    await vi.waitFor(
      async () =>
        expect(
          await metric('vigil_incidents_rule_evaluations_skipped_total{reason="ingest_unavailable"}'),
        ).toBeGreaterThan(skippedBefore + 1),
      WAIT,
    );
    expect((await ruleIncidents(ruleId)).map((row) => row.status)).toEqual(['CRITICAL']);
  });
});
