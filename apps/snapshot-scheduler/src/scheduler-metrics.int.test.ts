// The scheduler's Prometheus metrics, scraped over HTTP from the running
// service: pending and due counts and the oldest due age come from the
// table; /readyz reflects the NATS connection.
import type { MikroORM } from '@mikro-orm/postgresql';
import { callUnary } from '@vigil/runtime';
import { deleteTestStream, getTestInfrastructure, testNatsNames, useTestDatabase } from '@vigil/testing';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startFakeIncidents, type FakeIncidents } from '../test/fake-incidents-server.js';
import { insertPendingRows, openTestDatabase } from '../test/scheduler-database.js';
import { startTestScheduler, type TestScheduler } from '../test/test-scheduler.js';

const MINUTE = 60_000;
const database = useTestDatabase();
const names = testNatsNames('scheduler-metrics');
let natsUrl: string;
let fake: FakeIncidents;
let scheduler: TestScheduler;
let orm: MikroORM;

beforeAll(async () => {
  natsUrl = (await getTestInfrastructure()).natsUrl;
  fake = await startFakeIncidents();
  scheduler = await startTestScheduler({
    databaseUrl: database().url,
    natsUrl,
    names,
    incidentsAddress: fake.address,
    env: { DATABASE_POOL_SIZE: '4' },
  });
  orm = await openTestDatabase(database().url);
});

afterAll(async () => {
  await orm?.close();
  await scheduler?.stop();
  await fake?.stop();
  await deleteTestStream(natsUrl, names.stream);
});

const scrape = async (path: string) => fetch(`http://127.0.0.1:${scheduler.metricsPort}${path}`);

function metric(text: string, name: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.split(' ')[1]);
}

test('pending, due and the age of the oldest due snapshot are exported from the table', async () => {
  const now = Date.now();
  await insertPendingRows(orm, [
    { incidentId: '1', targetRunDate: new Date(now - 30 * MINUTE) },
    { incidentId: '2', targetRunDate: new Date(now - 5 * MINUTE) },
    { incidentId: '3', targetRunDate: new Date(now + 60 * MINUTE) },
  ]);
  const text = await (await scrape('/metrics')).text();
  expect(metric(text, 'vigil_scheduler_pending_snapshots')).toBe(3);
  expect(metric(text, 'vigil_scheduler_due_snapshots')).toBe(2);
  const age = metric(text, 'vigil_scheduler_oldest_due_age_seconds') ?? 0;
  expect(age).toBeGreaterThanOrEqual(30 * 60);
  expect(age).toBeLessThan(31 * 60);
  expect(metric(text, 'vigil_scheduler_status_event_redeliveries_total')).toBe(0);
});

test('snapshot outcomes are counted by result, failures by ErrorInfo reason (else status code); the NATS state and the build are exported', async () => {
  const now = Date.now();
  await insertPendingRows(orm, [
    { incidentId: '10', targetRunDate: new Date(now - MINUTE) },
    { incidentId: '11', targetRunDate: new Date(now - MINUTE) },
    { incidentId: '12', targetRunDate: new Date(now - MINUTE) },
    { incidentId: '13', targetRunDate: new Date(now - MINUTE) },
  ]);
  fake.addExistingSnapshot('11');
  fake.setState('12', 'not_closed');
  fake.setState('13', 'unavailable');
  await callUnary(scheduler.client, 'processDueSnapshots', {}, { timeoutMs: 30_000 });
  const text = await (await scrape('/metrics')).text();
  const outcome = (result: string, reason = '') =>
    metric(text, `vigil_scheduler_snapshot_outcomes_total{result="${result}",reason="${reason}"}`);
  expect(outcome('created')).toBeGreaterThanOrEqual(1);
  expect(outcome('already_existed')).toBe(1);
  expect(outcome('removed_not_closed')).toBe(1);
  expect(outcome('failed', 'INGEST_UNAVAILABLE')).toBe(1);
  expect(metric(text, 'vigil_nats_connection_state{state="connected"}')).toBe(1);
  expect(metric(text, 'vigil_nats_connection_state{state="reconnecting"}')).toBe(0);
  expect(text).toMatch(/^vigil_build_info\{version="[^"]+",commit="[^"]+"\} 1$/m);
});

test("the database pool and the status-event consumer's lag are exported", async () => {
  const pool = (labels: string) => metric(text, `vigil_database_pool_${labels}`);
  const lag = (name: string) =>
    metric(text, `vigil_scheduler_consumer_${name}{stream="${names.stream}",consumer="${names.durable}"}`);
  // The consumer is set up in the background once NATS is connected.
  let text = await (await scrape('/metrics')).text();
  for (let attempt = 0; attempt < 200 && lag('pending') === undefined; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    text = await (await scrape('/metrics')).text();
  }
  // Nothing was published to this file's stream: the consumer has nothing waiting or unacknowledged.
  expect([lag('pending'), lag('ack_pending')]).toEqual([0, 0]);
  expect(pool('max_connections{pool="main"}')).toBe(4);
  expect(pool('waiting{pool="main"}')).toBe(0);
  const inUse = pool('connections{pool="main",state="in_use"}') ?? -1;
  const idle = pool('connections{pool="main",state="idle"}') ?? -1;
  // This scrape's own read of the pending table may hold a connection.
  expect(inUse).toBeGreaterThanOrEqual(0);
  expect(idle).toBeGreaterThanOrEqual(0);
  expect(inUse + idle).toBeGreaterThan(0);
  expect(inUse + idle).toBeLessThanOrEqual(4);
});

test('health and readiness answer beside the metrics', async () => {
  expect((await scrape('/healthz')).status).toBe(200);
  expect((await scrape('/readyz')).status).toBe(200);
});
