// A statistics call's statement stops running in PostgreSQL when its call
// ends: the caller's deadline passes, the caller cancels, or the service's
// own DATABASE_TIMEOUT_MS passes. The statement is made to wait on a real
// lock (the test holds ACCESS EXCLUSIVE on ingest_event), and
// statement_timeout is off, so nothing but the cancellation can end it: the
// backend's query must leave pg_stat_activity while the lock is still held.
import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { GetEventAggregatesRequest } from '@vigil/contracts/ingest';
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { grpcError } from './ingest-api.js';
import { useIngest } from './ingest-harness.js';
import { at, T0 } from './test-events.js';

const DATABASE_TIMEOUT_MS = 8_000;
const ingest = useIngest({
  DATABASE_TIMEOUT_MS: String(DATABASE_TIMEOUT_MS),
  DATABASE_STATEMENT_TIMEOUT_MS: '0',
});

const REQUEST = GetEventAggregatesRequest.fromPartial({
  projectIds: ['7'],
  start: at(T0),
  end: at(T0 + 3_600_000),
});
// What identifies the statistics statement among the database's backends.
const STATEMENT = '%count(DISTINCT user_key)%FROM ingest_event%';
// Generous for a loaded machine: cancelling takes one extra connection and one statement.
const GONE_WITHIN_MS = 20_000;

describe('a statistics statement is cancelled with its call', () => {
  it('when the caller’s deadline passes', async () => {
    await withEventsLocked(async () => {
      const answer = aggregates(Date.now() + 3_000);
      const pid = await statementBackend();
      expect((await answer).code).toBe(status.DEADLINE_EXCEEDED);
      await statementGone(pid);
    });
  });

  it('when the caller cancels', async () => {
    await withEventsLocked(async () => {
      let cancel = (): void => undefined;
      const answer = aggregates(Date.now() + 60_000, (c) => (cancel = c));
      const pid = await statementBackend();
      cancel();
      expect((await answer).code).toBe(status.CANCELLED);
      await statementGone(pid);
    });
  });

  it('when DATABASE_TIMEOUT_MS passes, answering UNAVAILABLE', async () => {
    await withEventsLocked(async () => {
      const answer = grpcError(ingest().api.getEventAggregates(REQUEST));
      const pid = await statementBackend();
      const error = await answer;
      expect(error.code).toBe(status.UNAVAILABLE);
      expect(error.details).toContain(`did not answer within ${DATABASE_TIMEOUT_MS} ms`);
      await statementGone(pid);
    });
  });

  it('leaves the pool whole: statistics answer again once the lock is gone', async () => {
    // Every slot and connection the cancelled calls held was given back.
    const answers = await Promise.all(Array.from({ length: 4 }, () => ingest().api.getEventAggregates(REQUEST)));
    expect(answers.map((a) => a.eventCount)).toEqual(['0', '0', '0', '0']);
  });
});

/** Runs `test` while a transaction of the test's own holds ACCESS EXCLUSIVE on every day of events. */
async function withEventsLocked(test: () => Promise<void>): Promise<void> {
  const locker = await ingest().sql.connect();
  try {
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE ingest_event IN ACCESS EXCLUSIVE MODE');
    await test();
  } finally {
    await locker.query('ROLLBACK');
    locker.release();
  }
}

/** GetEventAggregates on the raw client; resolves with the status the call ended with (never OK here). */
function aggregates(deadline: number, onCall?: (cancel: () => void) => void): Promise<ServiceError> {
  return new Promise((resolve, reject) => {
    const call = ingest().api.client.getEventAggregates(REQUEST, new Metadata(), { deadline }, (error) =>
      error ? resolve(error) : reject(new Error('expected the call to fail, but it was answered')),
    );
    onCall?.(() => call.cancel());
  });
}

/** The pid of the backend running the statistics statement, once it waits on the lock. */
async function statementBackend(): Promise<number> {
  const found = await pollUntil(async () => {
    const { rows } = await sql().query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity
        WHERE query LIKE $1 AND state = 'active' AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
      [STATEMENT],
    );
    return rows[0]?.pid;
  }, 30_000);
  if (found === undefined) throw new Error('the statistics statement never reached PostgreSQL');
  return found;
}

/** Waits until backend `pid` no longer runs the statement; fails after GONE_WITHIN_MS. */
async function statementGone(pid: number): Promise<void> {
  const gone = await pollUntil(async () => {
    const { rows } = await sql().query<{ state: string; query: string }>(
      'SELECT state, query FROM pg_stat_activity WHERE pid = $1',
      [pid],
    );
    const running = rows[0]?.state === 'active' && rows[0].query.includes('count(DISTINCT user_key)');
    return running ? undefined : true;
  }, GONE_WITHIN_MS);
  expect(gone, `backend ${pid} still runs the statistics statement after ${GONE_WITHIN_MS} ms`).toBe(true);
}

async function pollUntil<T>(probe: () => Promise<T | undefined>, withinMs: number): Promise<T | undefined> {
  const until = Date.now() + withinMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function sql(): pg.Pool {
  return ingest().sql;
}
