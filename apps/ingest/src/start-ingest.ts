import type { EntityManager } from '@mikro-orm/postgresql';
import { IngestServiceService } from '@vigil/contracts/ingest';
import { descriptorSetPath } from '@vigil/contracts';
import { resolvePolicy } from '@vigil/dedup';
import {
  ConfigError,
  connectionAgeFromConfig,
  createServiceMetrics,
  handlerMaker,
  openDatabase,
  registerDatabasePoolMetrics,
  serverCredentialsFromConfig,
  startGrpcServer,
  startMetricsServer,
  type StartedService,
  UNTRACKED_STEPS,
} from '@vigil/runtime';
import type { Logger } from 'pino';
import { ingestConfigIssues, type IngestConfig } from './config.js';
import { INGEST_ENTITIES } from './db/entities.js';
import { INGEST_MIGRATIONS } from './db/migrations.js';
import { createDayPartitions, DAYS_PREPARED_AHEAD, daysAhead } from './db/day-partitions.js';
import { retentionMetrics } from './retention/retention-metrics.js';
import { startRetentionSchedule } from './retention/retention-schedule.js';
import { runRetention } from './retention/run-retention.js';
import { DEFAULT_EVENT_LIMITS } from './domain/event-limits.js';
import { createIngestService } from './grpc/ingest-service.js';
import { createStatisticsAdmission } from './stats/statistics-admission.js';
import { createWritePressure } from './store/write-pressure.js';
import { createEventStore } from './store/event-store.js';

export interface RunningIngest extends StartedService {
  /** The port the gRPC server listens on. */
  readonly port: number;
  /** The port of /metrics, /healthz and /readyz. */
  readonly metricsPort: number;
}

/**
 * Opens the database (creating and migrating it), starts the gRPC server
 * and the metrics server. `stop()` drains: health NOT_SERVING, in-flight
 * calls finish (their group commits included), then the database closes.
 */
export async function startIngest(config: IngestConfig, logger: Logger): Promise<RunningIngest> {
  const configIssues = ingestConfigIssues(config);
  if (configIssues.length > 0) throw new ConfigError(configIssues);
  const orm = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    entities: INGEST_ENTITIES,
    migrations: INGEST_MIGRATIONS,
    logger,
    poolSize: config.DATABASE_POOL_SIZE,
    statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
    // A statistic then runs on its own backend only, never on parallel workers besides: the
    // admission limit (STATS_MAX_CONCURRENT) is then also a bound on the cores statistics take.
    // Writes and reads by key never use parallel plans.
    sessionSettings: { max_parallel_workers_per_gather: '0' },
    migrationMode: config.DATABASE_MIGRATIONS,
  });
  const em = orm.em.fork() as EntityManager;
  // Today's and the next days' partitions exist before the first write (a
  // failure here is not fatal: writes create a missing day on demand).
  await createDayPartitions(em, daysAhead(new Date(), DAYS_PREPARED_AHEAD)).catch((error: unknown) =>
    logger.warn({ err: error }, "ingest: could not prepare the coming days' partitions; writes will create them"),
  );
  const metrics = createServiceMetrics();
  await registerDatabasePoolMetrics(metrics, [{ pool: 'main', orm }]);
  const eventsStored = metrics.counter({
    name: 'vigil_ingest_events_total',
    help: 'Events received, by what storing them did: STORED, REPLACED, DUPLICATE or REJECTED.',
    labelNames: ['outcome'],
  });
  const writePressure = createWritePressure();
  const statisticsAdmissions = metrics.counter({
    name: 'vigil_ingest_statistics_admissions_total',
    help: 'Statistics calls admitted, or refused (STATISTICS_BUSY) after waiting, by cost: counters or events.',
    labelNames: ['cost', 'decision'],
  });
  const store = createEventStore(
    em,
    (projectId) => resolvePolicy(config.DEDUP_POLICY, config.DEDUP_POLICY_OVERRIDES, projectId),
    config.GROUP_COMMIT_MAX_EVENTS,
    writePressure,
  );
  const service = createIngestService({
    em,
    store,
    handle: handlerMaker(logger, { metrics }),
    limits: { ...DEFAULT_EVENT_LIMITS, retentionDays: config.RETENTION_DAYS },
    maxBatchEvents: config.MAX_BATCH_EVENTS,
    stats: {
      maxBuckets: config.MAX_STATS_BUCKETS,
      maxScanMs: config.STATS_MAX_SCAN_RANGE,
      admission: createStatisticsAdmission({
        limit: config.STATS_MAX_CONCURRENT,
        waitMs: config.DATABASE_TIMEOUT_MS,
        eventScanShare: config.STATS_EVENT_SCAN_SHARE_PERCENT / 100,
        writeBusyShare: () => writePressure.busyShare(),
        onDecision: (cost, decision) => statisticsAdmissions.inc({ cost, decision }),
      }),
    },
    databaseTimeoutMs: config.DATABASE_TIMEOUT_MS,
    now: () => new Date(),
    recordOutcome: (outcome) => eventsStored.inc({ outcome }),
  });
  const server = await startGrpcServer({
    host: config.GRPC_HOST,
    port: config.GRPC_PORT,
    services: [{ definition: IngestServiceService, implementation: service }],
    descriptorSetPath,
    logger,
    maxMessageBytes: config.GRPC_MAX_MESSAGE_BYTES,
    credentials: serverCredentialsFromConfig(config),
    ...connectionAgeFromConfig(config),
  });
  const retention = startRetentionSchedule({
    run: (now) =>
      runRetention(em, {
        now,
        retentionDays: config.RETENTION_DAYS,
        dryRun: false,
        daysPreparedAhead: DAYS_PREPARED_AHEAD,
      }),
    intervalMs: config.RETENTION_INTERVAL,
    now: () => new Date(),
    record: retentionMetrics(metrics),
    logger,
  });
  let serving = true;
  const metricsServer = await startMetricsServer({
    host: config.METRICS_HOST,
    port: config.METRICS_PORT,
    registry: metrics.registry,
    readiness: () => serving,
    logger,
  });
  return {
    port: server.port,
    metricsPort: metricsServer.port,
    async stop(steps = UNTRACKED_STEPS) {
      serving = false;
      await steps.step('draining gRPC calls', () => server.shutdown(config.SHUTDOWN_GRACE_MS));
      await steps.step('finishing group commits', () => store.drain());
      await steps.step('stopping retention', () => retention.stop());
      await steps.step('closing the database pool', () => orm.close());
      await steps.step('closing the metrics server', () => metricsServer.close());
    },
  };
}
