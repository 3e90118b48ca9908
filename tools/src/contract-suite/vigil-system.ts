// The whole system for contract tests: the three services built exactly as
// they ship (bundled output, run with plain node from its own folder), each
// on its own fresh database, sharing a NATS stream that no other test file
// uses. Tests reach them only through the public gRPC contracts and NATS.
import { credentials } from '@grpc/grpc-js';
import { IncidentsServiceClient } from '@vigil/contracts/incidents';
import { IngestServiceClient } from '@vigil/contracts/ingest';
import { SnapshotSchedulerServiceClient } from '@vigil/contracts/scheduler';
import {
  createTestDatabase,
  deleteTestStream,
  getTestInfrastructure,
  testNatsNames,
  type TestDatabase,
  type TestNatsNames,
} from '@vigil/testing';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildServiceOutput } from '../build/build-service-output.js';
import { linkDependencies, startBuiltService, type RunningBuiltService } from '../build/run-built-service.js';

type ServiceName = 'ingest' | 'incidents' | 'snapshot-scheduler';

export interface VigilSystem {
  readonly ingest: IngestServiceClient;
  readonly incidents: IncidentsServiceClient;
  readonly scheduler: SnapshotSchedulerServiceClient;
  readonly nats: TestNatsNames & { readonly url: string };
  /** Stops one service (SIGTERM, waits for its exit); `start` brings it back on the same port and database. */
  stop(service: ServiceName): Promise<void>;
  start(service: ServiceName): Promise<void>;
  /**
   * Starts another scheduler replica: the same build, database, stream and
   * durable consumer as the first, on its own port. Closed with the system.
   */
  addSchedulerReplica(): Promise<SnapshotSchedulerServiceClient>;
  /** Stops everything and drops the databases and the stream. */
  close(): Promise<void>;
}

interface SystemOptions {
  /** NATS for incidents and the scheduler (one URL or a cluster's, comma-separated); the harness's by default. */
  readonly natsUrl?: string;
  /** Added to incidents' and the scheduler's environment (e.g. NATS_STREAM_REPLICAS). */
  readonly natsClientEnv?: Record<string, string>;
  /** Added to every service's environment (e.g. OTEL_EXPORTER_OTLP_ENDPOINT). */
  readonly env?: Record<string, string>;
}

interface ServiceSlot {
  readonly outDir: string;
  readonly database: TestDatabase;
  env: Record<string, string>;
  running?: RunningBuiltService;
}

/**
 * Builds and starts ingest, incidents and the scheduler. The scheduler's
 * timer is off (`PROCESS_INTERVAL_MS=0`): tests process on demand, so what
 * they see never depends on a timer firing.
 */
export async function startVigilSystem(
  label: string,
  schedulerEnv: Record<string, string> = {},
  options: SystemOptions = {},
): Promise<VigilSystem> {
  const natsUrl = options.natsUrl ?? (await getTestInfrastructure()).natsUrl;
  const nats = testNatsNames(label);
  const root = await mkdtemp(join(tmpdir(), `vigil-contract-${label}-`));
  const slots = new Map<ServiceName, ServiceSlot>();
  for (const app of ['ingest', 'incidents', 'snapshot-scheduler'] as const) {
    const { outDir, dependencies } = await buildServiceOutput({ app, outDir: join(root, app) });
    await linkDependencies(outDir, Object.keys(dependencies));
    slots.set(app, { outDir, database: await createTestDatabase(), env: {} });
  }
  const slot = (name: ServiceName) => slots.get(name) as ServiceSlot;
  const common = (name: ServiceName) => ({
    DATABASE_URL: slot(name).database.url,
    GRPC_PORT: '0',
    METRICS_PORT: '0',
    LOG_LEVEL: 'info',
    NATS_URL: natsUrl,
    NATS_STREAM: nats.stream,
    NATS_STATUS_SUBJECT_PREFIX: nats.subjectPrefix,
    ...options.env,
  });
  const start = async (name: ServiceName) => {
    const s = slot(name);
    s.running = await startBuiltService(s.outDir, s.env);
    // Restarts keep their port, so the other services' addresses stay right.
    s.env = { ...s.env, GRPC_PORT: String(s.running.port) };
  };

  slot('ingest').env = common('ingest');
  await start('ingest');
  slot('incidents').env = {
    ...common('incidents'),
    ...options.natsClientEnv,
    INGEST_GRPC_ADDRESS: `127.0.0.1:${slot('ingest').running?.port}`,
    INGEST_DEADLINE_MS: '3000',
  };
  await start('incidents');
  slot('snapshot-scheduler').env = {
    ...common('snapshot-scheduler'),
    ...options.natsClientEnv,
    INCIDENTS_GRPC_ADDRESS: `127.0.0.1:${slot('incidents').running?.port}`,
    NATS_DURABLE: nats.durable,
    PROCESS_INTERVAL_MS: '0',
    ...schedulerEnv,
  };
  await start('snapshot-scheduler');

  const address = (name: ServiceName) => `127.0.0.1:${slot(name).env['GRPC_PORT']}`;
  const insecure = credentials.createInsecure();
  const replicas: { process: RunningBuiltService; client: SnapshotSchedulerServiceClient }[] = [];
  const system: VigilSystem = {
    ingest: new IngestServiceClient(address('ingest'), insecure),
    incidents: new IncidentsServiceClient(address('incidents'), insecure),
    scheduler: new SnapshotSchedulerServiceClient(address('snapshot-scheduler'), insecure),
    nats: { ...nats, url: natsUrl },
    async stop(name) {
      const exit = await slot(name).running?.terminate();
      if (exit && exit.code !== 0)
        throw new Error(`${name} did not stop cleanly: ${JSON.stringify(exit)}\n${slot(name).running?.output()}`);
      slot(name).running = undefined;
    },
    start,
    async addSchedulerReplica() {
      const first = slot('snapshot-scheduler');
      const process = await startBuiltService(first.outDir, { ...first.env, GRPC_PORT: '0' });
      const client = new SnapshotSchedulerServiceClient(`127.0.0.1:${process.port}`, insecure);
      replicas.push({ process, client });
      return client;
    },
    async close() {
      for (const replica of replicas) {
        replica.client.close();
        await replica.process.terminate();
      }
      system.ingest.close();
      system.incidents.close();
      system.scheduler.close();
      for (const name of ['snapshot-scheduler', 'incidents', 'ingest'] as const) {
        await slot(name).running?.terminate();
        await slot(name).database.drop();
      }
      await deleteTestStream(natsUrl, nats.stream);
      await rm(root, { recursive: true, force: true });
    },
  };
  return system;
}
