// The status stream is bounded by age (NATS_STREAM_MAX_AGE_MS), and an event
// is still never lost to that bound: a message a durable consumer has not
// acknowledged by half the age is published again from the outbox, and a
// sent row stays until it is acknowledged. Short ages here, so the stream
// really discards messages during the test.
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, type Consumer } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { IncidentStatusChanged } from '@vigil/contracts/events';
import { IncidentStatus } from '@vigil/contracts/incidents';
import { Aggregation } from '@vigil/contracts/ingest';
import { deleteTestStream, getTestInfrastructure, testNatsNames, useTestDatabase } from '@vigil/testing';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { call, startIncidentsUnderTest, type IncidentsUnderTest } from './support/incidents-under-test.js';

const NANOS_PER_MS = 1_000_000;
const MAX_AGE_MS = 4_000;

async function closeNewIncident(incidents: IncidentsUnderTest, organizationId: string): Promise<string> {
  const { incident } = await call(incidents.client, 'createIncident', {
    organizationId,
    type: 0,
    title: 'lagging consumer',
    query: '',
    aggregation: Aggregation.TOTAL,
    dateStarted: new Date(Date.now() - 3_600_000),
    dateDetected: undefined,
    projectIds: ['1'],
    groupIds: [],
    alertRuleId: undefined,
  });
  const id = incident?.id ?? '';
  await call(incidents.client, 'updateIncidentStatus', { incidentId: id, status: IncidentStatus.CLOSED, method: 0 });
  return id;
}

/** Fetches and acknowledges what the consumer has now; the decoded events. */
async function fetchAndAck(consumer: Consumer): Promise<{ seq: number; event: IncidentStatusChanged }[]> {
  const got = [];
  const batch = await consumer.fetch({ max_messages: 100, expires: 1_000 });
  for await (const message of batch) {
    got.push({ seq: message.seq, event: IncidentStatusChanged.decode(message.data) });
    message.ack();
  }
  return got;
}

describe('the status stream bounded by max_age', () => {
  const database = useTestDatabase();
  const nats = testNatsNames('incidents-max-age');
  let natsUrl: string;
  let connection: NatsConnection;
  let incidents: IncidentsUnderTest;

  beforeAll(async () => {
    natsUrl = (await getTestInfrastructure()).natsUrl;
    connection = await connect({ servers: natsUrl, name: 'incidents-max-age-test' });
    // A stream from before the limits: no max_age, unbounded.
    const jsm = await jetstreamManager(connection);
    await jsm.streams.add({ name: nats.stream, subjects: [`${nats.subjectPrefix}.>`] });
    // The scheduler's durable consumer, which this test lets lag.
    await jsm.consumers.add(nats.stream, {
      durable_name: 'lagging-scheduler',
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: 30_000 * NANOS_PER_MS,
      max_deliver: -1,
    });
    incidents = await startIncidentsUnderTest({
      databaseUrl: database().url,
      nats,
      env: {
        NATS_STREAM_MAX_AGE_MS: String(MAX_AGE_MS),
        NATS_DUPLICATE_WINDOW_MS: '500',
        // Sent rows may go as soon as they are acknowledged.
        OUTBOX_RETENTION_MS: '0',
      },
    });
  });
  afterAll(async () => {
    await incidents?.stop();
    await connection?.close();
    await deleteTestStream(natsUrl, nats.stream);
  });

  it('brings an existing stream to the configured max_age at start', async () => {
    await vi.waitFor(
      async () => {
        const info = await (await jetstreamManager(connection)).streams.info(nats.stream);
        expect(info.config.max_age).toBe(MAX_AGE_MS * NANOS_PER_MS);
        expect(info.config.duplicate_window).toBe(500 * NANOS_PER_MS);
      },
      { timeout: 30_000, interval: 100 },
    );
  });

  it('delivers an event the consumer did not fetch for longer than max_age, and keeps its row until acknowledged', async () => {
    const id = await closeNewIncident(incidents, '21');
    const [row] = await incidents.sql<{ event_id: string }>('SELECT event_id FROM outbox_message');
    await vi.waitFor(async () => expect(await incidents.count('outbox_message', 'sent_at IS NULL')).toBe(0), {
      timeout: 30_000,
    });
    const [{ stream_sequence: firstSequence } = { stream_sequence: '' }] = await incidents.sql<{
      stream_sequence: string;
    }>('SELECT stream_sequence FROM outbox_message');
    expect(Number(firstSequence)).toBeGreaterThan(0);

    // The consumer lags for 2.5 × max_age: the first copy is discarded by the stream.
    await sleep(MAX_AGE_MS * 2.5);
    const jsm = await jetstreamManager(connection);
    expect((await jsm.streams.info(nats.stream)).state.first_seq).toBeGreaterThan(Number(firstSequence));
    expect(await incidents.count('outbox_message')).toBe(1);

    const consumer = await jetstream(connection).consumers.get(nats.stream, 'lagging-scheduler');
    const delivered = await fetchAndAck(consumer);
    expect(delivered.length).toBeGreaterThan(0);
    expect(delivered.every(({ event }) => event.eventId === row?.event_id && event.incidentId === id)).toBe(true);
    expect(delivered.every(({ seq }) => seq > Number(firstSequence))).toBe(true);

    // Acknowledged (a copy published meanwhile is acknowledged too): the row goes.
    await vi.waitFor(
      async () => {
        await fetchAndAck(consumer);
        expect(await incidents.count('outbox_message')).toBe(0);
      },
      { timeout: 30_000, interval: 200 },
    );
  }, 120_000);
});

describe('the outbox retention of sent rows', () => {
  const database = useTestDatabase();
  const nats = testNatsNames('incidents-outbox-retention');
  let natsUrl: string;
  let incidents: IncidentsUnderTest;

  beforeAll(async () => {
    natsUrl = (await getTestInfrastructure()).natsUrl;
    // No durable consumer on this stream: nothing waits for the events, age alone decides.
    incidents = await startIncidentsUnderTest({
      databaseUrl: database().url,
      nats,
      env: { OUTBOX_RETENTION_MS: '3s', NATS_STREAM_MAX_AGE_MS: '8s', NATS_DUPLICATE_WINDOW_MS: '1s' },
    });
  });
  afterAll(async () => {
    await incidents?.stop();
    await deleteTestStream(natsUrl, nats.stream);
  });

  it('keeps a sent row for OUTBOX_RETENTION_MS, then deletes it', async () => {
    await closeNewIncident(incidents, '22');
    await vi.waitFor(async () => expect(await incidents.count('outbox_message', 'sent_at IS NOT NULL')).toBe(1), {
      timeout: 30_000,
    });
    const [{ sent_at: sentAt } = { sent_at: new Date(0) }] = await incidents.sql<{ sent_at: Date }>(
      'SELECT sent_at FROM outbox_message',
    );
    // Still there while younger than its retention (checked only when the
    // query itself ran inside it, so a slow machine cannot make this fail).
    await sleep(Math.max(0, sentAt.getTime() + 1_000 - Date.now()));
    const checkedAt = Date.now();
    const present = await incidents.count('outbox_message');
    if (Date.now() - sentAt.getTime() < 3_000) expect(present).toBe(1);
    expect(checkedAt).toBeGreaterThan(sentAt.getTime());
    await vi.waitFor(async () => expect(await incidents.count('outbox_message')).toBe(0), {
      timeout: 30_000,
      interval: 100,
    });
  }, 60_000);
});
