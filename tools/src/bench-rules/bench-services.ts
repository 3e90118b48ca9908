// ingest and incidents as they ship: built with the workspace's esbuild
// build into a temporary folder and run with plain Node 24, each on its own
// fresh database, with this run's own NATS stream (the outbox needs one).
import { credentials } from '@grpc/grpc-js';
import { IngestServiceClient } from '@vigil/contracts/ingest';
import { deleteTestStream } from '@vigil/testing/harness';
import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildServiceOutput } from '../build/build-service-output.js';
import { linkDependencies, startBuiltService } from '../build/run-built-service.js';
import type { BenchDatabases } from '../bench-scheduler/bench-databases.js';
import type { CleanupStack } from '../bench-scheduler/cleanup-stack.js';
import { pidWithWorkingDirectory, type PidSources } from '../bench-scheduler/process-cpu.js';
import pg from 'pg';

export interface RuleBenchServices {
  readonly ingest: IngestServiceClient;
  readonly incidentsMetricsUrl: string;
  /** Each service's process with its database's PostgreSQL backends (asked anew at each reading). */
  readonly processes: PidSources;
}

export interface RuleBenchServiceOptions {
  readonly runId: string;
  readonly natsUrl: string;
  readonly databases: BenchDatabases;
  /** The evaluator's settings (RULE_EVALUATION_*). */
  readonly incidentsEnv: Readonly<Record<string, string>>;
  readonly cleanup: CleanupStack;
}

const APPS = ['ingest', 'incidents'] as const;

export async function startRuleBenchServices(options: RuleBenchServiceOptions): Promise<RuleBenchServices> {
  const { runId, natsUrl, databases, cleanup } = options;
  const buildRoot = await realpath(await mkdtemp(join(tmpdir(), 'vigil-bench-rules-')));
  cleanup.add('build folder', () => rm(buildRoot, { recursive: true, force: true }));
  for (const app of APPS) {
    const { outDir, dependencies } = await buildServiceOutput({ app, outDir: join(buildRoot, app) });
    await linkDependencies(outDir, Object.keys(dependencies));
  }
  // LOG_LEVEL info: startBuiltService waits for the "gRPC server listening" line.
  const start = async (app: (typeof APPS)[number], env: Record<string, string>): Promise<string> => {
    const running = await startBuiltService(join(buildRoot, app), { GRPC_HOST: '127.0.0.1', ...env }, 60_000);
    cleanup.add(`${app} process`, async () => {
      const exit = await running.terminate();
      if (exit.code !== 0)
        throw new Error(`${app} exited with ${JSON.stringify(exit)}; its log:\n${running.output().slice(-4000)}`);
    });
    return `127.0.0.1:${running.port}`;
  };
  const ingestAddress = await start('ingest', { DATABASE_URL: databases.url('ingest'), LOG_LEVEL: 'info' });
  const metricsPort = await freePort();
  const stream = `VIGIL_BENCH_RULES_${runId.toUpperCase()}`;
  cleanup.add(`NATS stream ${stream}`, () => deleteTestStream(natsUrl, stream));
  await start('incidents', {
    DATABASE_URL: databases.url('incidents'),
    INGEST_GRPC_ADDRESS: ingestAddress,
    METRICS_PORT: String(metricsPort),
    LOG_LEVEL: 'info',
    NATS_URL: natsUrl,
    NATS_STREAM: stream,
    NATS_STATUS_SUBJECT_PREFIX: `vigil-bench-rules.${runId}.status`,
    ...options.incidentsEnv,
  });
  const ingest = new IngestServiceClient(ingestAddress, credentials.createInsecure());
  cleanup.add('gRPC client', async () => ingest.close());
  const pids = {
    ingest: await pidWithWorkingDirectory(join(buildRoot, 'ingest')),
    incidents: await pidWithWorkingDirectory(join(buildRoot, 'incidents')),
  };
  const admin = new pg.Client({ connectionString: databases.url('ingest') });
  await admin.connect();
  cleanup.add('CPU accounting connection', () => admin.end());
  const backends = async (role: 'ingest' | 'incidents') => {
    const { rows } = await admin.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [databases.name(role)],
    );
    return rows.map((row) => row.pid);
  };
  return {
    ingest,
    incidentsMetricsUrl: `http://127.0.0.1:${metricsPort}/metrics`,
    processes: {
      ingest: async () => [pids.ingest, ...(await backends('ingest'))],
      incidents: async () => [pids.incidents, ...(await backends('incidents'))],
    },
  };
}

/** A port free a moment ago, for the metrics server (its log does not name the port it bound). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port')),
      );
    });
  });
}
