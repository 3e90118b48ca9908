// The bounds on statistics, over gRPC against the real PostgreSQL: a cost
// bound (a statistic read from events may span at most STATS_MAX_SCAN_RANGE;
// one from the counters may not be refused for it) and an admission limit
// (STATS_MAX_CONCURRENT calls at work; the others wait, then
// RESOURCE_EXHAUSTED), so statistics stuck in the database never take the
// connections a write needs.
import { status, type ServiceError } from '@grpc/grpc-js';
import { Aggregation, type GetEventAggregatesRequest } from '@vigil/contracts/ingest';
import { BadRequest, ErrorInfo, Status } from '@vigil/contracts/rpc';
import { describe, expect, it } from 'vitest';
import { grpcError } from './ingest-api.js';
import { useIngest } from './ingest-harness.js';
import { at, eventIdOf, HOUR, T0, testEvent } from './test-events.js';

const DAY = 24 * HOUR;
const ingest = useIngest({
  DATABASE_POOL_SIZE: '3',
  STATS_MAX_CONCURRENT: '2',
  STATS_MAX_SCAN_RANGE: '24h',
  // Both holders' statements must be waiting on the lock at the same moment
  // before the first is cancelled: far above the seconds a loaded machine
  // takes to start two calls (at 4 s the poll below missed it under load).
  DATABASE_TIMEOUT_MS: '15000',
  DATABASE_STATEMENT_TIMEOUT_MS: '0',
});
const P = '3';
const ONE_HOUR: Partial<GetEventAggregatesRequest> = { projectIds: [P], start: at(T0), end: at(T0 + HOUR) };

describe('the cost bound', () => {
  it('refuses statistics read from events over more than STATS_MAX_SCAN_RANGE, naming it on `end`', async () => {
    const { api } = ingest();
    const wide = { projectIds: [P], start: at(T0), end: at(T0 + DAY + 1) };
    for (const call of [
      api.getEventAggregates(wide),
      api.getEventStats({ ...wide, aggregation: Aggregation.UNIQUE_USERS, rollupSeconds: 3600 }),
      // Two tags: no counter holds their conjunction.
      api.getEventStats({
        ...wide,
        query: 'browser:firefox os:linux',
        aggregation: Aggregation.TOTAL,
        rollupSeconds: 3600,
      }),
      // One tag in buckets of minutes: the term counters are per hour.
      api.getEventStats({ ...wide, query: 'browser:firefox', aggregation: Aggregation.TOTAL, rollupSeconds: 60 }),
    ]) {
      const error = await grpcError(call);
      expect(error.code).toBe(status.INVALID_ARGUMENT);
      expect(fieldViolations(error)).toEqual([
        { field: 'end', description: expect.stringContaining('at most 24 h (STATS_MAX_SCAN_RANGE)') },
      ]);
    }
    await expect(api.getEventAggregates({ ...wide, end: at(T0 + DAY) })).resolves.toMatchObject({ eventCount: '0' });
  });

  it.each(['level:error', 'browser:firefox', '!environment:production'])(
    'does not limit the range of totals the counters answer (%s, whole minutes or hours)',
    async (query) => {
      const response = await ingest().api.getEventStats({
        projectIds: [P],
        start: at(T0),
        end: at(T0 + 90 * DAY),
        query,
        aggregation: Aggregation.TOTAL,
        rollupSeconds: 86_400,
      });
      expect(response.buckets).toHaveLength(90);
    },
  );
});

describe('the admission limit', () => {
  it('keeps a connection for writes while every statistics slot is stuck, and answers the waiters RESOURCE_EXHAUSTED', async () => {
    const { api, sql } = ingest();
    // The day of the statistics gets its partition; today's is made at start.
    await api.storeEvent(testEvent({ projectId: P, eventId: eventIdOf(1), timestamp: at(T0) }));
    const locker = await sql.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE ingest_event_p20210101 IN ACCESS EXCLUSIVE MODE');
      const holders = [1, 2].map(() => grpcError(api.getEventAggregates(ONE_HOUR)));
      await pollUntil(async () => ((await lockedStatements()) === 2 ? true : undefined), 30_000);
      const waiters = Array.from({ length: 6 }, () => grpcError(api.getEventAggregates(ONE_HOUR)));
      // Two statements hold two of the three connections; the third is the write's.
      const stored = await api.storeEvent(testEvent({ projectId: P, eventId: eventIdOf(2), timestamp: new Date() }));
      expect(stored.groupId).not.toBe('');
      expect(await lockedStatements()).toBe(2);
      // The holders time out in the database (their statements cancelled), and pass their slots to the
      // first two waiters, which time out in the database in turn; the other four give up waiting first.
      expect((await Promise.all(holders)).map((e) => e.code)).toEqual([status.UNAVAILABLE, status.UNAVAILABLE]);
      const waited = await Promise.all(waiters);
      expect(waited.filter((e) => e.code === status.UNAVAILABLE)).toHaveLength(2);
      const refused = waited.filter((e) => e.code === status.RESOURCE_EXHAUSTED);
      expect(refused).toHaveLength(4);
      expect(refused.map(errorReason)).toEqual(Array(4).fill('STATISTICS_BUSY'));
      expect(refused[0]?.details).toContain('all 2 statistics slots (STATS_MAX_CONCURRENT) stayed busy');
    } finally {
      await locker.query('ROLLBACK');
      locker.release();
    }
    await expect(api.getEventAggregates(ONE_HOUR)).resolves.toMatchObject({ eventCount: '1' });
  });
});

/** How many statistics statements wait on a lock right now. */
async function lockedStatements(): Promise<number> {
  const { rows } = await ingest().sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE query LIKE '%count(DISTINCT user_key)%' AND state = 'active' AND wait_event_type = 'Lock'
        AND pid <> pg_backend_pid()`,
  );
  return rows[0]?.n ?? 0;
}

function details(error: ServiceError): Status {
  const [raw] = error.metadata.get('grpc-status-details-bin');
  return Status.decode(raw as Buffer);
}

function fieldViolations(error: ServiceError) {
  const detail = details(error).details.find((d) => d.typeUrl.endsWith('/google.rpc.BadRequest'));
  return detail ? BadRequest.decode(detail.value).fieldViolations : [];
}

function errorReason(error: ServiceError): string | undefined {
  const detail = details(error).details.find((d) => d.typeUrl.endsWith('/google.rpc.ErrorInfo'));
  return detail && ErrorInfo.decode(detail.value).reason;
}

async function pollUntil<T>(probe: () => Promise<T | undefined>, withinMs: number): Promise<T> {
  const until = Date.now() + withinMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`not reached within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
