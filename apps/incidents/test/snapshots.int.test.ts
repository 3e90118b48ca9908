import { status, type ServiceError } from '@grpc/grpc-js';
import { ErrorInfo, Status } from '@vigil/contracts/rpc';
import { IncidentStatus, type CreateIncidentRequest, type IncidentSnapshot } from '@vigil/contracts/incidents';
import { Aggregation } from '@vigil/contracts/ingest';
import { deleteTestStream, getTestInfrastructure, testNatsNames, useTestDatabase } from '@vigil/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startFakeIngest, type FakeIngest } from './support/fake-ingest.js';
import { call, failure, startIncidentsUnderTest, type IncidentsUnderTest } from './support/incidents-under-test.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = Date.UTC(2021, 0, 1);
const at = (ms: number) => new Date(T0 + ms);
const GROUP = 'b'.repeat(32);

const database = useTestDatabase();
const nats = testNatsNames('incidents-snapshots');
let ingest: FakeIngest;
let incidents: IncidentsUnderTest;
let now = at(11 * HOUR);

beforeAll(async () => {
  ingest = await startFakeIngest();
  incidents = await startIncidentsUnderTest({
    databaseUrl: database().url,
    nats,
    ingestAddress: ingest.address,
    now: () => now,
    env: { INGEST_DEADLINE_MS: '500' },
  });
});
afterAll(async () => {
  await incidents?.stop();
  await ingest?.stop();
  await deleteTestStream((await getTestInfrastructure()).natsUrl, nats.stream);
});
beforeEach(() => {
  now = at(11 * HOUR);
  ingest.statsRequests.length = 0;
  ingest.aggregatesRequests.length = 0;
  ingest.failWith = undefined;
  ingest.gate = undefined;
  ingest.bucketValue = (start) => ((start.getTime() - T0) / MINUTE) % 7;
  ingest.totals = { eventCount: 7, uniqueUsers: 3 };
});

async function incident(
  request: Partial<CreateIncidentRequest> = {},
  closedAt: Date | null = at(10 * HOUR + 5 * MINUTE),
) {
  const { incident: created } = await call(incidents.client, 'createIncident', {
    organizationId: '3',
    type: 0,
    title: 'Payment failures',
    query: 'level:error environment:production',
    aggregation: Aggregation.UNIQUE_USERS,
    dateStarted: at(10 * HOUR),
    dateDetected: undefined,
    projectIds: ['21', '22'],
    groupIds: [GROUP],
    alertRuleId: undefined,
    ...request,
  });
  const id = created?.id ?? '';
  if (closedAt)
    await call(incidents.client, 'updateIncidentStatus', {
      incidentId: id,
      status: IncidentStatus.CLOSED,
      method: 0,
      dateClosed: closedAt,
    });
  return id;
}

const snapshot = (incidentId: string) => call(incidents.client, 'createIncidentSnapshot', { incidentId });

/** The failed call's code and the ErrorInfo reason of its grpc-status-details-bin (what callers branch on). */
async function reasonOf(pending: Promise<unknown>): Promise<{ code: status | undefined; reason: string | undefined }> {
  const error = await pending.then(
    () => undefined,
    (e: unknown) => e as ServiceError,
  );
  const [raw] = error?.metadata.get('grpc-status-details-bin') ?? [];
  const info = raw && Status.decode(raw as Buffer).details.find((d) => d.typeUrl.endsWith('/google.rpc.ErrorInfo'));
  return { code: error?.code, reason: info && ErrorInfo.decode(info.value).reason };
}

describe('CreateIncidentSnapshot', () => {
  it('asks ingest for the graph and the totals of worked example 1, and stores what it answered', async () => {
    const id = await incident();
    const { snapshot: made, created } = await snapshot(id);

    const filter = { projectIds: ['21', '22'], groupIds: [GROUP], query: 'level:error environment:production' };
    expect(ingest.statsRequests).toEqual([
      {
        ...filter,
        aggregation: Aggregation.UNIQUE_USERS,
        start: at(6 * HOUR + 55 * MINUTE),
        end: at(10 * HOUR + 15 * MINUTE),
        rollupSeconds: 60,
      },
    ]);
    expect(ingest.aggregatesRequests).toEqual([
      { ...filter, start: at(9 * HOUR + 59 * MINUTE), end: at(10 * HOUR + 6 * MINUTE) },
    ]);

    expect(created).toBe(true);
    expect(made).toMatchObject({
      incidentId: id,
      eventCount: '7',
      uniqueUsers: '3',
      rollupSeconds: 60,
      graphStart: at(6 * HOUR + 55 * MINUTE),
      graphEnd: at(10 * HOUR + 15 * MINUTE),
      totalsStart: at(9 * HOUR + 59 * MINUTE),
      totalsEnd: at(10 * HOUR + 6 * MINUTE),
      createdAt: now,
    });
    expect(made?.buckets).toHaveLength(200);
    expect(made?.buckets[0]).toEqual({ start: at(6 * HOUR + 55 * MINUTE), value: String((6 * 60 + 55) % 7) });
    expect(made?.buckets[199]).toEqual({ start: at(10 * HOUR + 14 * MINUTE), value: String((10 * 60 + 14) % 7) });
    expect((await call(incidents.client, 'getIncidentSnapshot', { incidentId: id })).snapshot).toEqual(made);
  });

  it('graphs a rule’s window as the rollup (worked example 3)', async () => {
    const { alertRule } = await call(incidents.client, 'createAlertRule', {
      organizationId: '3',
      projectIds: ['21'],
      name: 'five minutes',
      query: '',
      aggregation: Aggregation.TOTAL,
      timeWindowMinutes: 5,
    });
    now = at(24 * HOUR + 13 * HOUR);
    const id = await incident({ alertRuleId: alertRule?.id, dateStarted: at(24 * HOUR) }, at(24 * HOUR + 12 * HOUR));
    const { snapshot: made } = await snapshot(id);
    expect(made).toMatchObject({
      rollupSeconds: 300,
      graphStart: at(15 * HOUR + 35 * MINUTE),
      graphEnd: at(24 * HOUR + 8 * HOUR + 15 * MINUTE),
    });
    expect(made?.buckets).toHaveLength(200);
  });

  it('returns the existing snapshot, not newly made, without asking ingest again', async () => {
    const id = await incident();
    const first = await snapshot(id);
    now = at(12 * HOUR);
    const requestsBefore = ingest.statsRequests.length;
    expect(await snapshot(id)).toEqual({ snapshot: first.snapshot, created: false });
    expect(ingest.statsRequests).toHaveLength(requestsBefore);
  });

  it('makes exactly one snapshot when many ask at once', async () => {
    const id = await incident();
    const results = await Promise.all(Array.from({ length: 6 }, () => snapshot(id)));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const made = results.find((r) => r.created)?.snapshot as IncidentSnapshot;
    expect(results.every((r) => JSON.stringify(r.snapshot) === JSON.stringify(made))).toBe(true);
    expect(await incidents.count('incident_snapshot', 'incident_id = $1', [id])).toBe(1);
  });

  it('is FAILED_PRECONDITION for an incident that is not closed, and NOT_FOUND for an unknown one', async () => {
    const id = await incident({}, null);
    expect(await failure(snapshot(id))).toEqual({
      code: status.FAILED_PRECONDITION,
      details: `incident ${id} is OPEN, not CLOSED`,
    });
    expect(await failure(snapshot('99999999'))).toEqual({
      code: status.NOT_FOUND,
      details: 'incident 99999999 not found',
    });
    expect(await reasonOf(snapshot(id))).toEqual({ code: status.FAILED_PRECONDITION, reason: 'INCIDENT_NOT_CLOSED' });
    expect(await reasonOf(snapshot('99999999'))).toEqual({ code: status.NOT_FOUND, reason: 'INCIDENT_NOT_FOUND' });
    expect(ingest.statsRequests).toHaveLength(0);
    expect(await incidents.count('incident_snapshot', 'incident_id = $1', [id])).toBe(0);
  });

  it.each([
    ['answers UNAVAILABLE', status.UNAVAILABLE],
    ['misses the deadline', 'hang' as const],
  ])('is UNAVAILABLE and stores nothing when ingest %s', async (_, failWith) => {
    const id = await incident();
    ingest.failWith = failWith;
    const { code, details } = await failure(snapshot(id));
    expect(code).toBe(status.UNAVAILABLE);
    expect(details).toMatch(/^ingest is unavailable \((UNAVAILABLE|DEADLINE_EXCEEDED)\)/);
    expect(await incidents.count('incident_snapshot', 'incident_id = $1', [id])).toBe(0);

    ingest.failWith = undefined;
    expect((await snapshot(id)).created).toBe(true);
  });

  it('is FAILED_PRECONDITION when ingest refuses the incident’s request', async () => {
    const id = await incident();
    ingest.failWith = status.INVALID_ARGUMENT;
    // Not INCIDENT_NOT_CLOSED: the scheduler keeps its pending row for this one.
    expect(await reasonOf(snapshot(id))).toEqual({ code: status.FAILED_PRECONDITION, reason: 'STATISTICS_REFUSED' });
  });

  it('relays ingest’s INTERNAL as INTERNAL (STATISTICS_FAILED), never as UNAVAILABLE, storing nothing', async () => {
    const id = await incident();
    ingest.failWith = status.INTERNAL;
    expect(await reasonOf(snapshot(id))).toEqual({ code: status.INTERNAL, reason: 'STATISTICS_FAILED' });
    expect(await incidents.count('incident_snapshot', 'incident_id = $1', [id])).toBe(0);
  });

  it('stores nothing when the incident is reopened while ingest is asked', async () => {
    const id = await incident();
    let release = () => undefined as void;
    ingest.gate = new Promise<void>((resolve) => (release = resolve));
    const making = failure(snapshot(id));
    await vi.waitFor(() => expect(ingest.statsRequests).toHaveLength(1));
    await call(incidents.client, 'updateIncidentStatus', { incidentId: id, status: IncidentStatus.OPEN, method: 0 });
    release();
    expect(await making).toEqual({ code: status.FAILED_PRECONDITION, details: `incident ${id} is OPEN, not CLOSED` });
    expect(await incidents.count('incident_snapshot', 'incident_id = $1', [id])).toBe(0);
  });

  it('starts over from the new close when the incident is reopened and closed while ingest is asked', async () => {
    const id = await incident();
    let release = () => undefined as void;
    ingest.gate = new Promise<void>((resolve) => (release = resolve));
    const making = snapshot(id);
    await vi.waitFor(() => expect(ingest.statsRequests).toHaveLength(1));
    ingest.gate = undefined;
    await call(incidents.client, 'updateIncidentStatus', { incidentId: id, status: IncidentStatus.OPEN, method: 0 });
    await call(incidents.client, 'updateIncidentStatus', {
      incidentId: id,
      status: IncidentStatus.CLOSED,
      method: 0,
      dateClosed: at(10 * HOUR + 20 * MINUTE),
    });
    release();
    const { snapshot: made, created } = await making;
    expect(created).toBe(true);
    expect(made).toMatchObject({ totalsEnd: at(10 * HOUR + 21 * MINUTE), graphEnd: at(10 * HOUR + 30 * MINUTE) });
    expect(ingest.statsRequests).toHaveLength(2);
  });

  it('is made again from the new close after a reopen', async () => {
    const id = await incident();
    await snapshot(id);
    await call(incidents.client, 'updateIncidentStatus', { incidentId: id, status: IncidentStatus.OPEN, method: 0 });
    expect((await failure(call(incidents.client, 'getIncidentSnapshot', { incidentId: id }))).code).toBe(
      status.NOT_FOUND,
    );
    expect((await failure(snapshot(id))).code).toBe(status.FAILED_PRECONDITION);

    await call(incidents.client, 'updateIncidentStatus', {
      incidentId: id,
      status: IncidentStatus.CLOSED,
      method: 0,
      dateClosed: at(10 * HOUR + 30 * MINUTE),
    });
    const { snapshot: remade, created } = await snapshot(id);
    expect(created).toBe(true);
    expect(remade).toMatchObject({ totalsEnd: at(10 * HOUR + 31 * MINUTE), graphEnd: at(10 * HOUR + 40 * MINUTE) });
  });
});

describe('GetIncidentEventStats', () => {
  const stats = (incidentId: string, choice: { windowed?: boolean; start?: Date; end?: Date } = {}) =>
    call(incidents.client, 'getIncidentEventStats', { incidentId, windowed: false, ...choice });

  it('counts an open incident from a window before its start to a window after now', async () => {
    now = at(12 * HOUR);
    const id = await incident({}, null);
    const result = await stats(id);
    expect(result).toMatchObject({
      start: at(9 * HOUR + 59 * MINUTE),
      end: at(12 * HOUR + MINUTE),
      rollupSeconds: 60,
      eventCount: '7',
      uniqueUsers: '3',
    });
    expect(result.buckets).toHaveLength(122);
    expect(ingest.aggregatesRequests.at(-1)).toMatchObject({
      start: at(9 * HOUR + 59 * MINUTE),
      end: at(12 * HOUR + MINUTE),
    });
  });

  it('takes a given start and end, or the windowed range', async () => {
    const id = await incident();
    expect(await stats(id, { start: at(10 * HOUR), end: at(10 * HOUR + 3 * MINUTE) })).toMatchObject({
      start: at(10 * HOUR),
      end: at(10 * HOUR + 3 * MINUTE),
      buckets: [{}, {}, {}].map(() => expect.anything()),
    });
    expect(await stats(id, { windowed: true })).toMatchObject({
      start: at(6 * HOUR + 55 * MINUTE),
      end: at(10 * HOUR + 15 * MINUTE),
    });
  });

  it('refuses start >= end, an unknown incident, and answers UNAVAILABLE while ingest is down', async () => {
    const id = await incident();
    expect(await failure(stats(id, { start: at(11 * HOUR), end: at(11 * HOUR) }))).toMatchObject({
      code: status.INVALID_ARGUMENT,
      details: expect.stringMatching(/^start: must be before the end of the range/),
    });
    expect((await failure(stats('99999999'))).code).toBe(status.NOT_FOUND);
    ingest.failWith = status.UNAVAILABLE;
    expect((await failure(stats(id))).code).toBe(status.UNAVAILABLE);
    ingest.failWith = status.INVALID_ARGUMENT;
    expect((await failure(stats(id))).code).toBe(status.INVALID_ARGUMENT);
  });
});
