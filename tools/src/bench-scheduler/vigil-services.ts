// The three Vigil services as they ship: each app built with the workspace's
// esbuild build (tools/src/build) into a temporary folder and run with plain
// Node 24 from there (run-built-service.ts), each on its own fresh database,
// sharing a NATS stream, subject prefix and durable consumer unique to this
// run. The scheduler's timer is off (PROCESS_INTERVAL_MS=0): it processes
// only when asked (ProcessDueSnapshots), so the benchmark decides when.
import { credentials } from '@grpc/grpc-js';
import { JetStreamApiCodes, JetStreamApiError, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { IncidentsServiceClient } from '@vigil/contracts/incidents';
import { IngestServiceClient } from '@vigil/contracts/ingest';
import { SnapshotSchedulerServiceClient } from '@vigil/contracts/scheduler';
import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildServiceOutput } from '../build/build-service-output.js';
import { linkDependencies, startBuiltService } from '../build/run-built-service.js';
import type { BenchDatabases } from './bench-databases.js';
import type { CleanupStack } from './cleanup-stack.js';
import { pidWithWorkingDirectory } from './process-cpu.js';

export interface VigilServices {
  readonly ingest: IngestServiceClient;
  readonly incidents: IncidentsServiceClient;
  readonly scheduler: SnapshotSchedulerServiceClient;
  /** host:port of the incidents gRPC server (graphile-worker's task calls it too). */
  readonly incidentsAddress: string;
  /** Process ids, for CPU accounting. */
  readonly pids: { readonly ingest: number; readonly incidents: number; readonly scheduler: number };
}

interface ServicesOptions {
  readonly runId: string;
  readonly natsUrl: string;
  readonly databases: BenchDatabases;
  /** Extra scheduler environment: CONCURRENCY, BATCH_SIZE. */
  readonly schedulerEnv: Readonly<Record<string, string>>;
  readonly cleanup: CleanupStack;
}

const APPS = ['ingest', 'incidents', 'snapshot-scheduler'] as const;

export async function startVigilServices(options: ServicesOptions): Promise<VigilServices> {
  const { runId, natsUrl, databases, cleanup } = options;
  const buildRoot = await realpath(await mkdtemp(join(tmpdir(), 'vigil-bench-scheduler-')));
  cleanup.add('build folder', () => rm(buildRoot, { recursive: true, force: true }));
  for (const app of APPS) {
    const { outDir, dependencies } = await buildServiceOutput({ app, outDir: join(buildRoot, app) });
    await linkDependencies(outDir, Object.keys(dependencies));
  }
  const stream = `VIGIL_BENCH_${runId.toUpperCase()}`;
  cleanup.add(`NATS stream ${stream}`, () => deleteStream(natsUrl, stream));
  const shared = {
    GRPC_HOST: '127.0.0.1',
    GRPC_PORT: '0',
    METRICS_PORT: '0',
    LOG_LEVEL: 'info',
    NATS_URL: natsUrl,
    NATS_STREAM: stream,
    NATS_STATUS_SUBJECT_PREFIX: `vigil-bench.${runId}.status`,
  };
  const start = async (app: (typeof APPS)[number], env: Record<string, string>): Promise<string> => {
    const running = await startBuiltService(join(buildRoot, app), { ...shared, ...env }, 60_000);
    cleanup.add(`${app} process`, async () => {
      const exit = await running.terminate();
      if (exit.code !== 0)
        throw new Error(`${app} exited with ${JSON.stringify(exit)}; its log:\n${running.output().slice(-4000)}`);
    });
    return `127.0.0.1:${running.port}`;
  };
  const ingestAddress = await start('ingest', { DATABASE_URL: databases.url('ingest') });
  const incidentsAddress = await start('incidents', {
    DATABASE_URL: databases.url('incidents'),
    INGEST_GRPC_ADDRESS: ingestAddress,
  });
  const schedulerAddress = await start('snapshot-scheduler', {
    DATABASE_URL: databases.url('scheduler'),
    INCIDENTS_GRPC_ADDRESS: incidentsAddress,
    NATS_DURABLE: `vigil-bench-${runId}`,
    PROCESS_INTERVAL_MS: '0',
    ...options.schedulerEnv,
  });

  const pids = {
    ingest: await pidWithWorkingDirectory(join(buildRoot, 'ingest')),
    incidents: await pidWithWorkingDirectory(join(buildRoot, 'incidents')),
    scheduler: await pidWithWorkingDirectory(join(buildRoot, 'snapshot-scheduler')),
  };
  const insecure = credentials.createInsecure();
  const services: VigilServices = {
    ingest: new IngestServiceClient(ingestAddress, insecure),
    incidents: new IncidentsServiceClient(incidentsAddress, insecure),
    scheduler: new SnapshotSchedulerServiceClient(schedulerAddress, insecure),
    incidentsAddress,
    pids,
  };
  cleanup.add('gRPC clients', async () => {
    services.ingest.close();
    services.incidents.close();
    services.scheduler.close();
  });
  return services;
}

async function deleteStream(natsUrl: string, stream: string): Promise<void> {
  const connection = await connect({ servers: natsUrl, reconnect: false, name: 'vigil-bench-cleanup' });
  try {
    const manager = await jetstreamManager(connection);
    await manager.streams.delete(stream).catch((error: unknown) => {
      if (!(error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound)) throw error;
    });
  } finally {
    await connection.close();
  }
}
