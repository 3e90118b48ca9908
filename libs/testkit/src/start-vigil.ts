import { createIncidentsClient, createIngestClient, createSchedulerClient } from '@vigil/contracts/client';
import type { IncidentsClient, IngestClient, SchedulerClient } from '@vigil/contracts/client';
import type { IncidentSnapshot } from '@vigil/contracts/incidents';
import type { PendingSnapshot, ProcessDueSnapshotsResponse } from '@vigil/contracts/scheduler';
import { deleteTestStream, randomSuffix, testNatsNames } from '@vigil/testing/harness';
import { serviceMainFiles } from './service-bundles.js';
import { startServiceProcess, type ServiceProcess } from './service-process.js';
import { settleSnapshot, waitForPendingSnapshot } from './snapshot-helpers.js';
import { createVigilDatabases } from './vigil-databases.js';
import { vigilInfrastructure } from './vigil-infrastructure.js';
import type { StartVigilOptions, VigilServiceName } from './vigil-options.js';

/** A running Vigil: three services, their own databases and stream, and clients for them. */
export interface RunningVigil {
  /** `127.0.0.1:<port>` of each service's gRPC server. */
  readonly addresses: Readonly<Record<VigilServiceName, string>>;
  readonly ingest: IngestClient;
  readonly incidents: IncidentsClient;
  readonly scheduler: SchedulerClient;
  /** Makes the scheduler process every due pending snapshot now (its timer is off unless `env` turns it on). */
  processDueSnapshots(): Promise<ProcessDueSnapshotsResponse>;
  /** Waits (default 30 s: sized for a loaded machine) until the scheduler holds a pending snapshot for the incident. */
  waitForPendingSnapshot(incidentId: string, timeoutMs?: number): Promise<PendingSnapshot>;
  /** Waits for the pending snapshot, processes what is due, returns the snapshot (close the incident in the past). */
  settleSnapshot(incidentId: string, timeoutMs?: number): Promise<IncidentSnapshot>;
  /** A service's log so far (JSON lines), for a failing test's message. */
  logs(service: VigilServiceName): string;
  /** Stops the services, closes the clients, drops the databases and the stream, stops containers it started. */
  stop(): Promise<void>;
}

const STOP_GRACE_MS = 10_000;
const MIN_NODE_MAJOR = 22;

/**
 * Starts the real, built Vigil services (ingest, incidents, the snapshot
 * scheduler) on free ports, each on a database of its own, sharing a NATS
 * stream of their own, against PostgreSQL and NATS from the options,
 * DATABASE_URL / NATS_URL, containers or this machine. Call `stop()` when done
 * (e.g. in afterAll); a process that exits without it kills the services.
 */
export async function startVigil(options: StartVigilOptions = {}): Promise<RunningVigil> {
  const mains = serviceMainFiles(options.servicesDir);
  const node = options.nodePath ?? checkedNode();
  const infrastructure = await vigilInfrastructure(options);
  const { postgresAdminUrl, natsUrl } = infrastructure.infrastructure;
  const suffix = randomSuffix();
  const nats = testNatsNames('testkit', suffix);
  const cleanups: (() => Promise<void>)[] = [() => infrastructure.stop()];
  const processes = new Map<VigilServiceName, ServiceProcess>();
  const killOnExit = (): void => {
    for (const service of processes.values()) void service.stop(0);
  };
  process.once('exit', killOnExit);
  const cleanUp = async (): Promise<void> => {
    for (const service of [...processes.values()].reverse()) await service.stop(STOP_GRACE_MS);
    process.off('exit', killOnExit);
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };
  try {
    const databases = await createVigilDatabases(postgresAdminUrl, suffix);
    cleanups.push(
      () => databases.drop(),
      () => deleteTestStream(natsUrl, nats.stream),
    );
    const start = async (service: VigilServiceName, env: Record<string, string>): Promise<string> => {
      const running = await startServiceProcess({
        name: service,
        node,
        mainJs: mains[service],
        startTimeoutMs: options.startTimeoutMs ?? 60_000,
        env: {
          DATABASE_URL: databases.urls[service],
          GRPC_PORT: '0',
          METRICS_PORT: '0',
          LOG_LEVEL: options.logLevel ?? 'info',
          NATS_URL: natsUrl,
          NATS_STREAM: nats.stream,
          NATS_STATUS_SUBJECT_PREFIX: nats.subjectPrefix,
          ...env,
          ...options.env?.[service],
        },
      });
      processes.set(service, running);
      return `127.0.0.1:${running.port}`;
    };
    const ingest = await start('ingest', { DEDUP_POLICY: options.dedupPolicy ?? 'LAST_WRITE_WINS' });
    const incidents = await start('incidents', { INGEST_GRPC_ADDRESS: ingest });
    const scheduler = await start('scheduler', {
      INCIDENTS_GRPC_ADDRESS: incidents,
      NATS_DURABLE: nats.durable,
      PROCESS_INTERVAL_MS: '0',
    });
    return runningVigil({ ingest, incidents, scheduler }, processes, options.deadlineMs, cleanUp);
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

function runningVigil(
  addresses: Record<VigilServiceName, string>,
  processes: ReadonlyMap<VigilServiceName, ServiceProcess>,
  deadlineMs: number | undefined,
  cleanUp: () => Promise<void>,
): RunningVigil {
  const clientOptions = deadlineMs === undefined ? {} : { deadlineMs };
  const ingest = createIngestClient(addresses.ingest, clientOptions);
  const incidents = createIncidentsClient(addresses.incidents, clientOptions);
  const scheduler = createSchedulerClient(addresses.scheduler, clientOptions);
  let stopped: Promise<void> | undefined;
  return {
    addresses,
    ingest,
    incidents,
    scheduler,
    processDueSnapshots: () => scheduler.processDueSnapshots({}),
    waitForPendingSnapshot: (incidentId, timeoutMs = 30_000) =>
      waitForPendingSnapshot(scheduler, incidentId, timeoutMs),
    settleSnapshot: (incidentId, timeoutMs = 30_000) => settleSnapshot({ scheduler, incidents }, incidentId, timeoutMs),
    logs: (service) => processes.get(service)?.output() ?? '',
    stop() {
      stopped ??= (async () => {
        for (const client of [ingest, incidents, scheduler]) client.close();
        await cleanUp();
      })();
      return stopped;
    },
  };
}

/** The Node running this process, if new enough for the services (MikroORM 7 needs 22.17+). */
function checkedNode(): string {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < MIN_NODE_MAJOR)
    throw new Error(
      `Vigil's services need Node ${MIN_NODE_MAJOR}.17 or newer; this is ${process.version}: ` +
        'run the tests on a newer Node, or pass nodePath',
    );
  return process.execPath;
}
