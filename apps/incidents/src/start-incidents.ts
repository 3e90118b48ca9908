import { descriptorSetPath } from '@vigil/contracts';
import { IncidentsServiceService } from '@vigil/contracts/incidents';
import {
  connectionAgeFromConfig,
  createServiceMetrics,
  handlerMaker,
  serverCredentialsFromConfig,
  startGrpcServer,
  startMetricsServer,
  type Logger,
  type StartedService,
  UNTRACKED_STEPS,
} from '@vigil/runtime';
import { randomUUID } from 'node:crypto';
import type { IncidentsConfig } from './config.js';
import { createIncidentsService } from './grpc/incidents-service.js';
import { openIncidentsConnections } from './incidents-connections.js';
import { ruleEvaluationMetrics } from './rules/rule-evaluation-metrics.js';
import { startRuleEvaluator } from './rules/rule-evaluator.js';
import { ingestStatistics } from './snapshots/ingest-statistics.js';

export interface RunningIncidents extends StartedService {
  /** The gRPC port actually bound. */
  readonly port: number;
  /** The port of /metrics, /healthz and /readyz. */
  readonly metricsPort: number;
}

/** What tests may replace; production takes the defaults. */
export interface IncidentsOverrides {
  readonly now?: () => Date;
}

/**
 * Starts the incidents service: connections (database, ingest, NATS and the
 * outbox relay), then the metrics and gRPC servers and the rule evaluator.
 * `stop()` drains gRPC (health NOT_SERVING, in-flight calls finish), stops
 * the evaluator, then the relay, and closes NATS and the database.
 */
export async function startIncidents(
  config: IncidentsConfig,
  logger: Logger,
  overrides: IncidentsOverrides = {},
): Promise<RunningIncidents> {
  const serverCredentials = serverCredentialsFromConfig(config);
  const now = overrides.now ?? (() => new Date());
  const metrics = createServiceMetrics();
  const connections = await openIncidentsConnections(config, { logger, metrics, now });
  let serving = false;
  const metricsServer = await startMetricsServer({
    host: config.METRICS_HOST,
    port: config.METRICS_PORT,
    registry: metrics.registry,
    readiness: () => serving,
    logger,
  }).catch(async (error: unknown) => {
    await connections.close();
    throw error;
  });
  const ingest = ingestStatistics(connections.ingestClient, config.INGEST_DEADLINE_MS);
  const service = createIncidentsService({
    orm: connections.orm,
    ingest,
    now,
    newEventId: randomUUID,
    subjectPrefix: config.NATS_STATUS_SUBJECT_PREFIX,
    onStatusChanged: () => connections.relay.notify(),
    handle: handlerMaker(logger, { metrics }),
    databaseTimeoutMs: config.DATABASE_TIMEOUT_MS,
  });
  const server = await startGrpcServer({
    host: config.GRPC_HOST,
    port: config.GRPC_PORT,
    maxMessageBytes: config.GRPC_MAX_MESSAGE_BYTES,
    credentials: serverCredentials,
    ...connectionAgeFromConfig(config),
    descriptorSetPath,
    logger,
    services: [{ definition: IncidentsServiceService, implementation: service }],
  }).catch(async (error: unknown) => {
    await metricsServer.close();
    await connections.close();
    throw error;
  });
  const evaluator = startRuleEvaluator({
    orm: connections.orm,
    ingest,
    intervalMs: config.RULE_EVALUATION_INTERVAL_MS,
    pollIntervalMs: config.RULE_EVALUATION_POLL_INTERVAL_MS,
    batchSize: config.RULE_EVALUATION_BATCH_SIZE,
    concurrency: config.RULE_EVALUATION_CONCURRENCY,
    leaseMs: config.RULE_EVALUATION_LEASE_MS,
    maxBackoffMs: config.OUTBOX_MAX_BACKOFF_MS,
    now,
    newEventId: randomUUID,
    subjectPrefix: config.NATS_STATUS_SUBJECT_PREFIX,
    onStatusChanged: () => connections.relay.notify(),
    metrics: ruleEvaluationMetrics(metrics),
    logger,
  });
  serving = true;
  return {
    port: server.port,
    metricsPort: metricsServer.port,
    async stop(steps = UNTRACKED_STEPS) {
      serving = false;
      // Calls in flight may still commit status changes; the relay stops
      // after them, and what it has not sent stays in the outbox for the
      // next start (or another replica).
      // Side by side, both within the grace: the evaluator finishes the rules
      // it is evaluating and gives back the rest it claimed, so none waits
      // for its lease to run out.
      await Promise.all([
        steps.step('draining gRPC calls', () => server.shutdown(config.SHUTDOWN_GRACE_MS)),
        steps.step('stopping the rule evaluator', () => evaluator.stop()),
      ]);
      await connections.close(steps);
      await steps.step('closing the metrics server', () => metricsServer.close());
    },
  };
}
