import { status } from '@grpc/grpc-js';
import { IncidentStatusChanged } from '@vigil/contracts/events';
import { IncidentStatus, StatusMethod, type UpdateIncidentStatusRequest } from '@vigil/contracts/incidents';
import { Aggregation } from '@vigil/contracts/ingest';
import { deleteTestStream, getTestInfrastructure, testNatsNames, useTestDatabase } from '@vigil/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, failure, startIncidentsUnderTest, type IncidentsUnderTest } from './support/incidents-under-test.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const database = useTestDatabase();
const nats = testNatsNames('incidents-status');
let incidents: IncidentsUnderTest;

beforeAll(async () => {
  // The relay must not empty the outbox under the tests' feet: NATS is unreachable here.
  incidents = await startIncidentsUnderTest({ databaseUrl: database().url, nats, natsUrl: 'nats://127.0.0.1:1' });
});
afterAll(async () => {
  await incidents?.stop();
  await deleteTestStream((await getTestInfrastructure()).natsUrl, nats.stream);
});

async function openIncident(startedAgoMs = 2 * HOUR) {
  const { incident } = await call(incidents.client, 'createIncident', {
    organizationId: '1',
    type: 0,
    title: 'Slow checkout',
    query: '',
    aggregation: Aggregation.TOTAL,
    dateStarted: new Date(Date.now() - startedAgoMs),
    dateDetected: undefined,
    projectIds: ['10'],
    groupIds: [],
    alertRuleId: undefined,
  });
  if (!incident) throw new Error('no incident');
  return incident;
}

function change(incidentId: string, request: Partial<UpdateIncidentStatusRequest>) {
  return call(incidents.client, 'updateIncidentStatus', {
    incidentId,
    status: IncidentStatus.CLOSED,
    method: 0,
    ...request,
  });
}

async function written(incidentId: string) {
  const [activities, outbox, incident] = await Promise.all([
    incidents.count('incident_activity', 'incident_id = $1', [incidentId]),
    incidents.count('outbox_message', 'subject = $1', [`${nats.subjectPrefix}.${incidentId}`]),
    incidents.sql<{ version: string; status: string }>('SELECT version, status FROM incident WHERE id = $1', [
      incidentId,
    ]),
  ]);
  return { activities, outbox, ...incident[0] };
}

async function announcements(incidentId: string) {
  const rows = await incidents.sql<{ payload: Buffer }>(
    'SELECT payload FROM outbox_message WHERE subject = $1 ORDER BY id',
    [`${nats.subjectPrefix}.${incidentId}`],
  );
  return rows.map((row) => IncidentStatusChanged.decode(row.payload));
}

describe('status changes', () => {
  it('close at now by default, with an activity and an announcement, raising the version', async () => {
    const incident = await openIncident();
    const before = Date.now();
    const { incident: closed, changed } = await change(incident.id, { comment: 'fixed by a rollback', actor: 'ada' });
    expect(changed).toBe(true);
    expect(closed).toMatchObject({ status: IncidentStatus.CLOSED, version: '2' });
    expect(closed?.dateClosed?.getTime()).toBeGreaterThanOrEqual(before - 1000);

    const { activities } = await call(incidents.client, 'listIncidentActivity', {
      incidentId: incident.id,
      pageSize: 0,
      pageToken: '',
    });
    expect(activities).toEqual([
      expect.objectContaining({
        incidentId: incident.id,
        previousStatus: IncidentStatus.OPEN,
        newStatus: IncidentStatus.CLOSED,
        method: StatusMethod.MANUAL,
        comment: 'fixed by a rollback',
        actor: 'ada',
      }),
    ]);
    expect(await announcements(incident.id)).toEqual([
      expect.objectContaining({
        incidentId: incident.id,
        organizationId: '1',
        version: '2',
        previousStatus: IncidentStatus.OPEN,
        newStatus: IncidentStatus.CLOSED,
        method: StatusMethod.MANUAL,
        dateStarted: incident.dateStarted,
        dateClosed: closed?.dateClosed,
        timeWindowMinutes: 1,
      }),
    ]);
  });

  it('to the status it already has do nothing: no activity, no announcement, same version', async () => {
    const incident = await openIncident();
    const { incident: first } = await change(incident.id, { dateClosed: new Date(Date.now() - HOUR) });
    const again = await change(incident.id, { method: StatusMethod.RULE_TRIGGERED });
    expect(again).toEqual({ incident: first, changed: false });
    expect(await written(incident.id)).toEqual({ activities: 1, outbox: 1, version: '2', status: 'CLOSED' });

    const stillOpen = await openIncident();
    expect((await change(stillOpen.id, { status: IncidentStatus.OPEN })).changed).toBe(false);
    expect(await written(stillOpen.id)).toEqual({ activities: 0, outbox: 0, version: '1', status: 'OPEN' });
  });

  it('close at a given time that may equal date_started', async () => {
    const incident = await openIncident();
    const { incident: closed } = await change(incident.id, { dateClosed: incident.dateStarted });
    expect(closed?.dateClosed).toEqual(incident.dateStarted);
  });

  it('out of CLOSED are reopens: date_closed cleared, snapshot deleted, announced', async () => {
    const incident = await openIncident();
    await change(incident.id, { dateClosed: new Date(Date.now() - HOUR) });
    await incidents.sql(
      `INSERT INTO incident_snapshot VALUES ($1, 1, 1, '[]', 60, now(), now(), now(), now(), now())`,
      [incident.id],
    );

    const { incident: reopened, changed } = await change(incident.id, {
      status: IncidentStatus.WARNING,
      method: StatusMethod.RULE_TRIGGERED,
    });
    expect(changed).toBe(true);
    expect(reopened).toMatchObject({ status: IncidentStatus.WARNING, dateClosed: undefined, version: '3' });
    expect(await incidents.count('incident_snapshot', 'incident_id = $1', [incident.id])).toBe(0);
    expect(await failure(call(incidents.client, 'getIncidentSnapshot', { incidentId: incident.id }))).toEqual({
      code: status.NOT_FOUND,
      details: `incident ${incident.id} has no snapshot`,
    });
    expect((await announcements(incident.id)).map((a) => [a.version, a.newStatus, a.dateClosed])).toEqual([
      ['2', IncidentStatus.CLOSED, new Date(Date.now() - HOUR)].map((v, i) => (i === 2 ? expect.any(Date) : v)),
      ['3', IncidentStatus.WARNING, undefined],
    ]);
  });

  it.each([
    [
      'an unspecified status',
      { status: IncidentStatus.UNSPECIFIED },
      'status: must be OPEN, WARNING, CRITICAL or CLOSED, got 0',
    ],
    ['an unknown method', { method: 8 }, 'method: unknown status method 8'],
    [
      'a close time in the future',
      { dateClosed: new Date(Date.now() + 10 * MINUTE) },
      expect.stringMatching(/^date_closed: must not be in the future/),
    ],
    [
      'a close time before the start',
      { dateClosed: new Date(Date.now() - 3 * HOUR) },
      expect.stringMatching(/^date_closed: must not be before date_started/),
    ],
    [
      'a close time with another status',
      { status: IncidentStatus.CRITICAL, dateClosed: new Date() },
      'date_closed: may only be given with status CLOSED',
    ],
    ['an oversized comment', { comment: 'x'.repeat(4001) }, 'comment: at most 4000 characters, got 4001'],
  ])('refuse %s with INVALID_ARGUMENT, writing nothing', async (_, request, details) => {
    const incident = await openIncident();
    expect(await failure(change(incident.id, request))).toEqual({ code: status.INVALID_ARGUMENT, details });
    expect(await written(incident.id)).toEqual({ activities: 0, outbox: 0, version: '1', status: 'OPEN' });
  });

  it('of an unknown incident are NOT_FOUND', async () => {
    expect(await failure(change('123456789', {}))).toEqual({
      code: status.NOT_FOUND,
      details: 'incident 123456789 not found',
    });
    expect(
      await failure(
        call(incidents.client, 'listIncidentActivity', { incidentId: '123456789', pageSize: 0, pageToken: '' }),
      ),
    ).toEqual({ code: status.NOT_FOUND, details: 'incident 123456789 not found' });
  });

  it('are listed oldest first, a page at a time', async () => {
    const incident = await openIncident();
    const path = [
      IncidentStatus.WARNING,
      IncidentStatus.CRITICAL,
      IncidentStatus.CLOSED,
      IncidentStatus.OPEN,
      IncidentStatus.CLOSED,
    ];
    for (const next of path) await change(incident.id, { status: next });
    const seen = [];
    let pageToken = '';
    do {
      const page = await call(incidents.client, 'listIncidentActivity', {
        incidentId: incident.id,
        pageSize: 2,
        pageToken,
      });
      seen.push(...page.activities.map((a) => [a.previousStatus, a.newStatus]));
      pageToken = page.nextPageToken;
    } while (pageToken !== '');
    expect(seen).toEqual(path.map((next, i) => [i === 0 ? IncidentStatus.OPEN : path[i - 1], next]));
  });
});

describe('concurrent status changes of one incident', () => {
  it('are serialized: none is lost, every version is used once', async () => {
    const incident = await openIncident();
    const statuses = [IncidentStatus.WARNING, IncidentStatus.CRITICAL, IncidentStatus.OPEN, IncidentStatus.CLOSED];
    const results = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        change(incident.id, { status: statuses[i % statuses.length], comment: `call ${i}` }),
      ),
    );
    const changes = results.filter((r) => r.changed).length;
    const { incident: final } = await call(incidents.client, 'getIncident', { incidentId: incident.id });
    expect(final?.version).toBe(String(1 + changes));

    const { activities } = await call(incidents.client, 'listIncidentActivity', {
      incidentId: incident.id,
      pageSize: 0,
      pageToken: '',
    });
    expect(activities).toHaveLength(changes);
    // Each change saw the one before it: the statuses chain without a gap.
    activities.forEach((activity, i) => {
      expect(activity.previousStatus).toBe(i === 0 ? IncidentStatus.OPEN : activities[i - 1]?.newStatus);
      expect(activity.newStatus).not.toBe(activity.previousStatus);
    });
    expect(activities.at(-1)?.newStatus).toBe(final?.status);
    const versions = (await announcements(incident.id)).map((a) => Number(a.version));
    expect(versions).toEqual(Array.from({ length: changes }, (_, i) => i + 2));
  });

  it('close an incident once when many close it at the same time', async () => {
    const incident = await openIncident();
    const results = await Promise.all(Array.from({ length: 12 }, () => change(incident.id, {})));
    expect(results.filter((r) => r.changed)).toHaveLength(1);
    expect(await written(incident.id)).toEqual({ activities: 1, outbox: 1, version: '2', status: 'CLOSED' });
  });
});
