// (b) and (d): StoreEvents calls of `batchSize` events from `callers`
// concurrent callers over gRPC. With duplicates, each call carries fresh
// events and events stored earlier (seeded before the clock starts), so
// the service answers REPLACED or DUPLICATE for the latter.
import { IngestServiceService, StoreOutcome, type Event } from '@vigil/contracts/ingest';
import type { BenchDatabase } from './bench-database.js';
import type { BenchSizes } from './bench-sizes.js';
import { benchEvents, type TimeSpread } from './client-events.js';
import { runClosedLoop, type LoadRun } from './closed-loop.js';
import { HOUR_MS } from './database-limit.js';
import { prepareCall, type Http2UnaryClient } from './http2-unary-client.js';

const CALL_TIMEOUT_MS = 60_000;

export interface BatchLoad {
  readonly projectId: string;
  readonly totalEvents: number;
  /** Share of each call's events that repeat a stored event's key. */
  readonly duplicateShare: number;
  /** What the service must answer for a repeated key under the project's policy. */
  readonly duplicateOutcome: StoreOutcome;
}

export async function measureStoreBatches(
  client: Http2UnaryClient,
  db: BenchDatabase,
  sizes: BenchSizes,
  load: BatchLoad,
): Promise<LoadRun> {
  const time: TimeSpread = { endMs: Date.now(), spreadMs: HOUR_MS };
  const calls = load.totalEvents / sizes.batchSize;
  await storeAll(
    client,
    sizes,
    Array.from({ length: sizes.warmUpBatches }, () => benchEvents(load.projectId, time, sizes.batchSize)),
  );
  await db.reset();

  const repeatedPerCall = Math.round(sizes.batchSize * load.duplicateShare);
  const seed = benchEvents(load.projectId, time, repeatedPerCall * calls);
  await storeAll(client, sizes, chunks(seed, sizes.batchSize));
  const requests = Array.from({ length: calls }, (_, i) =>
    prepareStore([
      ...benchEvents(load.projectId, time, sizes.batchSize - repeatedPerCall),
      ...seed.slice(i * repeatedPerCall, (i + 1) * repeatedPerCall),
    ]),
  );

  const outcomes = new Map<StoreOutcome, number>();
  const run = await runClosedLoop({
    calls,
    concurrency: sizes.callers,
    call: async (i) => {
      const { results } = await client.call(requests[i] as (typeof requests)[number], CALL_TIMEOUT_MS);
      results.forEach((r) => outcomes.set(r.outcome, (outcomes.get(r.outcome) ?? 0) + 1));
      return results.length;
    },
  });
  const repeated = repeatedPerCall * calls;
  const expected = new Map([[StoreOutcome.STORED, run.items - repeated]]);
  expected.set(load.duplicateOutcome, (expected.get(load.duplicateOutcome) ?? 0) + repeated);
  expectOutcomes(outcomes, expected);
  return run;
}

/** Stores the batches, untimed (warm-up, seeding). */
async function storeAll(client: Http2UnaryClient, sizes: BenchSizes, batches: readonly Event[][]): Promise<void> {
  const calls = batches.map(prepareStore);
  await runClosedLoop({
    calls: calls.length,
    concurrency: sizes.callers,
    call: async (i) => (await client.call(calls[i] as (typeof calls)[number], CALL_TIMEOUT_MS)).results.length,
  });
}

const prepareStore = (events: Event[]) => prepareCall(IngestServiceService.storeEvents, { events });

function chunks<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}

/** A run that got other answers than planned measured something else: that is an error, not a figure. */
export function expectOutcomes(
  actual: ReadonlyMap<StoreOutcome, number>,
  expected: ReadonlyMap<StoreOutcome, number>,
): void {
  const describe = (m: ReadonlyMap<StoreOutcome, number>) =>
    [...m]
      .filter(([, n]) => n > 0)
      .map(([o, n]) => `${StoreOutcome[o]}=${n}`)
      .sort()
      .join(' ');
  if (describe(actual) !== describe(expected)) {
    throw new Error(`unexpected outcomes: got ${describe(actual)}, expected ${describe(expected)}`);
  }
}
