// `npm run bench:scheduler` (tsx tools/src/bench-scheduler/main.ts): issue 5's
// benchmark. Vigil's snapshot scheduler and graphile-worker (a widely used
// PostgreSQL job queue) each get N closed incidents of the same shape and
// make their snapshots through the same incidents service, with the same
// concurrency, in one run; then the latency from a status change to its
// pending row. See README.md in this folder for the design and the figures.
// BENCH_QUICK=1: a smoke run with 500 incidents. CONCURRENCY / BATCH_SIZE:
// as the scheduler's (defaults 8 / 50). BENCH_GRAPHILE_FIRST=1 lets
// graphile-worker go first in the first timed round. Exits 0 whatever the figures; non-zero only
// if something errors (every database, process and stream is removed either way).
import { randomBytes } from 'node:crypto';
import { benchDatabases } from './bench-databases.js';
import { prepareBenchData } from './bench-data.js';
import { formatTable, reportRows } from './bench-report.js';
import { runRound, type Rig, type RoundResult } from './bench-round.js';
import { benchSettings, type BenchSettings } from './bench-sizes.js';
import { createCleanupStack } from './cleanup-stack.js';
import { startCpuAccounting, type Side } from './cpu-accounting.js';
import { startGraphileBench } from './graphile-phase.js';
import { summarizeLatencies } from './latency-summary.js';
import { measureStatusLatency } from './status-latency.js';
import { verifySnapshots } from './verify-snapshots.js';
import { startVigilServices } from './vigil-services.js';

const CALL_DEADLINE_MS = 10_000; // the scheduler's default INCIDENTS_CALL_DEADLINE_MS

const settings = benchSettings(process.env);
const graphileFirst = ['1', 'true'].includes(process.env['BENCH_GRAPHILE_FIRST'] ?? '');
const adminUrl = process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const natsUrl = process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222';
const began = performance.now();
const progress = (text: string) =>
  console.error(`[bench:scheduler ${((performance.now() - began) / 1000).toFixed(0)}s] ${text}`);
const cleanup = createCleanupStack(progress);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void cleanup.runAll().finally(() => process.exit(130)));
}

function describeRun({ sizes, quick, concurrency, batchSize }: BenchSettings, order: readonly Side[]): string {
  const n = sizes.incidentsPerSet.toLocaleString('en-US');
  const name = (side: Side) => (side === 'vigil' ? 'Vigil' : 'graphile-worker');
  const other = (side: Side): Side => (side === 'vigil' ? 'graphile' : 'vigil');
  const rounds = order.map((first, i) => `round ${i + 1} ${name(first)} then ${name(other(first))}`).join(', ');
  return [
    `Snapshot scheduler benchmark (${quick ? 'QUICK smoke run' : 'full run'}), ${new Date().toISOString()}`,
    `  data: ${n} closed incidents per side, each 1 h long with ${sizes.eventsPerIncident} events in its own project; one alert rule, 10-min window`,
    `  Vigil: ProcessDueSnapshots on set A (closed 2 h ago: due), BATCH_SIZE ${batchSize}, CONCURRENCY ${concurrency}; services run from their esbuild output`,
    `  graphile-worker 0.18.0: set B (same shape, closed at the start: not due for Vigil), its jobs added before the clock,`,
    `    concurrency ${concurrency}, default pool, LISTEN/NOTIFY + default 2 s poll; its task calls CreateIncidentSnapshot like the scheduler (10 s deadline)`,
    `  order: untimed warm-up of ${sizes.warmUpPerSet} per side, then two timed rounds of half the incidents each: ${rounds}`,
    `  latency: ${sizes.latencySamples} closes, 4 at a time, GetPendingSnapshot polled every 3 ms (visible); the row's created_at (applied)`,
    `  CPU: user+system time of each side's process and its database's PostgreSQL backends while it was timed (/proc)`,
  ].join('\n');
}

async function main(): Promise<void> {
  const runId = randomBytes(4).toString('hex');
  const { sizes, concurrency, batchSize } = settings;
  progress(`${settings.quick ? 'quick smoke run' : 'full run'} ${runId}; building and starting the services`);
  const databases = benchDatabases(adminUrl, runId);
  cleanup.add('databases', () => databases.dropAll());
  const schedulerEnv = {
    CONCURRENCY: String(concurrency),
    BATCH_SIZE: String(batchSize),
    INCIDENTS_CALL_DEADLINE_MS: String(CALL_DEADLINE_MS),
  };
  const services = await startVigilServices({ runId, natsUrl, databases, schedulerEnv, cleanup });
  await databases.create('graphile');
  const graphile = await startGraphileBench({
    databaseUrl: databases.url('graphile'),
    incidentsAddress: services.incidentsAddress,
    concurrency,
    callDeadlineMs: CALL_DEADLINE_MS,
    cleanup,
  });
  const accounting = await startCpuAccounting({
    adminUrl,
    databases,
    pids: { ...services.pids, graphile: graphile.pid },
    excludedBackends: [graphile.pollBackendPid],
    cleanup,
  });
  const rig: Rig = { services, graphile, accounting, progress };
  const data = await prepareBenchData(services, sizes, new Date(), progress);
  progress('warm-up round (untimed)');
  await runRound(rig, data.warmUp, 'vigil', 0);
  // Each side goes first once, so neither gains from its place in the run.
  const order: readonly Side[] = graphileFirst ? ['graphile', 'vigil'] : ['vigil', 'graphile'];
  const rounds: RoundResult[] = [];
  let pending = data.warmUp.notDue.ids.length;
  for (const [i, sets] of data.timed.entries()) {
    progress(
      `timed round ${i + 1}: ${sets.due.ids.length.toLocaleString('en-US')} snapshots per side, ${order[i]} first`,
    );
    const round = await runRound(rig, sets, order[i] ?? 'vigil', pending);
    progress(
      `round ${i + 1}: Vigil ${round.vigil.seconds.toFixed(2)} s, graphile-worker ${round.graphile.seconds.toFixed(2)} s`,
    );
    rounds.push(round);
    pending += sets.notDue.ids.length;
  }
  progress('verifying every snapshot');
  await verifySnapshots(
    services.incidents,
    data.timed.flatMap((sets) => sets.due.ids),
    sizes.eventsPerIncident,
    'Vigil',
  );
  await verifySnapshots(
    services.incidents,
    data.timed.flatMap((sets) => sets.notDue.ids),
    sizes.eventsPerIncident,
    'graphile-worker',
  );
  progress(`latency of ${sizes.latencySamples} status changes`);
  const latency = await measureStatusLatency(services.incidents, services.scheduler, data.forLatency.ids);
  console.log(`\n${describeRun(settings, order)}\n`);
  console.log(
    formatTable(
      reportRows({
        incidents: sizes.incidentsPerSet,
        rounds,
        visibleLatencyMs: summarizeLatencies(latency.visibleMs),
        appliedLatencyMs: summarizeLatencies(latency.appliedMs),
      }),
    ),
  );
}

try {
  await main();
} catch (error) {
  process.exitCode = 1;
  console.error(error);
} finally {
  progress('cleaning up');
  await cleanup.runAll();
}
