// Behaviour.md §4, worked example 1, end to end against the real ingest
// service: events stored at known instants around every boundary, an
// incident started at 10:00 and closed at 10:05 without a rule (1-minute
// window), the snapshot taken at 11:00, checked bucket by bucket.
import { IncidentStatus, type IncidentSnapshot } from '@vigil/contracts/incidents';
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
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startIncidentsUnderTest, type IncidentsUnderTest } from './support/incidents-under-test.js';
import { startIngestProcess, type IngestProcess } from './support/ingest-process.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
// Two days ago, at midnight UTC: inside ingest's retention, and every instant below is in the past.
const D = Math.floor(Date.now() / (24 * HOUR)) * 24 * HOUR - 2 * 24 * HOUR;
const at = (ms: number) => new Date(D + ms);
const hm = (hours: number, minutes: number, ms = 0) => at(hours * HOUR + minutes * MINUTE + ms);

const PROJECT = '4101';
const OTHER_PROJECT = '4102';

const database = useTestDatabase();
const nats = testNatsNames('incidents-e2e');
let ingestDatabase: TestDatabase;
let ingest: IngestProcess;
let incidents: IncidentsUnderTest;
let checkoutGroup: string;

function event(timestamp: Date, user: string, overrides: Partial<Event> = {}): Event {
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
    user: { id: user, email: '', username: '', ipAddress: '' },
    exception: undefined,
    causes: [],
    ...overrides,
  };
}

beforeAll(async () => {
  ingestDatabase = await createTestDatabase();
  ingest = await startIngestProcess(ingestDatabase.url);
  incidents = await startIncidentsUnderTest({
    databaseUrl: database().url,
    nats,
    ingestAddress: ingest.address,
    now: () => hm(11, 0),
  });

  const counted = [
    event(hm(6, 55), 'u4'), // first graph bucket
    event(hm(8, 0, 30 * SECOND), 'u4'),
    event(hm(9, 58, 59_999), 'u5'), // graph only: just before the totals start
    event(hm(9, 59), 'u2'), // first instant of the totals
    event(hm(10, 2, 10 * SECOND), 'u1'),
    event(hm(10, 2, 40 * SECOND), 'u1'), // the same user twice in one bucket
    event(hm(10, 5, 59_999), 'u3'), // last instant of the totals
    event(hm(10, 6), 'u6'), // graph only: the totals end is exclusive
    event(hm(10, 14, 59_999), 'u7'), // last graph bucket
  ];
  const ignored = [
    event(hm(6, 54, 59_999), 'u8'), // before the graph
    event(hm(10, 15), 'u8'), // the graph end is exclusive
    event(hm(10, 1), 'u8', { projectId: OTHER_PROJECT }), // another project
    event(hm(10, 3), 'u8', { level: Level.WARNING }), // outside the query
    event(hm(10, 4), 'u8', { fingerprint: ['another-issue'] }), // another group
  ];
  const { results } = await callUnary(
    ingest.client,
    'storeEvents',
    { events: [...counted, ...ignored] },
    { timeoutMs: 15_000 },
  );
  expect(results.map((r) => r.rejection)).toEqual(results.map(() => undefined));
  checkoutGroup = results[0]?.groupId ?? '';
}, 300_000);

afterAll(async () => {
  await incidents?.stop();
  await ingest?.stop();
  await ingestDatabase?.drop();
  await deleteTestStream((await getTestInfrastructure()).natsUrl, nats.stream);
});

async function closedIncident(aggregation: Aggregation): Promise<string> {
  const { incident } = await call(incidents.client, 'createIncident', {
    organizationId: '41',
    type: 0,
    title: 'Card declines',
    query: 'level:error',
    aggregation,
    dateStarted: hm(10, 0),
    dateDetected: undefined,
    projectIds: [PROJECT],
    groupIds: [checkoutGroup],
    alertRuleId: undefined,
  });
  const id = incident?.id ?? '';
  await call(incidents.client, 'updateIncidentStatus', {
    incidentId: id,
    status: IncidentStatus.CLOSED,
    method: 0,
    dateClosed: hm(10, 5),
  });
  return id;
}

/** The graph as `HH:MM → value` for its non-empty buckets, after checking it has all 200 in order. */
function nonEmptyBuckets(snapshot: IncidentSnapshot | undefined): Record<string, number> {
  const buckets = snapshot?.buckets ?? [];
  expect(buckets.map((b) => b.start)).toEqual(Array.from({ length: 200 }, (_, i) => hm(6, 55 + i)));
  return Object.fromEntries(
    buckets.filter((b) => b.value !== '0').map((b) => [b.start?.toISOString().slice(11, 16), Number(b.value)]),
  );
}

describe('a snapshot from the real ingest (worked example 1)', () => {
  it('counts events per one-minute bucket over [06:55, 10:15) and totals over [09:59, 10:06)', async () => {
    const { snapshot, created } = await call(incidents.client, 'createIncidentSnapshot', {
      incidentId: await closedIncident(Aggregation.TOTAL),
    });
    expect(created).toBe(true);
    expect(snapshot).toMatchObject({
      graphStart: hm(6, 55),
      graphEnd: hm(10, 15),
      rollupSeconds: 60,
      totalsStart: hm(9, 59),
      totalsEnd: hm(10, 6),
      eventCount: '4',
      uniqueUsers: '3',
    });
    expect(nonEmptyBuckets(snapshot)).toEqual({
      '06:55': 1,
      '08:00': 1,
      '09:58': 1,
      '09:59': 1,
      '10:02': 2,
      '10:05': 1,
      '10:06': 1,
      '10:14': 1,
    });
  });

  it('counts distinct users per bucket for a UNIQUE_USERS incident', async () => {
    const { snapshot } = await call(incidents.client, 'createIncidentSnapshot', {
      incidentId: await closedIncident(Aggregation.UNIQUE_USERS),
    });
    expect(snapshot).toMatchObject({ eventCount: '4', uniqueUsers: '3' });
    expect(nonEmptyBuckets(snapshot)).toEqual({
      '06:55': 1,
      '08:00': 1,
      '09:58': 1,
      '09:59': 1,
      '10:02': 1,
      '10:05': 1,
      '10:06': 1,
      '10:14': 1,
    });
  });

  it('gives the same numbers live over the plain range', async () => {
    const stats = await call(incidents.client, 'getIncidentEventStats', {
      incidentId: await closedIncident(Aggregation.TOTAL),
      windowed: false,
    });
    expect(stats).toMatchObject({
      start: hm(9, 59),
      end: hm(10, 6),
      rollupSeconds: 60,
      eventCount: '4',
      uniqueUsers: '3',
    });
    expect(stats.buckets.map((b) => Number(b.value))).toEqual([1, 0, 0, 2, 0, 0, 1]);
  });
});
