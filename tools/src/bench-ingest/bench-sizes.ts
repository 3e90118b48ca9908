// How much work each part of the benchmark does. The full run is sized to
// finish within about five minutes on the 2-core machine; the quick run
// (BENCH_QUICK=1 or --quick) is a smoke run of the same code paths.

export interface BenchSizes {
  /**
   * Rounds of (a)–(d): each round measures every part once, in turn, on
   * emptied tables; the table shows the median round. Interleaving keeps a
   * burst of load from other processes on the machine from landing on one
   * part only.
   */
  readonly rounds: number;
  /** Rows per statement in (a) and events per StoreEvents call in (b) and (d). */
  readonly batchSize: number;
  /** Concurrent callers in (a), (b) and (d). */
  readonly callers: number;
  /** Rows upserted in (a) and events stored in (b), per round. */
  readonly throughputEvents: number;
  /** Events stored in each policy's run of (d) (half of them duplicates), per round. */
  readonly duplicateRunEvents: number;
  /** Unary StoreEvent calls in (c) per round, and how many are in flight. */
  readonly unaryCalls: number;
  readonly unaryInFlight: number;
  /** Events in the statistics project of (e), over `statsDays` days. */
  readonly statsEvents: number;
  readonly statsDays: number;
  /** GetEventStats calls measured per query in (e). */
  readonly statsQueries: number;
  /** (f) events in the dropped day, and the StoreEvents calls and unary calls measured with and without the drop. */
  readonly dayDropEvents: number;
  readonly dayDropBatches: number;
  readonly dayDropUnaryCalls: number;
  /**
   * Unary StoreEvent calls in each of (g)'s runs, alone and with statistics:
   * long enough (≈ 10 s at 5,000/s) to hold several admissions of a
   * worst-case statistic, not just whether one happens to land in the run.
   */
  readonly loadedWriteCalls: number;
  /** Calls made before each part's first measured run and not counted. */
  readonly warmUpBatches: number;
  readonly warmUpUnaryCalls: number;
  readonly warmUpStatsQueries: number;
}

const FULL: BenchSizes = {
  rounds: 3,
  batchSize: 500,
  callers: 4,
  throughputEvents: 40_000,
  duplicateRunEvents: 40_000,
  unaryCalls: 15_000,
  unaryInFlight: 64,
  statsEvents: 1_000_000,
  statsDays: 10,
  statsQueries: 100,
  dayDropEvents: 1_000_000,
  dayDropBatches: 60,
  dayDropUnaryCalls: 6_000,
  loadedWriteCalls: 50_000,
  warmUpBatches: 20,
  warmUpUnaryCalls: 4_000,
  warmUpStatsQueries: 10,
};

const QUICK: BenchSizes = {
  ...FULL,
  rounds: 1,
  throughputEvents: 10_000,
  duplicateRunEvents: 10_000,
  unaryCalls: 4_000,
  statsEvents: 100_000,
  statsQueries: 20,
  dayDropEvents: 100_000,
  dayDropBatches: 20,
  dayDropUnaryCalls: 2_000,
  loadedWriteCalls: 8_000,
  warmUpBatches: 4,
  warmUpUnaryCalls: 1_000,
  warmUpStatsQueries: 3,
};

export function benchSizes(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): { sizes: BenchSizes; quick: boolean } {
  const quick = argv.includes('--quick') || ['1', 'true'].includes(env.BENCH_QUICK ?? '');
  return { sizes: quick ? QUICK : FULL, quick };
}
