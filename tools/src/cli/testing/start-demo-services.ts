// The three services as `vigil demo` needs them, each its own process from
// its real entry point, on its own fresh database, sharing a NATS stream that
// only the calling test file uses.
import {
  createTestDatabase,
  deleteTestStream,
  freePort,
  getTestInfrastructure,
  testNatsNames,
  type TestDatabase,
} from '@vigil/testing';
import { startServiceProcess, type ServiceProcess } from './start-service-process.js';

export interface DemoServices {
  /** ingest, incidents, snapshot-scheduler, in that order. */
  readonly services: readonly ServiceProcess[];
  /** The CLI's environment: VIGIL_*_ADDRESS of each service. */
  readonly cliEnv: Record<string, string>;
  /** The last lines each service logged, for failure messages. */
  logs(): string;
  /** Stops the services, drops their databases and the stream. */
  close(): Promise<void>;
}

/** `env` goes to all three services (e.g. OTEL_EXPORTER_OTLP_ENDPOINT). */
export async function startDemoServices(label: string, env: Record<string, string> = {}): Promise<DemoServices> {
  const nats = testNatsNames(label);
  const natsUrl = (await getTestInfrastructure()).natsUrl;
  const databases: TestDatabase[] = await Promise.all([
    createTestDatabase(),
    createTestDatabase(),
    createTestDatabase(),
  ]);
  const [ingestDb, incidentsDb, schedulerDb] = databases as [TestDatabase, TestDatabase, TestDatabase];
  const natsEnv = { NATS_URL: natsUrl, NATS_STREAM: nats.stream, NATS_STATUS_SUBJECT_PREFIX: nats.subjectPrefix };
  const [ingestPort, incidentsPort] = [await freePort(), await freePort()];
  const started = await Promise.allSettled([
    startServiceProcess('apps/ingest', { ...env, DATABASE_URL: ingestDb.url }, ingestPort),
    startServiceProcess(
      'apps/incidents',
      { ...env, ...natsEnv, DATABASE_URL: incidentsDb.url, INGEST_GRPC_ADDRESS: `127.0.0.1:${ingestPort}` },
      incidentsPort,
    ),
    startServiceProcess('apps/snapshot-scheduler', {
      ...env,
      ...natsEnv,
      DATABASE_URL: schedulerDb.url,
      INCIDENTS_GRPC_ADDRESS: `127.0.0.1:${incidentsPort}`,
      NATS_DURABLE: nats.durable,
      // No timer: only the demo's "process now" makes the snapshot, so its counts are certain.
      PROCESS_INTERVAL_MS: '0',
    }),
  ]);
  const services = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const close = async () => {
    await Promise.all(services.map((service) => service.stop()));
    await Promise.all(databases.map((database) => database.drop()));
    await deleteTestStream(natsUrl, nats.stream);
  };
  const failure = started.find((result) => result.status === 'rejected');
  if (failure) {
    await close();
    throw failure.reason;
  }
  const [ingest, incidents, scheduler] = services as [ServiceProcess, ServiceProcess, ServiceProcess];
  return {
    services,
    cliEnv: {
      VIGIL_INGEST_ADDRESS: ingest.address,
      VIGIL_INCIDENTS_ADDRESS: incidents.address,
      VIGIL_SCHEDULER_ADDRESS: scheduler.address,
    },
    logs: () => services.map((service) => `--- ${service.address}\n${service.output.slice(-30).join('\n')}`).join('\n'),
    close,
  };
}
