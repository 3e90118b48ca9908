// What incidents expects of ingest's statistics (its snapshots and live
// stats are built from them), checked against the real, built ingest.
import { status } from '@grpc/grpc-js';
import { Aggregation, Level } from '@vigil/contracts/ingest';
import { callUnary } from '@vigil/runtime';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { freshId, HOUR, MINUTE, recentDay, SECOND, statusOf, storeEvents } from './contract-helpers.js';
import { startVigilSystem, type VigilSystem } from './vigil-system.js';

let system: VigilSystem;
const project = freshId();
const otherProject = freshId();
const T0 = recentDay() + 10 * HOUR; // 10:00 two days ago

beforeAll(async () => {
  system = await startVigilSystem('ingest-contract');
  await storeEvents(system.ingest, [
    { at: T0 - 1, project }, // just before the range
    { at: T0, project, user: 'ann' }, // exactly at start: counted
    { at: T0 + 30 * SECOND, project, user: 'ann', level: Level.WARNING },
    { at: T0 + 2 * MINUTE + 5 * SECOND, project, user: 'bob' },
    { at: T0 + 4 * MINUTE, project }, // exactly at end: not counted
    { at: T0 + MINUTE, project: otherProject },
  ]);
}, 300_000);

afterAll(() => system?.close());

const range = { start: new Date(T0), end: new Date(T0 + 4 * MINUTE) };

describe('GetEventStats, as incidents uses it', () => {
  test('buckets are aligned to the rollup since the epoch, cover [start, end), and include empty ones as 0', async () => {
    const { buckets } = await callUnary(
      system.ingest,
      'getEventStats',
      {
        projectIds: [project],
        groupIds: [],
        query: '',
        aggregation: Aggregation.TOTAL,
        rollupSeconds: 60,
        ...range,
      },
      { timeoutMs: 5_000 },
    );
    expect(buckets.map((b) => [b.start?.getTime(), b.value])).toEqual([
      [T0, '2'],
      [T0 + MINUTE, '0'],
      [T0 + 2 * MINUTE, '1'],
      [T0 + 3 * MINUTE, '0'],
    ]);
  });

  test('a range starting inside a bucket counts only events inside the range', async () => {
    const { buckets } = await callUnary(
      system.ingest,
      'getEventStats',
      {
        projectIds: [project],
        groupIds: [],
        query: '',
        aggregation: Aggregation.TOTAL,
        rollupSeconds: 3600,
        start: new Date(T0 + 10 * SECOND),
        end: range.end,
      },
      { timeoutMs: 5_000 },
    );
    expect(buckets.map((b) => [b.start?.getTime(), b.value])).toEqual([[T0, '2']]);
  });

  test('UNIQUE_USERS counts distinct users per bucket; the query filters', async () => {
    const users = await callUnary(
      system.ingest,
      'getEventStats',
      {
        projectIds: [project],
        groupIds: [],
        query: '',
        aggregation: Aggregation.UNIQUE_USERS,
        rollupSeconds: 240,
        ...range,
      },
      { timeoutMs: 5_000 },
    );
    expect(users.buckets.map((b) => b.value)).toEqual(['2']);
    const errors = await callUnary(
      system.ingest,
      'getEventStats',
      {
        projectIds: [project],
        groupIds: [],
        query: 'level:error',
        aggregation: Aggregation.TOTAL,
        rollupSeconds: 240,
        ...range,
      },
      { timeoutMs: 5_000 },
    );
    expect(errors.buckets.map((b) => b.value)).toEqual(['2']);
  });

  test('another project is never counted', async () => {
    const { buckets } = await callUnary(
      system.ingest,
      'getEventStats',
      {
        projectIds: [otherProject],
        groupIds: [],
        query: '',
        aggregation: Aggregation.TOTAL,
        rollupSeconds: 240,
        ...range,
      },
      { timeoutMs: 5_000 },
    );
    expect(buckets.map((b) => b.value)).toEqual(['1']);
  });

  test('a bad query is INVALID_ARGUMENT naming the query', async () => {
    const failure = await statusOf(
      callUnary(
        system.ingest,
        'getEventStats',
        {
          projectIds: [project],
          groupIds: [],
          query: 'level:loud',
          aggregation: Aggregation.TOTAL,
          rollupSeconds: 60,
          ...range,
        },
        { timeoutMs: 5_000 },
      ),
    );
    expect(failure.code).toBe(status.INVALID_ARGUMENT);
    expect(failure.details).toMatch(/^query: /);
  });
});

describe('GetEventAggregates, as incidents uses it', () => {
  test('event count and distinct users over [start, end)', async () => {
    const totals = await callUnary(
      system.ingest,
      'getEventAggregates',
      { projectIds: [project], groupIds: [], query: '', ...range },
      { timeoutMs: 5_000 },
    );
    expect(totals).toEqual({ eventCount: '3', uniqueUsers: '2' });
  });

  test('the sum of the buckets equals the aggregate over the same range', async () => {
    const { buckets } = await callUnary(
      system.ingest,
      'getEventStats',
      {
        projectIds: [project],
        groupIds: [],
        query: '',
        aggregation: Aggregation.TOTAL,
        rollupSeconds: 90,
        ...range,
      },
      { timeoutMs: 5_000 },
    );
    expect(buckets.reduce((sum, b) => sum + Number(b.value), 0)).toBe(3);
  });
});
