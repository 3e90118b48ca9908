import { credentials } from '@grpc/grpc-js';
// Several scheduler replicas on one table: each due row is taken by exactly
// one of them and no incident is asked for its snapshot twice.
import type { MikroORM } from '@mikro-orm/postgresql';
import { useTestDatabase } from '@vigil/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startFakeIncidents, type FakeIncidents } from '../../test/fake-incidents-server.js';
import { allPendingRows, insertPendingRows, openTestDatabase, silentLogger } from '../../test/scheduler-database.js';
import { createPendingSnapshotQueue } from '../db/pending-snapshot-queue.js';
import { createIncidentsSnapshotClient, type IncidentsSnapshotClient } from './incidents-snapshot-client.js';
import { createSnapshotProcessor } from './snapshot-processor.js';

const T0 = Date.UTC(2021, 0, 1);
const DUE_ROWS = 2000;
const REPLICAS = 3;

const database = useTestDatabase();
let fake: FakeIncidents;
const replicas: { orm: MikroORM; incidents: IncidentsSnapshotClient }[] = [];

beforeAll(async () => {
  // A little latency per call keeps every replica's batches in flight at once.
  fake = await startFakeIncidents({ delayMs: 3 });
  for (let i = 0; i < REPLICAS; i++) {
    // Each replica has its own pool and its own gRPC channel, as separate processes would.
    replicas.push({
      orm: await openTestDatabase(database().url),
      incidents: createIncidentsSnapshotClient({
        address: fake.address,
        deadlineMs: 10_000,
        credentials: credentials.createInsecure(),
      }),
    });
  }
});

afterAll(async () => {
  for (const { orm, incidents } of replicas) {
    incidents.close();
    await orm.close();
  }
  await fake?.stop();
});

it(`${REPLICAS} replicas on ${DUE_ROWS} due rows make exactly ${DUE_ROWS} snapshots, none twice`, async () => {
  const [first] = replicas;
  if (!first) throw new Error('no replicas');
  await insertPendingRows(
    first.orm,
    Array.from({ length: DUE_ROWS }, (_, i) => ({
      incidentId: String(i + 1),
      targetRunDate: new Date(T0 - (i % 97) * 1000),
    })),
  );

  const tallies = await Promise.all(
    replicas.map(({ orm, incidents }, i) =>
      createSnapshotProcessor({
        queue: createPendingSnapshotQueue(orm),
        incidents,
        workerId: `replica-${i}`,
        clock: () => new Date(T0),
        logger: silentLogger,
        batchSize: 50,
        concurrency: 8,
        leaseMs: 5 * 60_000,
        backoff: { baseMs: 30_000, maxMs: 3_600_000 },
      }).processDue(),
    ),
  );

  expect(fake.calls).toHaveLength(DUE_ROWS);
  expect(new Set(fake.calls).size).toBe(DUE_ROWS);
  expect(fake.snapshotsMade.size).toBe(DUE_ROWS);
  expect([...fake.snapshotsMade.values()].every((made) => made === 1)).toBe(true);
  expect(tallies.reduce((sum, tally) => sum + tally.claimed, 0)).toBe(DUE_ROWS);
  expect(tallies.reduce((sum, tally) => sum + tally.created, 0)).toBe(DUE_ROWS);
  for (const tally of tallies) {
    // Every replica took part (each claimed its first batch before any finished).
    expect(tally.claimed).toBeGreaterThan(0);
    expect(tally.failed).toBe(0);
  }
  expect(await allPendingRows(first.orm)).toEqual([]);
});
