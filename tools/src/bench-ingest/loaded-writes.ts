// (g) StoreEvent while statistics run: the unary load of (c) alone, and the
// same load while 8 callers keep asking worst-case statistics, in the same
// run, alternating (the order swapped each round) so drift on a shared
// machine hits both. Worst case within the cost bound: every call reads
// events, not counters, over the whole of (e)'s project (1,000,000 events
// over 10 days in the full run): GetEventAggregates (distinct users) and
// GetEventStats of distinct users with a tag filter. Statistics answered
// RESOURCE_EXHAUSTED (every slot taken) or UNAVAILABLE (DATABASE_TIMEOUT_MS
// passed, the statement cancelled) count as the service defending writes;
// any other failure stops the benchmark.
import { status, type ServiceError } from '@grpc/grpc-js';
import { Aggregation, StoreOutcome, type IngestServiceClient } from '@vigil/contracts/ingest';
import { callUnary } from '@vigil/runtime';
import { percentile } from '../measure/percentile.js';
import type { BenchSizes } from './bench-sizes.js';
import { benchEvents } from './client-events.js';
import type { LoadRun } from './closed-loop.js';
import { HOUR_MS } from './database-limit.js';
import type { Http2UnaryClient } from './http2-unary-client.js';
import { expectOutcomes } from './store-batches.js';
import { storeEach } from './store-unary.js';

const STATISTICS_CALLERS = 8;
const STATS_CALL_TIMEOUT_MS = 60_000;
const DEFENDED = new Set([status.RESOURCE_EXHAUSTED, status.UNAVAILABLE]);

export interface LoadedWrites {
  readonly alone: LoadRun[];
  readonly loaded: LoadRun[];
  /** How the statistics calls made during the loaded runs were answered, by status name. */
  readonly statsAnswers: ReadonlyMap<string, number>;
}

export interface LoadedWritesTarget {
  readonly storeClient: Http2UnaryClient;
  readonly statsClient: IngestServiceClient;
  /** The project the events are stored into. */
  readonly writeProject: string;
  /** (e)'s project and the range its events span. */
  readonly statsProject: string;
  readonly statsRange: { readonly start: Date; readonly end: Date };
}

export async function measureLoadedWrites(
  target: LoadedWritesTarget,
  sizes: BenchSizes,
  progress: (text: string) => void,
): Promise<LoadedWrites> {
  const result = { alone: [] as LoadRun[], loaded: [] as LoadRun[], statsAnswers: new Map<string, number>() };
  await storeUnary(target, sizes.warmUpUnaryCalls);
  for (let round = 1; round <= sizes.rounds; round += 1) {
    const order = round % 2 === 1 ? (['alone', 'loaded'] as const) : (['loaded', 'alone'] as const);
    for (const kind of order) {
      const run =
        kind === 'alone'
          ? await storeUnary(target, sizes.loadedWriteCalls)
          : await whileStatisticsRun(target, result.statsAnswers, () => storeUnary(target, sizes.loadedWriteCalls));
      result[kind].push(run);
    }
    const last = (runs: LoadRun[]) => runs[runs.length - 1] as LoadRun;
    progress(
      `(g) round ${round}/${sizes.rounds}: alone ${rate(last(result.alone))}, with statistics ${rate(last(result.loaded))}`,
    );
  }
  return result;
}

async function storeUnary(target: LoadedWritesTarget, calls: number): Promise<LoadRun> {
  const events = benchEvents(target.writeProject, { endMs: Date.now(), spreadMs: HOUR_MS }, calls);
  const outcomes = new Map<StoreOutcome, number>();
  const run = await storeEach(target.storeClient, events, 64, outcomes);
  expectOutcomes(outcomes, new Map([[StoreOutcome.STORED, calls]]));
  return run;
}

/** Runs `writes` while STATISTICS_CALLERS callers each ask one worst-case statistic after another. */
async function whileStatisticsRun(
  target: LoadedWritesTarget,
  answers: Map<string, number>,
  writes: () => Promise<LoadRun>,
): Promise<LoadRun> {
  let running = true;
  let started = 0;
  const count = (name: string) => answers.set(name, (answers.get(name) ?? 0) + 1);
  const caller = async (index: number) => {
    for (let call = 0; running; call += 1) {
      if (call === 0) started += 1;
      try {
        await worstCaseStatistic(target, (index + call) % 2 === 0);
        count('OK');
      } catch (error) {
        const code = (error as Partial<ServiceError>).code;
        if (code === undefined || !DEFENDED.has(code)) throw error;
        count(status[code]);
      }
    }
  };
  const callers = Array.from({ length: STATISTICS_CALLERS }, (_, i) => caller(i));
  // Every caller has a call in flight before the clock starts.
  while (started < STATISTICS_CALLERS) await new Promise((resolve) => setImmediate(resolve));
  try {
    return await writes();
  } finally {
    running = false;
    await Promise.all(callers);
  }
}

function worstCaseStatistic(target: LoadedWritesTarget, aggregates: boolean): Promise<unknown> {
  const selection = { projectIds: [target.statsProject], groupIds: [], ...target.statsRange };
  const options = { timeoutMs: STATS_CALL_TIMEOUT_MS };
  if (aggregates) return callUnary(target.statsClient, 'getEventAggregates', { ...selection, query: '' }, options);
  return callUnary(
    target.statsClient,
    'getEventStats',
    { ...selection, query: 'browser:firefox', aggregation: Aggregation.UNIQUE_USERS, rollupSeconds: 3600 },
    options,
  );
}

const rate = (run: LoadRun) =>
  `${Math.round(run.items / run.seconds).toLocaleString('en-US')}/s, p99 ${percentile(run.latenciesMs, 99).toFixed(1)} ms`;
