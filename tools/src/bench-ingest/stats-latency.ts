// (e) GetEventStats latency: 200 one-hour buckets over a project holding
// many events spread over several days, loaded server-side (the counter
// triggers fill the counters as for any write), then queried one call at a
// time, unfiltered and with `level:error`. The range starts and ends
// inside an hour and inside a minute, as real callers' ranges do (a
// snapshot's range starts at an incident's start), so every source of the
// answer is exercised: hour counters, minute counters and raw events.
import { Aggregation, type IngestServiceClient } from '@vigil/contracts/ingest';
import { callUnary } from '@vigil/runtime';
import type { BenchDatabase } from './bench-database.js';
import type { BenchSizes } from './bench-sizes.js';
import { HOUR_MS, upsertServerSide } from './database-limit.js';

const BUCKETS = 200;
const RANGE_START_INTO_HOUR_MS = 17 * 60_000 + 23_500;
const RANGE_END_BEFORE_HOUR_MS = 12 * 60_000 + 36_500;
const LOAD_ROWS_PER_STATEMENT = 50_000;
const LOAD_CONNECTIONS = 2;
const CALL_TIMEOUT_MS = 10_000;

export interface StatsLatency {
  readonly loadSeconds: number;
  /** Milliseconds per call, by query text. */
  readonly latenciesMs: ReadonlyMap<string, readonly number[]>;
  /** The range every call asked about (200 one-hour buckets), for (e') on the same events. */
  readonly range: { readonly start: Date; readonly end: Date };
}

export async function measureStatsLatency(
  client: IngestServiceClient,
  db: BenchDatabase,
  sizes: BenchSizes,
  projectId: string,
  queries: readonly string[],
): Promise<StatsLatency> {
  await db.reset();
  const loadEnd = new Date();
  await db.createDayPartitions(new Date(loadEnd.getTime() - sizes.statsDays * 24 * HOUR_MS), loadEnd);
  const began = performance.now();
  const statements = Math.ceil(sizes.statsEvents / LOAD_ROWS_PER_STATEMENT);
  const perStatement = sizes.statsEvents / statements;
  await upsertServerSide(db, projectId, statements, perStatement, LOAD_CONNECTIONS, {
    end: loadEnd,
    spreadMs: sizes.statsDays * 24 * HOUR_MS,
  });
  await db.pool.query('VACUUM ANALYZE');
  const loadSeconds = (performance.now() - began) / 1000;

  const lastHour = Math.floor(loadEnd.getTime() / HOUR_MS) * HOUR_MS;
  const start = new Date(lastHour - BUCKETS * HOUR_MS + RANGE_START_INTO_HOUR_MS); // buckets: the 200 hours before lastHour
  const end = new Date(lastHour - RANGE_END_BEFORE_HOUR_MS);
  const ask = async (query: string) => {
    const request = {
      projectIds: [projectId],
      groupIds: [],
      query,
      aggregation: Aggregation.TOTAL,
      rollupSeconds: 3600,
      start,
      end,
    };
    const { buckets } = await callUnary(client, 'getEventStats', request, { timeoutMs: CALL_TIMEOUT_MS });
    return buckets;
  };
  await expectExactTotal(db, projectId, start, end, await ask(''));

  const latenciesMs = new Map<string, number[]>();
  for (const query of queries) {
    for (let i = 0; i < sizes.warmUpStatsQueries; i += 1) await ask(query);
    const times: number[] = [];
    for (let i = 0; i < sizes.statsQueries; i += 1) {
      const t0 = performance.now();
      const buckets = await ask(query);
      times.push(performance.now() - t0);
      if (buckets.length !== BUCKETS) throw new Error(`expected ${BUCKETS} buckets, got ${buckets.length}`);
    }
    latenciesMs.set(query, times);
  }
  return { loadSeconds, latenciesMs, range: { start, end } };
}

/** A fast answer that is wrong is no answer: the buckets must add up to the stored events. */
async function expectExactTotal(
  db: BenchDatabase,
  projectId: string,
  start: Date,
  end: Date,
  buckets: readonly { value: string }[],
) {
  const { rows } = await db.pool.query<{ n: string }>(
    'SELECT count(*)::text AS n FROM ingest_event WHERE project_id = $1 AND "timestamp" >= $2 AND "timestamp" < $3',
    [projectId, start, end],
  );
  const served = buckets.reduce((sum, b) => sum + Number(b.value), 0);
  if (String(served) !== rows[0]?.n)
    throw new Error(`GetEventStats counted ${served} events, the table holds ${rows[0]?.n}`);
}
