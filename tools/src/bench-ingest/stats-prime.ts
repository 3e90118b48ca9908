// (e') GetEventStats that today's level counters cannot answer: tag and
// field filters, a negated filter, a two-tag conjunction and distinct users,
// over the same 1,000,000 events and 200 one-hour buckets as (e), right
// after it. Every answer is checked bucket by bucket against a count written
// here by hand in SQL (not the service's own filter code), so a fast answer
// that is wrong fails the benchmark.
import { Aggregation, type IngestServiceClient } from '@vigil/contracts/ingest';
import { callUnary } from '@vigil/runtime';
import { percentile } from '../measure/percentile.js';
import type { BenchDatabase } from './bench-database.js';
import type { BenchSizes } from './bench-sizes.js';

const CALL_TIMEOUT_MS = 10_000;

interface StatsProbe {
  readonly label: string;
  readonly query: string;
  readonly aggregation: Aggregation;
  /** The same events, counted independently (a condition on ingest_event). */
  readonly oracleWhere: string;
  readonly bound: string;
  readonly boundMs: number;
}

/** The bounds, with what the issue measured on main before the term counters (p95, same machine). */
const PROBES: readonly StatsProbe[] = [
  {
    label: 'browser:chrome',
    query: 'browser:chrome',
    aggregation: Aggregation.TOTAL,
    oracleWhere: `tags->>'browser' = 'chrome'`,
    bound: 'p95 ≤ 100 ms (main: 517 ms)',
    boundMs: 100,
  },
  {
    label: '!environment:production',
    query: '!environment:production',
    aggregation: Aggregation.TOTAL,
    oracleWhere: `environment <> 'production'`,
    bound: 'p95 ≤ 100 ms (main: 215 ms)',
    boundMs: 100,
  },
  {
    label: 'user.id:user-5',
    query: 'user.id:user-5',
    aggregation: Aggregation.TOTAL,
    oracleWhere: `user_id = 'user-5'`,
    bound: 'p95 ≤ 100 ms (main: 169 ms)',
    boundMs: 100,
  },
  {
    label: 'os:linux browser:firefox',
    query: 'os:linux browser:firefox',
    aggregation: Aggregation.TOTAL,
    oracleWhere: `tags->>'os' = 'linux' AND tags->>'browser' = 'firefox'`,
    bound: 'aim p95 ≤ 250 ms (main: 379 ms)',
    boundMs: 250,
  },
  {
    label: 'UNIQUE_USERS, unfiltered',
    query: '',
    aggregation: Aggregation.UNIQUE_USERS,
    oracleWhere: 'true',
    bound: 'aim p95 ≤ 250 ms (not measured on main)',
    boundMs: 250,
  },
];

export interface StatsPrimeFigure {
  readonly label: string;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly bound: string;
  readonly withinBound: boolean;
  /** Set when a call failed (e.g. UNAVAILABLE past DATABASE_TIMEOUT_MS): the probe has no figures. */
  readonly failure?: string;
}

export async function measureStatsPrime(
  client: IngestServiceClient,
  db: BenchDatabase,
  sizes: BenchSizes,
  projectId: string,
  range: { readonly start: Date; readonly end: Date },
): Promise<StatsPrimeFigure[]> {
  const figures: StatsPrimeFigure[] = [];
  for (const probe of PROBES) {
    const request = {
      projectIds: [projectId],
      groupIds: [],
      query: probe.query,
      aggregation: probe.aggregation,
      rollupSeconds: 3600,
      ...range,
    };
    const ask = () => callUnary(client, 'getEventStats', request, { timeoutMs: CALL_TIMEOUT_MS });
    const times: number[] = [];
    try {
      await expectExact(db, projectId, range, probe, (await ask()).buckets);
      for (let i = 0; i < sizes.warmUpStatsQueries; i += 1) await ask();
      for (let i = 0; i < sizes.statsQueries; i += 1) {
        const t0 = performance.now();
        await ask();
        times.push(performance.now() - t0);
      }
    } catch (error) {
      // A wrong answer still stops the run; a call the service failed is reported as such.
      if (!(error instanceof Error) || error.message.startsWith("(e')")) throw error;
      const failure = `call ${times.length + 1} failed: ${error.message.split('\n')[0]}`;
      figures.push({
        label: probe.label,
        p50Ms: Number.NaN,
        p95Ms: Number.NaN,
        bound: probe.bound,
        withinBound: false,
        failure,
      });
      continue;
    }
    const p95Ms = percentile(times, 95);
    figures.push({
      label: probe.label,
      p50Ms: percentile(times, 50),
      p95Ms,
      bound: probe.bound,
      withinBound: p95Ms <= probe.boundMs,
    });
  }
  return figures;
}

async function expectExact(
  db: BenchDatabase,
  projectId: string,
  range: { readonly start: Date; readonly end: Date },
  probe: StatsProbe,
  buckets: readonly { start?: Date | undefined; value: string }[],
): Promise<void> {
  const value = probe.aggregation === Aggregation.UNIQUE_USERS ? 'count(DISTINCT user_key)' : 'count(*)';
  const { rows } = await db.pool.query<{ bucket: string; value: string }>(
    `SELECT floor(extract(epoch FROM "timestamp") / 3600)::bigint::text AS bucket, ${value}::text AS value
     FROM ingest_event WHERE project_id = $1 AND "timestamp" >= $2 AND "timestamp" < $3 AND (${probe.oracleWhere})
     GROUP BY 1`,
    [projectId, range.start, range.end],
  );
  const expected = new Map(rows.map((row) => [Number(row.bucket), row.value]));
  for (const bucket of buckets) {
    const key = (bucket.start?.getTime() ?? Number.NaN) / 3_600_000;
    const want = expected.get(key) ?? '0';
    if (bucket.value !== want)
      throw new Error(
        `(e') ${probe.label}: bucket ${bucket.start?.toISOString()} answered ${bucket.value}, the events say ${want}`,
      );
  }
}

/** The (e') lines of the report, one per probe. */
export function formatStatsPrime(figures: readonly StatsPrimeFigure[]): string {
  return figures
    .map((f) =>
      f.failure !== undefined
        ? `(e') GetEventStats 200 x 1 h, ${f.label}: ${f.failure} — ${f.bound}: NOT within`
        : `(e') GetEventStats 200 x 1 h, ${f.label}: p50 ${f.p50Ms.toFixed(1)} ms, p95 ${f.p95Ms.toFixed(1)} ms` +
          ` — ${f.bound}: ${f.withinBound ? 'within' : 'NOT within'}`,
    )
    .join('\n');
}
