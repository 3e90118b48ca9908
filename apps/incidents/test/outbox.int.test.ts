import { IncidentStatus, StatusMethod } from '@vigil/contracts/incidents';
import { Aggregation } from '@vigil/contracts/ingest';
import {
  deleteTestStream,
  getTestInfrastructure,
  startPrivateNatsServer,
  testNatsNames,
  useTestDatabase,
  type PrivateNatsServer,
} from '@vigil/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { call, startIncidentsUnderTest, type IncidentsUnderTest } from './support/incidents-under-test.js';
import { readStream, streamMessages } from './support/stream-reader.js';

const HOUR = 3_600_000;

async function createIncidents(incidents: IncidentsUnderTest, count: number, organizationId: string) {
  const created = [];
  for (let i = 0; i < count; i++) {
    const { incident } = await call(incidents.client, 'createIncident', {
      organizationId,
      type: 0,
      title: `incident ${i}`,
      query: '',
      aggregation: Aggregation.TOTAL,
      dateStarted: new Date(Date.now() - HOUR),
      dateDetected: undefined,
      projectIds: ['1'],
      groupIds: [],
      alertRuleId: undefined,
    });
    if (!incident) throw new Error('no incident');
    created.push(incident);
  }
  return created;
}

async function allSent(incidents: IncidentsUnderTest): Promise<void> {
  await vi.waitFor(async () => expect(await incidents.count('outbox_message', 'sent_at IS NULL')).toBe(0), {
    timeout: 90_000,
    interval: 100,
  });
}

describe('the outbox relay on the shared NATS', () => {
  const database = useTestDatabase();
  const nats = testNatsNames('incidents-outbox');
  let natsUrl: string;
  let incidents: IncidentsUnderTest;

  beforeAll(async () => {
    natsUrl = (await getTestInfrastructure()).natsUrl;
    incidents = await startIncidentsUnderTest({ databaseUrl: database().url, nats });
  });
  afterAll(async () => {
    await incidents?.stop();
    await deleteTestStream(natsUrl, nats.stream);
  });

  it('publishes each status change to the incident’s subject, as protobuf, and marks it sent', async () => {
    const [incident] = await createIncidents(incidents, 1, '5');
    const id = incident?.id ?? '';
    await call(incidents.client, 'updateIncidentStatus', {
      incidentId: id,
      status: IncidentStatus.CRITICAL,
      method: StatusMethod.RULE_TRIGGERED,
    });
    const { incident: closed } = await call(incidents.client, 'updateIncidentStatus', {
      incidentId: id,
      status: IncidentStatus.CLOSED,
      method: 0,
    });
    await allSent(incidents);

    const published = await readStream(natsUrl, nats.stream, 2);
    const eventIds = await incidents.sql<{ event_id: string }>('SELECT event_id FROM outbox_message ORDER BY id');
    expect(published).toEqual([
      {
        subject: `${nats.subjectPrefix}.${id}`,
        event: expect.objectContaining({
          eventId: eventIds[0]?.event_id,
          incidentId: id,
          version: '2',
          previousStatus: IncidentStatus.OPEN,
          newStatus: IncidentStatus.CRITICAL,
          method: StatusMethod.RULE_TRIGGERED,
          dateClosed: undefined,
        }),
      },
      {
        subject: `${nats.subjectPrefix}.${id}`,
        event: expect.objectContaining({
          eventId: eventIds[1]?.event_id,
          incidentId: id,
          organizationId: '5',
          version: '3',
          previousStatus: IncidentStatus.CRITICAL,
          newStatus: IncidentStatus.CLOSED,
          method: StatusMethod.MANUAL,
          dateStarted: incident?.dateStarted,
          dateClosed: closed?.dateClosed,
          timeWindowMinutes: 1,
          occurredAt: expect.any(Date),
        }),
      },
    ]);
  });
});

describe('the outbox relay while NATS is down', () => {
  const database = useTestDatabase();
  const nats = testNatsNames('incidents-outage');
  let server: PrivateNatsServer;
  let replicas: IncidentsUnderTest[] = [];

  beforeAll(async () => {
    server = await startPrivateNatsServer();
    // Two replicas on one database and one NATS: their relays share the outbox.
    const options = { databaseUrl: database().url, nats, natsUrl: server.url, env: { OUTBOX_BATCH_SIZE: '25' } };
    replicas = [await startIncidentsUnderTest(options), await startIncidentsUnderTest(options)];
    // The stream is created on connection, before any change.
    await vi.waitFor(async () => expect(await streamMessages(server.url, nats.stream)).toBe(0), { timeout: 60_000 });
  });
  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.stop()));
    await server?.dispose();
  });

  it('keeps every change, then publishes each exactly once when NATS is back', async () => {
    const [first, second] = replicas as [IncidentsUnderTest, IncidentsUnderTest];
    const created = await createIncidents(first, 200, '9');

    await server.stop();
    const results = await Promise.all(
      created.map((incident, i) =>
        call((i % 2 === 0 ? first : second).client, 'updateIncidentStatus', {
          incidentId: incident.id,
          status: IncidentStatus.CLOSED,
          method: 0,
        }),
      ),
    );
    expect(results.every((result) => result.changed)).toBe(true);
    expect(await first.count('outbox_message', 'sent_at IS NULL')).toBe(200);
    const metrics = await (await fetch(`http://127.0.0.1:${first.service.metricsPort}/metrics`)).text();
    expect(metrics).toMatch(/^vigil_incidents_outbox_unsent 200$/m);
    expect(metrics).toMatch(/^vigil_database_pool_max_connections\{pool="main"\} 8$/m);
    expect(metrics).toMatch(/^vigil_database_pool_waiting\{pool="main"\} 0$/m);
    expect(metrics).toMatch(/^vigil_database_pool_connections\{pool="main",state="idle"\} [1-8]$/m);

    await server.start();
    await allSent(first);

    const published = await readStream(server.url, nats.stream, 200);
    const eventIds = new Set(published.map(({ event }) => event.eventId));
    expect(eventIds.size).toBe(200);
    expect(new Set(published.map(({ event }) => event.incidentId))).toEqual(
      new Set(created.map((incident) => incident.id)),
    );
    expect(
      published.every(
        ({ event, subject }) =>
          event.newStatus === IncidentStatus.CLOSED && subject === `${nats.subjectPrefix}.${event.incidentId}`,
      ),
    ).toBe(true);
  }, 240_000);

  it('lets JetStream drop a message published again (a relay that died before its commit)', async () => {
    const [first] = replicas as [IncidentsUnderTest];
    const created = await createIncidents(first, 3, '10');
    for (const incident of created) {
      await call(first.client, 'updateIncidentStatus', {
        incidentId: incident.id,
        status: IncidentStatus.CLOSED,
        method: 0,
      });
    }
    await allSent(first);
    const held = await streamMessages(server.url, nats.stream);

    const subjects = created.map((incident) => `${nats.subjectPrefix}.${incident.id}`);
    await first.sql('UPDATE outbox_message SET sent_at = NULL WHERE subject = ANY($1)', [subjects]);
    await allSent(first);
    expect(await streamMessages(server.url, nats.stream)).toBe(held);
  }, 240_000);
});
