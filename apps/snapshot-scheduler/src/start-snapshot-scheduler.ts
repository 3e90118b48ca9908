import { descriptorSetPath } from '@vigil/contracts';
import { SnapshotSchedulerServiceService } from '@vigil/contracts/scheduler';
import {
  clientCredentialsFromConfig,
  connectionAgeFromConfig,
  connectNats,
  registerDatabasePoolMetrics,
  registerNatsMetrics,
  createServiceMetrics,
  natsAuthFromConfig,
  serverCredentialsFromConfig,
  startGrpcServer,
  startMetricsServer,
  type Logger,
  type ServiceMetrics,
  type ShutdownSteps,
  type StartedService,
  UNTRACKED_STEPS,
} from '@vigil/runtime';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SchedulerConfig } from './config.js';
import { registerConsumerLagMetrics } from './consumer/consumer-lag-metrics.js';
import { startStatusEventConsumer } from './consumer/status-event-consumer.js';
import { openSchedulerDatabase } from './db/open-scheduler-database.js';
import { createPendingSnapshotQueue } from './db/pending-snapshot-queue.js';
import { createPendingSnapshotReads, type PendingSnapshotReads } from './db/pending-snapshot-reads.js';
import { createStatusChangeStore } from './db/status-change-store.js';
import { createSnapshotSchedulerService } from './grpc/snapshot-scheduler-service.js';
import { createIncidentsSnapshotClient } from './processing/incidents-snapshot-client.js';
import { startAppliedVersionPruning } from './processing/applied-version-pruning.js';
import { startProcessingTimer } from './processing/processing-timer.js';
import { registerSchedulerMetrics } from './scheduler-metrics.js';
import { createSnapshotProcessor, type SnapshotProcessor } from './processing/snapshot-processor.js';

interface RunningSnapshotScheduler extends StartedService {
  /** The port the admin gRPC server bound (GRPC_PORT, or the OS's pick for 0). */
  readonly grpcPort: number;
  /** The port of /metrics, /healthz and /readyz. */
  readonly metricsPort: number;
}

/**
 * Wires the scheduler: database, status-event consumer, processor with its
 * timer, admin gRPC server. `stop` drains gRPC, lets the batch in progress
 * finish (within the grace period: rows it has not finished keep a lease
 * that runs out), lets the events being applied finish, then closes NATS
 * and the database.
 */
export async function startSnapshotScheduler(
  config: SchedulerConfig,
  logger: Logger,
): Promise<RunningSnapshotScheduler> {
  const clock = (): Date => new Date();
  // Names this replica's leases (claimed_by): unique even across hosts that reuse pids.
  const workerId = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const orm = await openSchedulerDatabase({
    databaseUrl: config.DATABASE_URL,
    poolSize: config.DATABASE_POOL_SIZE,
    statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
    migrationMode: config.DATABASE_MIGRATIONS,
    logger,
  });
  const nats = connectNats({
    servers: config.NATS_URL,
    name: `snapshot-scheduler ${workerId}`,
    logger,
    auth: natsAuthFromConfig(config),
  });
  const incidents = createIncidentsSnapshotClient({
    address: config.INCIDENTS_GRPC_ADDRESS,
    deadlineMs: config.INCIDENTS_CALL_DEADLINE_MS,
    credentials: clientCredentialsFromConfig(config),
  });
  const metrics = createServiceMetrics();
  await registerDatabasePoolMetrics(metrics, [{ pool: 'main', orm }]);
  const reads = createPendingSnapshotReads(orm);
  const { countRedelivery, countOutcome } = registerSchedulerMetrics(metrics, reads, clock);
  registerNatsMetrics(metrics, nats);
  registerConsumerLagMetrics(metrics, nats, { stream: config.NATS_STREAM, durable: config.NATS_DURABLE });
  const processor = createSnapshotProcessor({
    queue: createPendingSnapshotQueue(orm),
    incidents,
    workerId,
    clock,
    logger,
    batchSize: config.BATCH_SIZE,
    concurrency: config.CONCURRENCY,
    leaseMs: config.LEASE_MS,
    backoff: { baseMs: config.RETRY_BASE_MS, maxMs: config.RETRY_MAX_MS },
    onOutcome: countOutcome,
  });
  const pruning = startAppliedVersionPruning({ orm, clock, logger });
  const consumer = startStatusEventConsumer({
    nats,
    stream: config.NATS_STREAM,
    subjectPrefix: config.NATS_STATUS_SUBJECT_PREFIX,
    durable: config.NATS_DURABLE,
    streamReplicas: config.NATS_STREAM_REPLICAS,
    streamMaxAgeMs: config.NATS_STREAM_MAX_AGE_MS,
    onStreamLimits: (limits) => pruning.streamLimits(limits),
    ackWaitMs: config.NATS_ACK_WAIT_MS,
    maxInFlight: config.CONSUMER_MAX_IN_FLIGHT,
    store: createStatusChangeStore(orm),
    clock,
    logger,
    onRedelivery: countRedelivery,
  });
  const closeConnections = async (steps: ShutdownSteps): Promise<void> => {
    await steps.step('stopping the applied-version pruning', () => pruning.stop());
    await steps.step('stopping the status-event consumer', () => consumer.stop());
    await steps.step('closing NATS', () => nats.close());
    incidents.close();
    await steps.step('closing the database pool', () => orm.close());
  };

  const server = await startAdminServer(config, reads, processor, logger, metrics).catch(async (error: unknown) => {
    await processor.stop();
    await closeConnections(UNTRACKED_STEPS);
    throw error;
  });
  const timer =
    config.PROCESS_INTERVAL_MS > 0
      ? startProcessingTimer({ intervalMs: config.PROCESS_INTERVAL_MS, processDue: processor.processDue, logger })
      : undefined;
  let stopping = false;
  const metricsServer = await startMetricsServer({
    host: config.METRICS_HOST,
    port: config.METRICS_PORT,
    registry: metrics.registry,
    readiness: () => !stopping && nats.state() === 'connected',
    logger,
  });
  logger.info({ workerId, grpcPort: server.port }, 'snapshot scheduler running');

  return {
    grpcPort: server.port,
    metricsPort: metricsServer.port,
    async stop(steps = UNTRACKED_STEPS) {
      stopping = true;
      timer?.stop();
      // Side by side, so both fit in one grace period: the admin calls drain
      // while the batch in progress finishes (or its rows wait out their lease).
      await Promise.all([
        steps.step('draining gRPC calls', () => server.shutdown(config.SHUTDOWN_GRACE_MS)),
        steps.step('finishing the snapshot batch in progress', () =>
          stopWithin(processor, config.SHUTDOWN_GRACE_MS, logger),
        ),
      ]);
      await closeConnections(steps);
      await steps.step('closing the metrics server', () => metricsServer.close());
    },
  };
}

function startAdminServer(
  config: SchedulerConfig,
  reads: PendingSnapshotReads,
  processor: SnapshotProcessor,
  logger: Logger,
  metrics: ServiceMetrics,
) {
  const implementation = createSnapshotSchedulerService({
    reads,
    processDue: processor.processDue,
    clock: () => new Date(),
    logger,
    metrics,
  });
  return startGrpcServer({
    host: config.GRPC_HOST,
    port: config.GRPC_PORT,
    services: [{ definition: SnapshotSchedulerServiceService, implementation }],
    descriptorSetPath,
    logger,
    maxMessageBytes: config.GRPC_MAX_MESSAGE_BYTES,
    credentials: serverCredentialsFromConfig(config),
    ...connectionAgeFromConfig(config),
  });
}

async function stopWithin(processor: SnapshotProcessor, graceMs: number, logger: Logger): Promise<void> {
  const graceOver = new AbortController();
  const grace = sleep(graceMs, false, { signal: graceOver.signal }).catch(() => false);
  const finished = await Promise.race([processor.stop().then(() => true), grace]);
  graceOver.abort();
  if (!finished)
    logger.warn({ graceMs }, 'processing still running at shutdown; its unfinished rows wait out their lease');
}
