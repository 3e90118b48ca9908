// Generated bad requests over every SnapshotSchedulerService RPC's fields,
// against the real service, PostgreSQL and NATS (fast-check, seeded): each is
// answered INVALID_ARGUMENT naming a field — never OK, UNKNOWN, INTERNAL or
// UNAVAILABLE — and leaves every table as it was. ProcessDueSnapshots and
// GetSchedulerStatus take no fields: no request to them can be invalid.
import { GetPendingSnapshotRequest, ListPendingSnapshotsRequest } from '@vigil/contracts/scheduler';
import { callUnary } from '@vigil/runtime';
import {
  anySpoiler,
  BAD_REQUEST_RUNS,
  badValues,
  databaseFingerprint,
  deleteTestStream,
  expectCallersMistake,
  expectWellFormed,
  getTestInfrastructure,
  testNatsNames,
  useTestDatabase,
  type Spoiler,
} from '@vigil/testing';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeIncidents, type FakeIncidents } from './fake-incidents-server.js';
import { startTestScheduler, type TestScheduler } from './test-scheduler.js';

const database = useTestDatabase();
const names = testNatsNames('scheduler-bad-inputs');
let natsUrl: string;
let fake: FakeIncidents;
let scheduler: TestScheduler;
let sql: pg.Pool;

beforeAll(async () => {
  natsUrl = (await getTestInfrastructure()).natsUrl;
  fake = await startFakeIncidents();
  scheduler = await startTestScheduler({ databaseUrl: database().url, natsUrl, names, incidentsAddress: fake.address });
  sql = new pg.Pool({ connectionString: database().url, max: 2 });
  // A pending row already there, so "unchanged" is not "empty".
  await sql.query(
    `INSERT INTO scheduler_pending_snapshot
       (incident_id, organization_id, incident_version, target_run_date, next_attempt_at, created_at, updated_at)
     VALUES (7, 1, 1, now() + interval '1 hour', now() + interval '1 hour', now(), now())`,
  );
});

afterAll(async () => {
  await sql?.end();
  await scheduler?.stop();
  await fake?.stop();
  await deleteTestStream(natsUrl, names.stream);
});

async function refusedAndUnwritten<Request>(
  spoilers: readonly Spoiler<Request>[],
  call: (change: Partial<Request>) => Promise<unknown>,
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(anySpoiler(spoilers), async ([, change]) => {
      const before = await databaseFingerprint(sql);
      await expectCallersMistake(call(change));
      expect(await databaseFingerprint(sql)).toBe(before);
    }),
    BAD_REQUEST_RUNS,
  );
}

describe('generated bad requests to SnapshotSchedulerService', () => {
  const deadline = { timeoutMs: 30_000 };

  it('start from valid requests', async () => {
    await expectWellFormed(callUnary(scheduler.client, 'getPendingSnapshot', { incidentId: '7' }, deadline));
    await expectWellFormed(
      callUnary(scheduler.client, 'listPendingSnapshots', ListPendingSnapshotsRequest.fromPartial({}), deadline),
    );
  });

  it('GetPendingSnapshot', async () => {
    await refusedAndUnwritten<GetPendingSnapshotRequest>(
      [{ field: 'incident_id', spoil: fc.record({ incidentId: badValues.positiveInt64 }) }],
      (change) =>
        callUnary(scheduler.client, 'getPendingSnapshot', GetPendingSnapshotRequest.fromPartial(change), deadline),
    );
  });

  it('ListPendingSnapshots', async () => {
    await refusedAndUnwritten<ListPendingSnapshotsRequest>(
      [
        { field: 'page_size', spoil: fc.record({ pageSize: badValues.negativePageSize }) },
        { field: 'page_token', spoil: fc.record({ pageToken: badValues.pageToken }) },
      ],
      (change) =>
        callUnary(scheduler.client, 'listPendingSnapshots', ListPendingSnapshotsRequest.fromPartial(change), deadline),
    );
  });
});
