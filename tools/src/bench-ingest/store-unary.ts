// (c) Unary StoreEvent with a fixed number of calls in flight: the group
// commit path. Latency is per call, as the client sees it.
import type { Event, IngestServiceClient } from '@vigil/contracts/ingest';
import { StoreOutcome } from '@vigil/contracts/ingest';
import { callUnary } from '@vigil/runtime';
import type { BenchDatabase } from './bench-database.js';
import type { BenchSizes } from './bench-sizes.js';
import { benchEvents, type TimeSpread } from './client-events.js';
import { runClosedLoop, type LoadRun } from './closed-loop.js';
import { HOUR_MS } from './database-limit.js';
import { expectOutcomes } from './store-batches.js';

const CALL_TIMEOUT_MS = 10_000;

export async function measureStoreUnary(
  client: IngestServiceClient,
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

function storeEach(
  client: IngestServiceClient,
  events: readonly Event[],
  inFlight: number,
  outcomes: Map<StoreOutcome, number>,
): Promise<LoadRun> {
  return runClosedLoop({
    calls: events.length,
    concurrency: inFlight,
    call: async (i) => {
      const { outcome } = await callUnary(client, 'storeEvent', { event: events[i] }, { timeoutMs: CALL_TIMEOUT_MS });
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      return 1;
    },
  });
}
