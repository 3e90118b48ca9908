// The whole scheduler prunes its remembered versions by itself, on the
// horizon of the stream it consumes (max_age + duplicate window, read from
// the stream), and a late CLOSED delivered after pruning still schedules no
// snapshot for a reopened incident.
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { deleteTestStream, getTestInfrastructure, testNatsNames, useTestDatabase } from '@vigil/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeIncidents, type FakeIncidents } from '../../test/fake-incidents-server.js';
import { closedEvent, connectPublisher, reopenedEvent, type StatusEventPublisher } from '../../test/status-events.js';
import { startTestScheduler, type TestScheduler } from '../../test/test-scheduler.js';
import { waitUntil } from '../../test/wait-until.js';
import { ensureStatusConsumer } from '../consumer/ensure-status-consumer.js';

const NANOS_PER_MS = 1_000_000;
const T0 = Date.UTC(2021, 0, 1);
const closeOf = (incidentId: string, version: number) =>
  closedEvent({
    incidentId,
    version,
    dateStarted: new Date(T0),
    dateClosed: new Date(T0 + 60_000),
    timeWindowMinutes: 1,
  });

describe('remembered versions on a stream with a short max_age', () => {
  const database = useTestDatabase();
  const names = testNatsNames('scheduler-pruning');
  let natsUrl: string;
  let fake: FakeIncidents;
  let scheduler: TestScheduler;
  let publisher: StatusEventPublisher;
  let pool: pg.Pool;

  beforeAll(async () => {
    natsUrl = (await getTestInfrastructure()).natsUrl;
    // Incidents made the stream: max_age 2 s, duplicate window 0.5 s, so the horizon is 2.5 s.
    const nc = await connect({ servers: natsUrl });
    await (
      await jetstreamManager(nc)
    ).streams.add({
      name: names.stream,
      subjects: [`${names.subjectPrefix}.>`],
      max_age: 2_000 * NANOS_PER_MS,
      duplicate_window: 500 * NANOS_PER_MS,
    });
    await nc.close();
    fake = await startFakeIncidents();
    scheduler = await startTestScheduler({
      databaseUrl: database().url,
      natsUrl,
      names,
      incidentsAddress: fake.address,
    });
    publisher = await connectPublisher(natsUrl, names);
    pool = new pg.Pool({ connectionString: database().url, max: 2 });
    await waitUntil('the durable consumer exists', () =>
      publisher.consumerInfo().then(
        () => true,
        () => false,
      ),
    );
  });
  afterAll(async () => {
    await publisher?.close();
    await scheduler?.stop();
    await fake?.stop();
    await pool?.end();
    await deleteTestStream(natsUrl, names.stream);
  });

  const rememberedIds = async (): Promise<string[]> =>
    (await pool.query<{ id: string }>('SELECT incident_id AS id FROM scheduler_applied_version ORDER BY 1')).rows.map(
      (row) => row.id,
    );
  const pendingIds = async (): Promise<string[]> =>
    (await pool.query<{ id: string }>('SELECT incident_id AS id FROM scheduler_pending_snapshot ORDER BY 1')).rows.map(
      (row) => row.id,
    );

  it('forgets a done close past the horizon, keeps a reopen, and ignores a late close of the reopened incident', async () => {
    await publisher.publish(closeOf('501', 2));
    await publisher.publish(reopenedEvent('501', 3, new Date(T0)));
    await publisher.waitUntilHandled(await publisher.publish(closeOf('502', 2)));
    expect(await pendingIds()).toEqual(['502']);
    // 502's snapshot is made: its pending row goes (as the processor's finish does).
    await pool.query('DELETE FROM scheduler_pending_snapshot WHERE incident_id = 502');

    await waitUntil('the done close is pruned', async () => !(await rememberedIds()).includes('502'));
    expect(await rememberedIds()).toEqual(['501']);

    // The close of version 2 comes again after the pruning, long after the reopen.
    await publisher.waitUntilHandled(await publisher.publish(closeOf('501', 2)));
    expect(await pendingIds()).toEqual([]);
    expect(await rememberedIds()).toEqual(['501']);
  }, 90_000);
});

describe('the stream as the scheduler finds or makes it', () => {
  it('creates a missing stream with max_age, and leaves an existing stream’s limits alone', async () => {
    const natsUrl = (await getTestInfrastructure()).natsUrl;
    const created = testNatsNames('scheduler-max-age');
    const existing = testNatsNames('scheduler-max-age-kept');
    const nc = await connect({ servers: natsUrl });
    try {
      const jsm = await jetstreamManager(nc);
      const settings = { ackWaitMs: 30_000, streamMaxAgeMs: 3_600_000 };
      expect(await ensureStatusConsumer(nc, { ...created, ...settings })).toEqual({
        maxAgeMs: 3_600_000,
        duplicateWindowMs: 120_000, // the server's default
      });
      expect((await jsm.streams.info(created.stream)).config.max_age).toBe(3_600_000 * NANOS_PER_MS);

      await jsm.streams.add({
        name: existing.stream,
        subjects: [`${existing.subjectPrefix}.>`],
        max_age: 60_000 * NANOS_PER_MS,
        duplicate_window: 1_000 * NANOS_PER_MS,
      });
      expect(await ensureStatusConsumer(nc, { ...existing, ...settings })).toEqual({
        maxAgeMs: 60_000,
        duplicateWindowMs: 1_000,
      });
      expect((await jsm.streams.info(existing.stream)).config.max_age).toBe(60_000 * NANOS_PER_MS);
    } finally {
      await nc.close();
      await deleteTestStream(natsUrl, created.stream);
      await deleteTestStream(natsUrl, existing.stream);
    }
  });
});
