// (c) Unary StoreEvent with a fixed number of calls in flight: the group
// commit path. Latency is per call, as the client sees it.
import { IngestServiceService, StoreOutcome, type Event } from '@vigil/contracts/ingest';
import type { BenchDatabase } from './bench-database.js';
import type { BenchSizes } from './bench-sizes.js';
import { benchEvents, type TimeSpread } from './client-events.js';
import { runClosedLoop, type LoadRun } from './closed-loop.js';
import { HOUR_MS } from './database-limit.js';
import { prepareCall, type Http2UnaryClient } from './http2-unary-client.js';
import { expectOutcomes } from './store-batches.js';

const CALL_TIMEOUT_MS = 10_000;

export async function measureStoreUnary(
  client: Http2UnaryClient,
  db: BenchDatabase,
  sizes: BenchSizes,
  projectId: string,
): Promise<LoadRun> {
  const time: TimeSpread = { endMs: Date.now(), spreadMs: HOUR_MS };
  await storeEach(client, benchEvents(projectId, time, sizes.warmUpUnaryCalls), sizes.unaryInFlight, new Map());
  await db.reset();
  const outcomes = new Map<StoreOutcome, number>();
  const run = await storeEach(client, benchEvents(projectId, time, sizes.unaryCalls), sizes.unaryInFlight, outcomes);
  expectOutcomes(outcomes, new Map([[StoreOutcome.STORED, sizes.unaryCalls]]));
  return run;
}

/** Stores each event with one StoreEvent call, `inFlight` at a time; counts the outcomes. */
export function storeEach(
  client: Http2UnaryClient,
  events: readonly Event[],
  inFlight: number,
  outcomes: Map<StoreOutcome, number>,
): Promise<LoadRun> {
  const calls = events.map((event) => prepareCall(IngestServiceService.storeEvent, { event }));
  return runClosedLoop({
    calls: calls.length,
    concurrency: inFlight,
    call: async (i) => {
      const { outcome } = await client.call(calls[i] as (typeof calls)[number], CALL_TIMEOUT_MS);
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      return 1;
    },
  });
}
