import { credentials } from '@grpc/grpc-js';
import type { MikroORM } from '@mikro-orm/postgresql';
import { useTestDatabase } from '@vigil/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { startFakeIncidents, type FakeIncidents } from '../../test/fake-incidents-server.js';
import {
  allPendingRows,
  clearPendingRows,
  insertPendingRows,
  openTestDatabase,
  silentLogger,
} from '../../test/scheduler-database.js';
import { waitUntil } from '../../test/wait-until.js';
import { createPendingSnapshotQueue, type PendingSnapshotQueue } from '../db/pending-snapshot-queue.js';
import { createIncidentsSnapshotClient, type IncidentsSnapshotClient } from './incidents-snapshot-client.js';
import { createSnapshotProcessor, type SnapshotProcessor } from './snapshot-processor.js';

const T0 = Date.UTC(2021, 0, 1);
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const LEASE_MS = 60 * SECOND;
const RETRY_BASE_MS = 30 * SECOND;
// Far beyond any call on a loaded machine: only the deadline test below wants one to run out.
const CALL_DEADLINE_MS = 30 * SECOND;
const SHORT_DEADLINE_MS = 500;

const database = useTestDatabase();
let orm: MikroORM;
let fake: FakeIncidents;
let incidents: IncidentsSnapshotClient;
let now: number;

beforeAll(async () => {
  orm = await openTestDatabase(database().url);
  fake = await startFakeIncidents();
  incidents = createIncidentsSnapshotClient({
    address: fake.address,
    deadlineMs: CALL_DEADLINE_MS,
    credentials: credentials.createInsecure(),
  });
});

afterAll(async () => {
  incidents?.close();
  await fake?.stop();
  await orm?.close();
});

beforeEach(async () => {
  await clearPendingRows(orm);
  fake.calls.length = 0;
  fake.snapshotsMade.clear();
  now = T0;
});

function processor(
  workerId: string,
  queue: PendingSnapshotQueue = createPendingSnapshotQueue(orm),
  client: IncidentsSnapshotClient = incidents,
): SnapshotProcessor {
  return createSnapshotProcessor({
    queue,
    incidents: client,
    workerId,
    clock: () => new Date(now),
    logger: silentLogger,
    batchSize: 50,
    concurrency: 8,
    leaseMs: LEASE_MS,
    backoff: { baseMs: RETRY_BASE_MS, maxMs: 10 * RETRY_BASE_MS },
  });
}

/** Rows due `ageMinutes` before T0; ids chosen so that age order differs from id order. */
function dueRows(count: number, firstId: number): { incidentId: string; targetRunDate: Date }[] {
  return Array.from({ length: count }, (_, age) => ({
    incidentId: String(firstId + ((age * 37) % count)),
    targetRunDate: new Date(T0 - (count - age) * MINUTE),
  }));
}

describe('processing due pending snapshots', () => {
  it('takes 120 due rows in batches of exactly 50, 50 and 20, oldest first, and removes them', async () => {
    const rows = dueRows(120, 1000);
    await insertPendingRows(orm, [...rows].reverse());
    await insertPendingRows(orm, [{ incidentId: '5000', targetRunDate: new Date(T0 + HOUR) }]); // not due yet
    const queue = createPendingSnapshotQueue(orm);
    const claimSizes: number[] = [];
    const countingQueue: PendingSnapshotQueue = {
      ...queue,
      claimDue: async (request) => {
        const claimed = await queue.claimDue(request);
        claimSizes.push(claimed.length);
        return claimed;
      },
    };

    const tally = await processor('worker-a', countingQueue).processDue();

    expect(claimSizes).toEqual([50, 50, 20, 0]);
    expect(tally).toEqual({
      batches: 3,
      claimed: 120,
      created: 120,
      alreadyExisted: 0,
      removedNotClosed: 0,
      removedNotFound: 0,
      failed: 0,
    });
    // Each batch finishes before the next is claimed, so the calls come in batches too.
    const byAge = rows.map((row) => row.incidentId); // rows[] is oldest first
    expect(new Set(fake.calls.slice(0, 50))).toEqual(new Set(byAge.slice(0, 50)));
    expect(new Set(fake.calls.slice(50, 100))).toEqual(new Set(byAge.slice(50, 100)));
    expect(new Set(fake.calls.slice(100))).toEqual(new Set(byAge.slice(100)));
    expect((await allPendingRows(orm)).map((row) => row.incidentId)).toEqual(['5000']);
  });

  it('removes the row on created, already existed, not closed and not found, and counts each', async () => {
    await insertPendingRows(orm, dueRows(4, 1));
    fake.addExistingSnapshot('2');
    fake.setState('3', 'not_closed');
    fake.setState('4', 'missing');

    const tally = await processor('worker-a').processDue();

    expect(tally).toMatchObject({
      batches: 1,
      claimed: 4,
      created: 1,
      alreadyExisted: 1,
      removedNotClosed: 1,
      removedNotFound: 1,
      failed: 0,
    });
    expect(await allPendingRows(orm)).toEqual([]);
    expect([...fake.snapshotsMade.keys()]).toEqual(['1']);
  });

  it('keeps a row that failed for a passing reason, backed off, without holding up the others', async () => {
    await insertPendingRows(orm, dueRows(5, 10));
    fake.setState('10', 'unavailable');
    // FAILED_PRECONDITION too, but not "not closed": a closed incident must not silently lose its snapshot.
    fake.setState('11', 'statistics_refused');
    const worker = processor('worker-a');

    expect(await worker.processDue()).toMatchObject({ batches: 1, claimed: 5, created: 3, failed: 2 });
    const kept = await allPendingRows(orm);
    expect(kept).toMatchObject([
      {
        incidentId: '10',
        attempts: 1,
        nextAttemptAt: new Date(T0 + RETRY_BASE_MS),
        claimedBy: null,
        leaseExpiresAt: null,
      },
      { incidentId: '11', attempts: 1, nextAttemptAt: new Date(T0 + RETRY_BASE_MS), claimedBy: null },
    ]);
    expect(kept[0]?.lastError).toBe('UNAVAILABLE (INGEST_UNAVAILABLE): ingest is unavailable');
    expect(kept[1]?.lastError).toBe('FAILED_PRECONDITION (STATISTICS_REFUSED): ingest refused the statistics request');

    // Not due again until the backoff has passed.
    now = T0 + RETRY_BASE_MS - 1;
    expect(await worker.processDue()).toMatchObject({ batches: 0, claimed: 0 });

    now = T0 + RETRY_BASE_MS;
    fake.setState('11', 'closed');
    expect(await worker.processDue()).toMatchObject({ claimed: 2, created: 1, failed: 1 });
    expect(await allPendingRows(orm)).toMatchObject([
      { incidentId: '10', attempts: 2, nextAttemptAt: new Date(now + 2 * RETRY_BASE_MS) },
    ]);
  });

  it('keeps a row whose call ran past its deadline; the retry finds the snapshot made meanwhile', async () => {
    await insertPendingRows(orm, dueRows(1, 20));
    const impatient = createIncidentsSnapshotClient({
      address: fake.address,
      deadlineMs: SHORT_DEADLINE_MS,
      credentials: credentials.createInsecure(),
    });
    onTestFinished(() => impatient.close());
    const worker = processor('worker-a', createPendingSnapshotQueue(orm), impatient);
    // Ten times the deadline: the answer cannot arrive first, however late a loaded machine runs the timer.
    fake.delayMs = 10 * SHORT_DEADLINE_MS;
    try {
      expect(await worker.processDue()).toMatchObject({ claimed: 1, failed: 1 });
    } finally {
      fake.delayMs = 0;
    }
    expect((await allPendingRows(orm))[0]?.lastError).toMatch(/^DEADLINE_EXCEEDED: /);
    // The slow call went on in incidents after the scheduler stopped waiting.
    await waitUntil('the late snapshot is made', () => fake.snapshotsMade.has('20'));
    now = T0 + RETRY_BASE_MS;
    expect(await worker.processDue()).toMatchObject({ claimed: 1, alreadyExisted: 1, created: 0 });
    expect(await allPendingRows(orm)).toEqual([]);
  });

  it('lets another worker take a row whose lease ran out, and ignores the first worker’s late answer', async () => {
    await insertPendingRows(orm, dueRows(1, 30));
    const queue = createPendingSnapshotQueue(orm);
    const [abandoned] = await queue.claimDue({ workerId: 'crashed', now: new Date(T0), leaseMs: LEASE_MS, limit: 50 });
    expect(abandoned?.incidentId).toBe('30');

    now = T0 + LEASE_MS - 1;
    expect(await processor('worker-b').processDue()).toMatchObject({ claimed: 0 });
    expect(fake.calls).toEqual([]);

    now = T0 + LEASE_MS;
    const [retaken] = await queue.claimDue({ workerId: 'worker-b', now: new Date(now), leaseMs: LEASE_MS, limit: 50 });
    expect(retaken?.incidentId).toBe('30');
    if (!abandoned || !retaken) throw new Error('unreachable');
    expect(await queue.remove(abandoned)).toBe(false);
    expect(
      await queue.releaseAfterFailure(abandoned, { error: 'late', nextAttemptAt: new Date(now), now: new Date(now) }),
    ).toBe(false);
    expect(await allPendingRows(orm)).toMatchObject([{ incidentId: '30', claimedBy: 'worker-b', attempts: 0 }]);
    expect(await queue.remove(retaken)).toBe(true);
  });

  it('processes an abandoned row once its lease has expired', async () => {
    await insertPendingRows(orm, dueRows(1, 40));
    await createPendingSnapshotQueue(orm).claimDue({
      workerId: 'crashed',
      now: new Date(T0),
      leaseMs: LEASE_MS,
      limit: 50,
    });
    now = T0 + LEASE_MS;
    expect(await processor('worker-b').processDue()).toMatchObject({ claimed: 1, created: 1 });
    expect(await allPendingRows(orm)).toEqual([]);
  });

  it('keeps rows while incidents is down and makes every snapshot once it is back', async () => {
    await insertPendingRows(orm, dueRows(6, 50));
    await fake.stop();
    // A client that never had a connection, so no call can be CANCELLED on one the
    // server is closing, and a deadline far beyond a refused connect: while nothing
    // listens, each call fails at the channel's first connect failure with
    // UNAVAILABLE, however loaded the machine is (the codes a closing connection or
    // a slow reconnect give are kept too: snapshot-outcome.test.ts).
    const whileDown = createIncidentsSnapshotClient({
      address: fake.address,
      deadlineMs: 60 * SECOND,
      credentials: credentials.createInsecure(),
    });
    const worker = processor('worker-a', createPendingSnapshotQueue(orm), whileDown);
    try {
      expect(await worker.processDue()).toMatchObject({ claimed: 6, failed: 6 });
      const kept = await allPendingRows(orm);
      expect(kept).toHaveLength(6);
      for (const row of kept) {
        expect(row.attempts).toBe(1);
        expect(row.lastError).toMatch(/^UNAVAILABLE: /);
      }
      await fake.start();
      // The client reconnects with its own backoff; keep processing as the timer would.
      await waitUntil('every kept row is done', async () => {
        now += 10 * RETRY_BASE_MS;
        await worker.processDue();
        return (await allPendingRows(orm)).length === 0;
      });
    } finally {
      whileDown.close();
      await fake.start();
    }
    expect([...fake.snapshotsMade.entries()].sort()).toEqual(['50', '51', '52', '53', '54', '55'].map((id) => [id, 1]));
  });
});
