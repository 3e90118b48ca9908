// The admin RPCs of the running service, called with the generated client.
import { status } from '@grpc/grpc-js';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { ListPendingSnapshotsRequest, PendingSnapshot } from '@vigil/contracts/scheduler';
import { callUnary } from '@vigil/runtime';
import { deleteTestStream, getTestInfrastructure, testNatsNames, useTestDatabase } from '@vigil/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeIncidents, type FakeIncidents } from '../../test/fake-incidents-server.js';
import { clearPendingRows, insertPendingRows, openTestDatabase } from '../../test/scheduler-database.js';
import { startTestScheduler, type TestScheduler } from '../../test/test-scheduler.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const database = useTestDatabase();
const names = testNatsNames('scheduler-admin');
let natsUrl: string;
let fake: FakeIncidents;
let scheduler: TestScheduler;
let orm: MikroORM;

beforeAll(async () => {
  natsUrl = (await getTestInfrastructure()).natsUrl;
  fake = await startFakeIncidents();
  scheduler = await startTestScheduler({
    databaseUrl: database().url,
    natsUrl,
    names,
    incidentsAddress: fake.address,
    // Two calls at a time make overlapping runs visible in the fake's in-flight count.
    env: { CONCURRENCY: '2', BATCH_SIZE: '4' },
  });
  orm = await openTestDatabase(database().url);
});

afterAll(async () => {
  await orm?.close();
  await scheduler?.stop();
  await fake?.stop();
  await deleteTestStream(natsUrl, names.stream);
});

beforeEach(async () => {
  await clearPendingRows(orm);
});

const deadline = { timeoutMs: 10_000 };

/** Four rows due (oldest 3 h ago) and three not yet due, inserted out of order. */
async function insertMixedRows(): Promise<void> {
  const now = Date.now();
  await insertPendingRows(orm, [
    { incidentId: '17', targetRunDate: new Date(now + 2 * HOUR) },
    { incidentId: '12', targetRunDate: new Date(now - 1 * HOUR) },
    { incidentId: '11', targetRunDate: new Date(now - 3 * HOUR) },
    { incidentId: '16', targetRunDate: new Date(now + 1 * HOUR) },
    { incidentId: '14', targetRunDate: new Date(now - 1 * HOUR) },
    { incidentId: '13', targetRunDate: new Date(now - 2 * HOUR) },
    { incidentId: '15', targetRunDate: new Date(now + 1 * HOUR) },
  ]);
}

async function listAll(request: Omit<ListPendingSnapshotsRequest, 'pageToken'>): Promise<string[][]> {
  const pages: string[][] = [];
  let pageToken = '';
  do {
    const page = await callUnary(scheduler.client, 'listPendingSnapshots', { ...request, pageToken }, deadline);
    pages.push(page.pendingSnapshots.map((row: PendingSnapshot) => row.incidentId));
    pageToken = page.nextPageToken;
  } while (pageToken !== '');
  return pages;
}

describe('GetPendingSnapshot', () => {
  it('answers NOT_FOUND for an incident without a pending snapshot', async () => {
    await expect(
      callUnary(scheduler.client, 'getPendingSnapshot', { incidentId: '999' }, deadline),
    ).rejects.toMatchObject({
      code: status.NOT_FOUND,
      details: 'incident 999 has no pending snapshot',
    });
  });

  it('answers INVALID_ARGUMENT for an id that cannot be an incident', async () => {
    await expect(
      callUnary(scheduler.client, 'getPendingSnapshot', { incidentId: '0' }, deadline),
    ).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
      details: 'incident_id: is required',
    });
  });
});

describe('ListPendingSnapshots', () => {
  it('pages through every row by next attempt, then incident id', async () => {
    await insertMixedRows();
    expect(await listAll({ pageSize: 3 })).toEqual([['11', '13', '12'], ['14', '15', '16'], ['17']]);
    expect(await listAll({ pageSize: 0 })).toEqual([['11', '13', '12', '14', '15', '16', '17']]);
  });

  it('lists only due rows when asked', async () => {
    await insertMixedRows();
    expect(await listAll({ pageSize: 3, dueOnly: true })).toEqual([['11', '13', '12'], ['14']]);
  });

  it('rejects a negative page size, a token it did not issue, and a token of the other listing', async () => {
    await insertMixedRows();
    await expect(
      callUnary(scheduler.client, 'listPendingSnapshots', { pageSize: -1, pageToken: '' }, deadline),
    ).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
      details: 'page_size: must not be negative',
    });
    await expect(
      callUnary(scheduler.client, 'listPendingSnapshots', { pageSize: 3, pageToken: 'not-a-token' }, deadline),
    ).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
    });
    const { nextPageToken } = await callUnary(
      scheduler.client,
      'listPendingSnapshots',
      { pageSize: 3, pageToken: '' },
      deadline,
    );
    await expect(
      callUnary(
        scheduler.client,
        'listPendingSnapshots',
        { pageSize: 3, pageToken: nextPageToken, dueOnly: true },
        deadline,
      ),
    ).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
      details: 'page_token: belongs to another listing (its filters differ)',
    });
  });
});

describe('GetSchedulerStatus and ProcessDueSnapshots', () => {
  it('counts pending and due rows and says how late the oldest due one is', async () => {
    await insertMixedRows();
    const before = Date.now();
    const answer = await callUnary(scheduler.client, 'getSchedulerStatus', {}, deadline);
    expect(answer).toMatchObject({ pendingCount: '7', dueCount: '4' });
    const ageSeconds = Number(answer.oldestDueAge?.seconds);
    expect(ageSeconds).toBeGreaterThanOrEqual(3 * 3600);
    expect(ageSeconds).toBeLessThan(3 * 3600 + 60);
    expect(answer.asOf?.getTime()).toBeGreaterThanOrEqual(before);
  });

  it('processes what is due now and reports each outcome', async () => {
    await insertMixedRows();
    fake.setState('13', 'not_closed');
    fake.setState('14', 'missing');
    expect(await callUnary(scheduler.client, 'processDueSnapshots', {}, deadline)).toEqual({
      batches: '1',
      claimed: '4',
      created: '2',
      alreadyExisted: '0',
      removedNotClosed: '1',
      removedNotFound: '1',
      failed: '0',
    });
    const after = await callUnary(scheduler.client, 'getSchedulerStatus', {}, deadline);
    expect(after).toMatchObject({ pendingCount: '3', dueCount: '0' });
    expect(after.oldestDueAge).toBeUndefined();
  });

  it('runs calls made at the same time one after the other, never overlapping', async () => {
    const now = Date.now();
    await insertPendingRows(
      orm,
      Array.from({ length: 12 }, (_, i) => ({
        incidentId: String(100 + i),
        targetRunDate: new Date(now - i * MINUTE),
      })),
    );
    fake.delayMs = 30;
    try {
      const answers = await Promise.all([
        callUnary(scheduler.client, 'processDueSnapshots', {}, deadline),
        callUnary(scheduler.client, 'processDueSnapshots', {}, deadline),
      ]);
      expect(answers.map((answer) => Number(answer.claimed)).sort()).toEqual([0, 12]);
      expect(fake.mostInFlight).toBe(2); // CONCURRENCY, not twice that
    } finally {
      fake.delayMs = 0;
    }
  });
});
