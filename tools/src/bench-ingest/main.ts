// `npm run bench:ingest`: measures the ingest service on this machine and
// prints each figure beside the database's own limit measured in the same
// run (see README in this folder for what each part does and why). Exits 0
// whatever the figures; non-zero only if something errors.
import { StoreOutcome } from '@vigil/contracts/ingest';
import { createLogger } from '@vigil/runtime';
import { createBenchDatabase } from './bench-database.js';
import { benchRows, formatTable, type BenchFigures } from './bench-report.js';
import { benchSizes } from './bench-sizes.js';
import { perSecond } from './closed-loop.js';
import { measureDatabaseLimit } from './database-limit.js';
import { startIngestProcess } from './ingest-process.js';
import { percentile } from './percentile.js';
import { measureStatsLatency } from './stats-latency.js';
import { measureStoreBatches } from './store-batches.js';
import { measureStoreUnary } from './store-unary.js';

const LAST_WRITE_WINS_PROJECT = '1';
const FIRST_WRITE_WINS_PROJECT = '2';
const STATS_PROJECT = '3';
const STATS_QUERIES = ['', 'level:error'];

const { sizes, quick } = benchSizes(process.argv.slice(2), process.env);
const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const progress = (text: string) => console.error(`[bench:ingest] ${text}`);

progress(`${quick ? 'quick smoke run' : 'full run'}; creating the database`);
const db = await createBenchDatabase(serverUrl, createLogger({ service: 'bench-ingest', level: 'warn' }), sizes.callers);
try {
  const ingest = await startIngestProcess({
    DATABASE_URL: db.url,
    DEDUP_POLICY: 'LAST_WRITE_WINS',
    DEDUP_POLICY_OVERRIDES: `${FIRST_WRITE_WINS_PROJECT}=FIRST_WRITE_WINS`,
  });
  try {
    progress('(a) database limit');
    const limit = await measureDatabaseLimit(db, sizes, LAST_WRITE_WINS_PROJECT);
    progress('(b) StoreEvents');
    const batches = await measureStoreBatches(ingest.client, db, sizes, {
      projectId: LAST_WRITE_WINS_PROJECT,
      totalEvents: sizes.throughputEvents,
      duplicateShare: 0,
      duplicateOutcome: StoreOutcome.STORED,
    });
    progress('(c) StoreEvent');
    const unary = await measureStoreUnary(ingest.client, db, sizes, LAST_WRITE_WINS_PROJECT);
    const duplicates: BenchFigures['duplicates'][number][] = [];
    for (const [policy, projectId, duplicateOutcome] of [
      ['LAST_WRITE_WINS', LAST_WRITE_WINS_PROJECT, StoreOutcome.REPLACED],
      ['FIRST_WRITE_WINS', FIRST_WRITE_WINS_PROJECT, StoreOutcome.DUPLICATE],
    ] as const) {
      progress(`(d) StoreEvents with duplicates, ${policy}`);
      const run = await measureStoreBatches(ingest.client, db, sizes, {
        projectId,
        totalEvents: sizes.duplicateRunEvents,
        duplicateShare: 0.5,
        duplicateOutcome,
      });
      duplicates.push({ policy, perSecond: perSecond(run) });
    }
    progress(`(e) loading ${sizes.statsEvents.toLocaleString('en-US')} events, then GetEventStats`);
    const stats = await measureStatsLatency(ingest.client, db, sizes, STATS_PROJECT, STATS_QUERIES);
    progress(`(e) load took ${stats.loadSeconds.toFixed(1)} s`);

    const figures: BenchFigures = {
      databaseLimit: perSecond(limit),
      batches: perSecond(batches),
      unary: { perSecond: perSecond(unary), p50Ms: percentile(unary.latenciesMs, 50), p99Ms: percentile(unary.latenciesMs, 99) },
      duplicates,
      stats: STATS_QUERIES.map((query) => {
        const times = stats.latenciesMs.get(query) ?? [];
        return { query, p50Ms: percentile(times, 50), p95Ms: percentile(times, 95) };
      }),
    };
    console.log(`\nIngest benchmark (${quick ? 'QUICK smoke run, small N' : 'full run'}), ${new Date().toISOString()}\n`);
    console.log(formatTable(benchRows(figures)));
  } finally {
    await ingest.stop();
  }
} finally {
  await db.drop();
}
