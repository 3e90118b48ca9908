// A PostgreSQL outage, made by cutting a TCP proxy between the service and
// the database while writers keep sending: callers get UNAVAILABLE (or their
// own deadline), never a hang; every acknowledged event is stored; once the
// database is reachable again the same service process recovers by itself,
// however many outages it has been through.
import { status, type ServiceError } from '@grpc/grpc-js';
import { StoreOutcome, type Event } from '@vigil/contracts/ingest';
import { startTcpProxy, useTestDatabase, type TcpProxy } from '@vigil/testing';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directSql, INGEST_TEMPLATE, startTestIngest, type TestIngest } from './ingest-harness.js';
import { allCountMismatches } from './recount.js';
import { at, eventIdOf, HOUR, SECOND, T0, testEvent } from './test-events.js';

const DEADLINE_MS = 3000;
const POOL_SIZE = 4;
const database = useTestDatabase({ template: INGEST_TEMPLATE });
let proxy: TcpProxy;
let ingest: TestIngest;
let sql: pg.Pool;

beforeAll(async () => {
  const target = new URL(database().url);
  proxy = await startTcpProxy({ targetHost: target.hostname, targetPort: Number(target.port || 5432) });
  ingest = await startTestIngest(proxy.proxiedUrl(database().url), {
    DATABASE_TIMEOUT_MS: '1500',
    DATABASE_POOL_SIZE: String(POOL_SIZE),
  });
  // The test's own view of the database, around the proxy.
  sql = directSql(database().url);
});

afterAll(async () => {
  proxy.restore();
  await ingest.stop();
  await proxy.close();
  await sql.end();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const PROJECT = '1';
let lastId = 0;
const newEvent = (): Event =>
  testEvent({ projectId: PROJECT, eventId: eventIdOf(++lastId), timestamp: at(T0 + (lastId % 600) * SECOND) });

interface Failure {
  readonly code: status;
  readonly details: string;
}

interface Writers {
  /** Event ids answered STORED. */
  readonly acknowledged: string[];
  readonly failures: Failure[];
}

/**
 * Runs `during` while `count` writers keep storing (unary, and batches of
 * 20), noting what was acknowledged and how calls failed; stops them however
 * `during` ends.
 */
async function withWriters(count: number, during: (writers: Writers) => Promise<void>): Promise<Writers> {
  const writers: Writers = { acknowledged: [], failures: [] };
  let running = true;
  const write = async (batch: boolean) => {
    const events = batch ? Array.from({ length: 20 }, newEvent) : [newEvent()];
    try {
      const outcomes = batch
        ? (await ingest.api.storeEvents(events, DEADLINE_MS)).results.map((r) => r.outcome)
        : [(await ingest.api.storeEvent(events[0]!, DEADLINE_MS)).outcome];
      outcomes.forEach(
        (outcome, i) => outcome === StoreOutcome.STORED && writers.acknowledged.push(events[i]!.eventId),
      );
    } catch (error) {
      const { code, details } = error as ServiceError;
      writers.failures.push({ code, details });
      await sleep(50);
    }
  };
  const loops = Array.from({ length: count }, async (_, i) => {
    while (running) await write(i % 3 === 0);
  });
  try {
    await during(writers);
  } finally {
    running = false;
    await Promise.all(loops);
  }
  return writers;
}

// Generous for a loaded machine: only a condition that never comes true should end here.
const WAIT_LIMIT_MS = 45_000;

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + WAIT_LIMIT_MS;
  while (!condition() && Date.now() < deadline) await sleep(50);
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
}

/**
 * A call while the database is unreachable fails with one of `allowed`, never
 * hangs. No bound on the time it took (a loaded machine stretches any bound):
 * a call without a deadline of its own that hung would end only at the test's
 * timeout, and the code says which guard answered (UNAVAILABLE: the service's
 * database guard; DEADLINE_EXCEEDED: the caller's own deadline).
 */
async function expectFailure(call: Promise<unknown>, allowed: readonly status[]): Promise<void> {
  const error = await call.then(
    () => null,
    (e: unknown) => e as ServiceError,
  );
  expect(allowed, String(error?.details)).toContain(error?.code);
}

describe('a PostgreSQL outage', () => {
  it('answers UNAVAILABLE within the deadline, loses no acknowledged event, and recovers without a restart', async () => {
    const writers = await withWriters(6, async (w) => {
      await waitFor(() => w.acknowledged.length >= 200, 'writes before the cut');
      proxy.cut();
      await expectFailure(ingest.api.storeEvent(newEvent(), DEADLINE_MS), [
        status.UNAVAILABLE,
        status.DEADLINE_EXCEEDED,
      ]);
      const range = { projectIds: [PROJECT], start: at(T0), end: at(T0 + HOUR) };
      await expectFailure(ingest.api.getEventAggregates(range), [status.UNAVAILABLE]);
      await waitFor(() => w.failures.length >= 12, 'writes to fail during the cut');
      proxy.restore();
      const ackedAtRestore = w.acknowledged.length;
      await waitFor(() => w.acknowledged.length >= ackedAtRestore + 200, 'writes to succeed again after the restore');
    });

    for (const failure of writers.failures) {
      expect([status.UNAVAILABLE, status.DEADLINE_EXCEEDED], failure.details).toContain(failure.code);
    }
    const { rows } = await sql.query<{ id: string }>(
      `SELECT replace(event_id::text, '-', '') AS id FROM ingest_event WHERE project_id = $1`,
      [PROJECT],
    );
    const stored = new Set(rows.map((r) => r.id));
    expect(writers.acknowledged.filter((id) => !stored.has(id))).toEqual([]);
    // Transactions cut half-way left no partial counts behind.
    expect(await allCountMismatches(sql)).toEqual([]);
  }, 300_000);

  it('recovers from outage after outage that cut writes in flight (no pooled connection is lost)', async () => {
    // More outages than the pool has connections: a connection lost per cut transaction would show.
    for (let outage = 1; outage <= POOL_SIZE; outage += 1) {
      const writers = await withWriters(6, async (w) => {
        await waitFor(() => w.acknowledged.length >= 100, `writes before cut ${outage}`);
        proxy.cut();
        await waitFor(() => w.failures.length >= 12, `writes to fail during cut ${outage}`);
        proxy.restore();
        const ackedAtRestore = w.acknowledged.length;
        await waitFor(() => w.acknowledged.length >= ackedAtRestore + 100, `writes to succeed after restore ${outage}`);
      });
      const { rows } = await sql.query<{ n: string }>(
        `SELECT count(*) AS n FROM ingest_event WHERE project_id = $1 AND replace(event_id::text, '-', '') = ANY($2)`,
        [PROJECT, writers.acknowledged],
      );
      expect(Number(rows[0]?.n)).toBe(writers.acknowledged.length);
    }
    expect(await allCountMismatches(sql)).toEqual([]);
  }, 600_000);

  it('serves a fresh call after a short outage within a few retries', async () => {
    proxy.cut();
    await expectFailure(ingest.api.getEvent({ projectId: PROJECT, eventId: eventIdOf(1) }), [status.UNAVAILABLE]);
    proxy.restore();
    let answer: StoreOutcome | undefined;
    for (let attempt = 0; attempt < 20 && answer === undefined; attempt += 1) {
      answer = await ingest.api.storeEvent(newEvent(), DEADLINE_MS).then(
        (a) => a.outcome,
        async () => {
          await sleep(250);
          return undefined;
        },
      );
    }
    expect(answer).toBe(StoreOutcome.STORED);
  });
});
