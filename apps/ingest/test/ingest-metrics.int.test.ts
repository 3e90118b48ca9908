// Ingest's own metrics on /metrics from the running service: the database
// pool, and what a real retention run dropped (a replica started with a
// shorter retention drops the old day at once).
import { useTestDatabase } from '@vigil/testing';
import { Aggregation } from '@vigil/contracts/ingest';
import { afterAll, expect, test } from 'vitest';
import { INGEST_TEMPLATE, startTestIngest, type TestIngest } from './ingest-harness.js';
import { at, DAY, eventIdOf, T0, testEvent } from './test-events.js';

const database = useTestDatabase({ template: INGEST_TEMPLATE });
const running: TestIngest[] = [];
afterAll(async () => {
  for (const ingest of running) await ingest.stop();
});

async function scrape(ingest: TestIngest): Promise<(series: string) => number | undefined> {
  const text = await (await fetch(`http://127.0.0.1:${ingest.metricsPort}/metrics`)).text();
  return (series) => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line === undefined ? undefined : Number(line.slice(series.length + 1));
  };
}

test('retention results and the database pool are exported with the values of a real run', async () => {
  // Three events on T0's day (2021-01-01), stored while retention keeps a century.
  const keeping = await startTestIngest(database().url);
  const events = [1, 2, 3].map((n) => testEvent({ projectId: '7', eventId: eventIdOf(n), timestamp: at(T0 + n) }));
  await keeping.api.storeEvents(events);
  await keeping.stop();

  // 1,000 days of retention: T0's day is older, and the run at start drops it.
  const startedAt = Date.now() / 1000;
  const ingest = await startTestIngest(database().url, { RETENTION_DAYS: '1000', DATABASE_POOL_SIZE: '3' });
  running.push(ingest);
  // The gauges read 0 until the first run has finished.
  let value = await scrape(ingest);
  for (let attempt = 0; attempt < 300 && !value('vigil_ingest_retention_last_run_timestamp_seconds'); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await scrape(ingest);
  }
  expect(value('vigil_ingest_retention_days_dropped_total')).toBe(1);
  expect(value('vigil_ingest_retention_events_dropped_total')).toBe(3);
  expect(value('vigil_ingest_retention_last_run_timestamp_seconds')).toBeGreaterThanOrEqual(Math.floor(startedAt));
  expect(value('vigil_ingest_retention_last_run_duration_seconds')).toBeGreaterThan(0);
  // The oldest day kept is the start of a UTC day, 1,000 days back (give or take the run's own day).
  const oldestKept = value('vigil_ingest_retention_oldest_day_kept_seconds') ?? 0;
  expect(oldestKept % 86_400).toBe(0);
  expect(Math.abs(oldestKept - (startedAt - 1000 * 86_400))).toBeLessThanOrEqual(2 * 86_400);
  expect(oldestKept).toBeGreaterThan((T0 + DAY) / 1000);

  const pool = (state: string) => value(`vigil_database_pool_connections{pool="main",state="${state}"}`);
  expect(value('vigil_database_pool_max_connections{pool="main"}')).toBe(3);
  expect(value('vigil_database_pool_waiting{pool="main"}')).toBe(0);
  // The service has opened connections (migration check, partitions, retention) and holds none between calls.
  expect(pool('in_use')).toBe(0);
  expect(pool('idle')).toBeGreaterThan(0);
  expect(pool('idle')).toBeLessThanOrEqual(3);
});

test('statistics admissions are counted by what the statistic costs: counters or events', async () => {
  const ingest = await startTestIngest(database().url);
  running.push(ingest);
  const range = { projectIds: ['8'], start: at(T0), end: at(T0 + DAY) };
  // Whole hours of totals: the counters answer. Distinct users: the events do.
  await ingest.api.getEventStats({ ...range, rollupSeconds: 3600, aggregation: Aggregation.TOTAL });
  await ingest.api.getEventStats({ ...range, rollupSeconds: 3600, aggregation: Aggregation.UNIQUE_USERS });
  await ingest.api.getEventAggregates(range);
  const value = await scrape(ingest);
  const admissions = (cost: string, decision: string) =>
    value(`vigil_ingest_statistics_admissions_total{cost="${cost}",decision="${decision}"}`);
  expect(admissions('counters', 'admitted')).toBe(1);
  expect(admissions('events', 'admitted')).toBe(2);
  expect(admissions('events', 'refused') ?? 0).toBe(0);
});
