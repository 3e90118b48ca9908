import { Metadata, status } from '@grpc/grpc-js';
import type { PendingSnapshot } from '@vigil/contracts/scheduler';
import { callUnary } from '@vigil/runtime';
import { deleteTestStream, getTestInfrastructure, testNatsNames, useTestDatabase } from '@vigil/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeIncidents, type FakeIncidents } from '../../test/fake-incidents-server.js';
import { closedEvent, connectPublisher, reopenedEvent, type StatusEventPublisher } from '../../test/status-events.js';
import { startTestScheduler, type TestScheduler } from '../../test/test-scheduler.js';
import { waitUntil } from '../../test/wait-until.js';

const T0 = Date.UTC(2021, 0, 1);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const database = useTestDatabase();
const names = testNatsNames('scheduler-consumer');
let natsUrl: string;
let fake: FakeIncidents;
let scheduler: TestScheduler;
let publisher: StatusEventPublisher;

beforeAll(async () => {
  natsUrl = (await getTestInfrastructure()).natsUrl;
  fake = await startFakeIncidents();
  scheduler = await startTestScheduler({
    databaseUrl: database().url,
    natsUrl,
    names,
    incidentsAddress: fake.address,
    env: { NATS_ACK_WAIT_MS: '1s' },
  });
  publisher = await connectPublisher(natsUrl, names);
  // The scheduler creates the stream; wait until it is there to publish into.
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
  await deleteTestStream(natsUrl, names.stream);
});

/** The incident's pending snapshot, or undefined on NOT_FOUND. */
async function pendingOf(incidentId: string): Promise<PendingSnapshot | undefined> {
  try {
    const response = await callUnary(scheduler.client, 'getPendingSnapshot', { incidentId }, { timeoutMs: 30_000 });
    return response.pendingSnapshot;
  } catch (error) {
    if ((error as { code?: number }).code === status.NOT_FOUND) return undefined;
    throw error;
  }
}

async function publishAll(...events: Parameters<StatusEventPublisher['publish']>[0][]): Promise<number> {
  let last = 0;
  for (const event of events) last = await publisher.publish(event);
  return last;
}

const started = new Date(T0);
const closeAt = (offsetMs: number, incidentId: string, version: number, timeWindowMinutes = 60) =>
  closedEvent({ incidentId, version, dateStarted: started, dateClosed: new Date(T0 + offsetMs), timeWindowMinutes });

describe('status events from NATS', () => {
  it('schedules a CLOSED incident at date_closed + min(10 windows, 10 days)', async () => {
    await publisher.waitUntilHandled(await publishAll(closeAt(6 * HOUR, '101', 2)));
    expect(await pendingOf('101')).toMatchObject({
      incidentId: '101',
      organizationId: '1',
      incidentVersion: '2',
      targetRunDate: new Date(T0 + 16 * HOUR),
      nextAttemptAt: new Date(T0 + 16 * HOUR),
      attempts: 0,
      lastError: '',
    });
  });

  it('removes the pending snapshot on a reopen', async () => {
    await publisher.waitUntilHandled(await publishAll(closeAt(HOUR, '102', 2)));
    expect(await pendingOf('102')).toBeDefined();
    await publisher.waitUntilHandled(await publishAll(reopenedEvent('102', 3, started)));
    expect(await pendingOf('102')).toBeUndefined();
  });

  it('ends at the newest version whatever the duplicates and the delivery order', async () => {
    const firstClose = closeAt(HOUR, '103', 2);
    const secondClose = closeAt(5 * HOUR, '103', 4, 5);
    const last = await publishAll(
      firstClose,
      firstClose,
      secondClose,
      reopenedEvent('103', 3, started),
      firstClose,
      secondClose,
    );
    await publisher.waitUntilHandled(last);
    expect(await pendingOf('103')).toMatchObject({
      incidentVersion: '4',
      targetRunDate: new Date(T0 + 5 * HOUR + 50 * MINUTE),
    });
  });

  it('ignores a stale CLOSED delivered after the reopen, though the pending row is long gone', async () => {
    const close = closeAt(HOUR, '104', 2);
    await publisher.waitUntilHandled(await publishAll(close, reopenedEvent('104', 3, started)));
    expect(await pendingOf('104')).toBeUndefined();
    await publisher.waitUntilHandled(await publishAll(close));
    expect(await pendingOf('104')).toBeUndefined();
  });

  it('terminates an undecodable message instead of redelivering it, and goes on', async () => {
    const garbage = await publisher.publishBytes('105', new Uint8Array([0xff, 0xff, 0xff, 0xff]));
    const valid = await publishAll(closeAt(HOUR, '106', 2));
    await publisher.waitUntilHandled(valid);

    expect(await pendingOf('106')).toBeDefined();
    const info = await publisher.consumerInfo();
    expect(info.ack_floor.stream_seq).toBeGreaterThanOrEqual(garbage);
    expect(info.num_ack_pending).toBe(0);
    expect(info.num_redelivered).toBe(0);
    const terminated = scheduler.logLines.filter((line) => line.msg === 'invalid status event terminated');
    expect(terminated).toMatchObject([{ streamSequence: garbage, deliveryCount: 1, level: 'error' }]);
  });

  it('acks only after its own commit: while its database is down the event is redelivered, then applied', async () => {
    const { postgresAdminUrl } = await getTestInfrastructure();
    const admin = new pg.Client({ connectionString: postgresAdminUrl });
    await admin.connect();
    const name = pg.escapeIdentifier(database().name);
    try {
      await admin.query(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS false`);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [database().name]);

      const sequence = await publishAll(closeAt(HOUR, '107', 2));
      await waitUntil('the event was redelivered after a failed apply', () =>
        scheduler.logLines.some(
          (line) =>
            line.msg === 'status event not applied; redelivering later' &&
            line.streamSequence === sequence &&
            Number(line.deliveryCount) >= 2,
        ),
      );
      expect((await publisher.consumerInfo()).ack_floor.stream_seq).toBeLessThan(sequence);
      await expect(
        callUnary(
          scheduler.client,
          'getPendingSnapshot',
          { incidentId: '107' },
          // Far beyond the scheduler's own database guard, so its UNAVAILABLE always
          // arrives before this caller's deadline, on a loaded machine too.
          { timeoutMs: 60_000, metadata: new Metadata() },
        ),
      ).rejects.toMatchObject({
        code: status.UNAVAILABLE,
        details: 'the scheduler database is unavailable; retry later',
      });
    } finally {
      await admin.query(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    await waitUntil(
      'the event was applied once the database was back',
      async () => (await pendingOf('107')) !== undefined,
    );
    await publisher.waitUntilHandled((await publisher.consumerInfo()).delivered.stream_seq);
  });
});
