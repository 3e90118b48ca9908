// Group commit, shown by what the database records rather than by timing:
// rows written by one transaction share its id (xmin), so the number of
// distinct xmin among the rows of many concurrent unary StoreEvent calls is
// the number of transactions that wrote them. And each call is answered
// only once its write has committed: the moment a StoreEvent answer
// arrives, GetEvent (another connection, READ COMMITTED) finds the event.
import { status, type ServiceError } from '@grpc/grpc-js';
import { StoreOutcome } from '@vigil/contracts/ingest';
import { afterAll, describe, expect, it } from 'vitest';
import { connectIngest, grpcError, type IngestApi } from './ingest-api.js';
import { useIngest } from './ingest-harness.js';
import { storedEventCount } from './recount.js';
import { at, eventIdOf, MINUTE, T0, testEvent } from './test-events.js';

// The database guard (DATABASE_TIMEOUT_MS, 5 s by default) is not what this file is
// about: with 256 calls in flight on a loaded 2-core machine a call may queue behind
// several batches for longer than that, and would then be answered UNAVAILABLE.
const ingest = useIngest({ DATABASE_TIMEOUT_MS: '10m' });
const CALLS = 2000;
const CLIENTS = 4;
const IN_FLIGHT = 256;
const clients: IngestApi[] = [];
afterAll(() => clients.forEach((c) => c.close()));

/** Transactions that wrote the project's rows. */
async function writingTransactions(projectId: string): Promise<number> {
  const { rows } = await ingest().sql.query<{ n: string }>(
    'SELECT count(DISTINCT xmin::text) AS n FROM ingest_event WHERE project_id = $1',
    [projectId],
  );
  return Number(rows[0]?.n);
}

describe('unary StoreEvent under load', () => {
  it('coalesces concurrent calls into far fewer transactions, answering each only after its commit', async () => {
    const { port, api: reader, sql } = ingest();
    const projectId = '1';
    while (clients.length < CLIENTS) clients.push(connectIngest(port, { 'vigil.test.client': clients.length }));
    const notYetVisible: string[] = [];

    // Workers with calls in flight on every client; each checks its event the moment the answer arrives.
    let next = 0;
    const worker = async (api: IngestApi) => {
      for (let i = next++; i < CALLS; i = next++) {
        const event = testEvent({ projectId, eventId: eventIdOf(i + 1), timestamp: at(T0 + (i % 120) * MINUTE) });
        const answer = await api.storeEvent(event);
        expect(answer.outcome).toBe(StoreOutcome.STORED);
        const found = await reader
          .getEvent({ projectId, eventId: event.eventId, timestamp: event.timestamp })
          .catch((e: unknown) => e);
        if (found instanceof Error && (found as ServiceError).code === status.NOT_FOUND)
          notYetVisible.push(event.eventId);
        else if (found instanceof Error) throw found;
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, (_, w) => worker(clients[w % CLIENTS]!)));

    expect(notYetVisible).toEqual([]);
    expect(await storedEventCount(sql, projectId)).toBe(CALLS);
    const transactions = await writingTransactions(projectId);
    expect(transactions).toBeGreaterThan(0);
    // One round trip per event would be CALLS transactions; batching gives a small fraction.
    expect(transactions).toBeLessThan(CALLS / 10);
  });

  it('still answers a lone call at once, in a transaction of its own', async () => {
    const { api } = ingest();
    const projectId = '2';
    for (let i = 1; i <= 3; i += 1) {
      expect((await api.storeEvent(testEvent({ projectId, eventId: eventIdOf(i) }))).outcome).toBe(StoreOutcome.STORED);
      await expect(api.getEvent({ projectId, eventId: eventIdOf(i) })).resolves.toBeDefined();
    }
    expect(await writingTransactions(projectId)).toBe(3);
    expect((await grpcError(api.getEvent({ projectId, eventId: eventIdOf(4) }))).code).toBe(status.NOT_FOUND);
  });
});
