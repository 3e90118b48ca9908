// How much work the scheduler benchmark does. The full run is the issue's
// 5,000 due incidents and is sized to finish in about five minutes on the
// 2-core machine; the quick run (BENCH_QUICK=1) is a smoke run of the same
// code paths with 500.

export interface BenchSizes {
  /** Incidents in set A (made by Vigil's scheduler) and, as many again, in set B (made by graphile-worker). */
  readonly incidentsPerSet: number;
  /** Incidents per set in the untimed warm-up round that runs first through both. */
  readonly warmUpPerSet: number;
  /** Events stored in ingest for each incident, spread across its time range. */
  readonly eventsPerIncident: number;
  /** Status changes whose latency to the pending row is measured. */
  readonly latencySamples: number;
}

const FULL: BenchSizes = { incidentsPerSet: 5_000, warmUpPerSet: 200, eventsPerIncident: 20, latencySamples: 500 };
const QUICK: BenchSizes = { incidentsPerSet: 500, warmUpPerSet: 50, eventsPerIncident: 20, latencySamples: 100 };

export interface BenchSettings {
  readonly sizes: BenchSizes;
  readonly quick: boolean;
  /** CreateIncidentSnapshot calls in flight: the scheduler's CONCURRENCY and graphile-worker's concurrency. */
  readonly concurrency: number;
  /** The scheduler's BATCH_SIZE. */
  readonly batchSize: number;
}

/** Reads BENCH_QUICK, CONCURRENCY (default 8) and BATCH_SIZE (default 50, the scheduler's own defaults). */
export function benchSettings(env: Readonly<Record<string, string | undefined>>): BenchSettings {
  const quick = ['1', 'true'].includes(env['BENCH_QUICK'] ?? '');
  return {
    sizes: quick ? QUICK : FULL,
    quick,
    concurrency: positiveInt(env, 'CONCURRENCY', 8),
    batchSize: positiveInt(env, 'BATCH_SIZE', 50),
  };
}

function positiveInt(env: Readonly<Record<string, string | undefined>>, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!/^[1-9][0-9]{0,5}$/.test(raw)) throw new Error(`${name} must be a positive integer, got ${JSON.stringify(raw)}`);
  return Number(raw);
}
