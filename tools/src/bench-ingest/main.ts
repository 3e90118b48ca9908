// `npm run bench:ingest`: measures the ingest service on this machine and
// prints each figure beside the database's own limit measured in the same
// run (README.md in this folder says what each part does and why). Exits 0
// whatever the figures; non-zero only if something errors.
import { createLogger } from '@vigil/runtime';
import { createBenchDatabase } from './bench-database.js';
import { benchRows, formatTable, type BenchFigures } from './bench-report.js';
import { benchSizes } from './bench-sizes.js';
import { perSecond, type LoadRun } from './closed-loop.js';
import { connectHttp2Unary } from './http2-unary-client.js';
import { startIngestProcess } from './ingest-process.js';
import { percentile } from '../measure/percentile.js';
import { measureStatsLatency } from './stats-latency.js';
import { formatStatsPrime, measureStatsPrime } from './stats-prime.js';
import { measureDayDrop } from './day-drop.js';
import { measureLoadedWrites } from './loaded-writes.js';
import { measureStorageBytes } from './storage-bytes.js';
import { measureTracingCost } from './tracing-cost.js';
import { FIRST_WRITE_WINS_PROJECT, LAST_WRITE_WINS_PROJECT, runWriteRounds } from './write-rounds.js';

const STATS_PROJECT = '3';
const STATS_QUERIES = ['', 'level:error'];

const { sizes, quick } = benchSizes(process.argv.slice(2), process.env);
const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const progress = (text: string) => console.error(`[bench:ingest] ${text}`);
const medianRate = (runs: readonly LoadRun[]) => percentile(runs.map(perSecond), 50);

progress(`${quick ? 'quick smoke run' : 'full run'}; creating the database`);
const logger = createLogger({ service: 'bench-ingest', level: 'warn' });
const db = await createBenchDatabase(serverUrl, logger, sizes.callers);
try {
  const ingestEnv = {
    DATABASE_URL: db.url,
    DEDUP_POLICY: 'LAST_WRITE_WINS',
    DEDUP_POLICY_OVERRIDES: `${FIRST_WRITE_WINS_PROJECT}=FIRST_WRITE_WINS`,
    // (f) runs retention itself, at the moment it measures.
    RETENTION_INTERVAL: '24h',
    // The untraced service stays untraced whatever the caller's environment says.
    OTEL_SDK_DISABLED: 'true',
  };
  const ingest = await startIngestProcess(ingestEnv);
  const storeClient = connectHttp2Unary(ingest.address);
  try {
    progress(`(a)–(d) in ${sizes.rounds} round(s)`);
    const writes = await runWriteRounds(db, storeClient, sizes, progress);
    progress(`(e) loading ${sizes.statsEvents.toLocaleString('en-US')} events, then GetEventStats`);
    const stats = await measureStatsLatency(ingest.client, db, sizes, STATS_PROJECT, STATS_QUERIES);
    progress(`(e) load took ${stats.loadSeconds.toFixed(1)} s; (e') filters the counters of (e) cannot serve`);
    const statsPrime = await measureStatsPrime(ingest.client, db, sizes, STATS_PROJECT, stats.range);
    const storage = await measureStorageBytes(db);
    progress(`(g) StoreEvent alone and while 8 worst-case statistics calls run, ${sizes.rounds} alternating round(s)`);
    const statsEnd = new Date();
    const loaded = await measureLoadedWrites(
      {
        storeClient,
        statsClient: ingest.client,
        writeProject: LAST_WRITE_WINS_PROJECT,
        statsProject: STATS_PROJECT,
        // All of (e)'s events: they span the statsDays before it loaded them.
        statsRange: { start: new Date(statsEnd.getTime() - (sizes.statsDays + 1) * 24 * 3_600_000), end: statsEnd },
      },
      sizes,
      progress,
    );
    progress(`(f) loading a day of ${sizes.dayDropEvents.toLocaleString('en-US')} events, then dropping it under load`);
    const drop = await measureDayDrop(db, storeClient, sizes, logger);

    const unaryLatencies = writes.unary.flatMap((run) => run.latenciesMs);
    const figures: BenchFigures = {
      plainFloor: medianRate(writes.floor),
      databaseLimit: medianRate(writes.limit),
      batches: medianRate(writes.batches),
      unary: {
        perSecond: medianRate(writes.unary),
        p50Ms: percentile(unaryLatencies, 50),
        p99Ms: percentile(unaryLatencies, 99),
      },
      duplicates: [...writes.duplicates].map(([policy, runs]) => ({ policy, perSecond: medianRate(runs) })),
      stats: STATS_QUERIES.map((query) => {
        const times = stats.latenciesMs.get(query) ?? [];
        return { query, p50Ms: percentile(times, 50), p95Ms: percentile(times, 95) };
      }),
      dayDrop: {
        dayEvents: drop.dayEvents,
        dropSeconds: drop.dropSeconds,
        detachedSeconds: drop.detachedSeconds,
        liveLockedMs: (drop.timings?.lockWaitMs ?? Number.NaN) + (drop.timings?.lockedMs ?? Number.NaN),
        freeFloor: drop.freeFloor,
        batchesWithout: perSecond(drop.without.batches),
        batchesDuring: perSecond(drop.during.batches),
        unaryP99WithoutMs: percentile(drop.without.unary.latenciesMs, 99),
        unaryP99DuringMs: percentile(drop.during.unary.latenciesMs, 99),
      },
      bytesPerEvent: storage.perEvent,
      loadedWrites: {
        aloneRate: medianRate(loaded.alone),
        loadedRate: medianRate(loaded.loaded),
        aloneP99Ms: percentile(
          loaded.alone.flatMap((run) => run.latenciesMs),
          99,
        ),
        loadedP99Ms: percentile(
          loaded.loaded.flatMap((run) => run.latenciesMs),
          99,
        ),
        statsAnswers: [...loaded.statsAnswers].map(([code, n]) => `${n} ${code}`).join(', '),
      },
    };
    const kind = quick ? 'QUICK smoke run, small N' : 'full run';
    console.log(
      `\nIngest benchmark (${kind}; throughputs: median of ${sizes.rounds} round(s)), ${new Date().toISOString()}\n`,
    );
    console.log(formatTable(benchRows(figures)));
    console.log(`\n${formatStatsPrime(statsPrime)}`);
    const phases = drop.timings;
    if (phases)
      console.log(
        `(f) the drop's phases: counters read ${phases.readMs.toFixed(0)} ms, lock wait ${phases.lockWaitMs.toFixed(0)} ms,` +
          ` locked until commit ${phases.lockedMs.toFixed(0)} ms (groups ${phases.groupsMs.toFixed(0)}, detach ${phases.detachMs.toFixed(0)},` +
          ` first_seen ${phases.firstSeenMs.toFixed(0)}, commit ${phases.commitMs.toFixed(0)}), retries ${phases.retries},` +
          ` then dropping the detached tables ${phases.filesMs.toFixed(0)} ms;` +
          ` run total ${(drop.dropSeconds * 1000).toFixed(0)} ms`,
      );

    progress(`(c) with tracing on (100% sampling) and off, ${sizes.rounds} alternating round(s)`);
    const { OTEL_SDK_DISABLED: _untraced, ...tracedEnv } = ingestEnv;
    const tracing = await measureTracingCost(db, ingest.address, sizes, tracedEnv, progress);
    const off = medianRate(tracing.off);
    const on = medianRate(tracing.on);
    const p99 = (runs: readonly LoadRun[]) =>
      percentile(
        runs.flatMap((run) => run.latenciesMs),
        99,
      );
    console.log(
      `\n(c) StoreEvent, tracing off: ${Math.round(off).toLocaleString('en-US')} events/s, p99 ${p99(tracing.off).toFixed(1)} ms` +
        `\n(c) StoreEvent, tracing on (100%): ${Math.round(on).toLocaleString('en-US')} events/s, p99 ${p99(tracing.on).toFixed(1)} ms` +
        ` = ${((on / off) * 100).toFixed(0)}% of off (${tracing.exports} OTLP exports received)`,
    );
  } finally {
    storeClient.close();
    await ingest.stop();
  }
} finally {
  await db.drop();
}
