import type { MikroORM } from '@mikro-orm/postgresql';
import { IngestServiceClient } from '@vigil/contracts/ingest';
import {
  clientCredentialsFromConfig,
  connectNats,
  internalClientOptions,
  natsAuthFromConfig,
  openDatabase,
  registerDatabasePoolMetrics,
  registerNatsMetrics,
  type Logger,
  type ServiceMetrics,
  type ShutdownSteps,
  UNTRACKED_STEPS,
} from '@vigil/runtime';
import type { IncidentsConfig } from './config.js';
import { INCIDENTS_ENTITIES } from './db/entities.js';
import { INCIDENTS_MIGRATIONS } from './db/migrations.js';
import { jetStreamPublisher } from './outbox/jetstream-publisher.js';
import { outboxMetrics } from './outbox/outbox-metrics.js';
import { startOutboxRelay, type OutboxRelay } from './outbox/outbox-relay.js';

/** What the service talks to: its database, ingest, and NATS through the outbox relay. */
export interface IncidentsConnections {
  readonly orm: MikroORM;
  readonly ingestClient: IngestServiceClient;
  readonly relay: OutboxRelay;
  /** Stops the relay (after its current batch), then closes ingest, NATS and the database, each as one of `steps`. */
  close(steps?: ShutdownSteps): Promise<void>;
}

/**
 * Opens the database (migrated under the advisory lock) and starts NATS and
 * the relay in the background: NATS may be down at start; the outbox keeps
 * the events until it is up.
 */
export async function openIncidentsConnections(
  config: IncidentsConfig,
  { logger, metrics, now }: { logger: Logger; metrics: ServiceMetrics; now: () => Date },
): Promise<IncidentsConnections> {
  // Read first: a bad TLS or NATS variable fails the start before anything opens.
  const ingestCredentials = clientCredentialsFromConfig(config);
  const natsAuth = natsAuthFromConfig(config);
  const orm = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    entities: INCIDENTS_ENTITIES,
    migrations: INCIDENTS_MIGRATIONS,
    logger,
    poolSize: config.DATABASE_POOL_SIZE,
    statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
    migrationMode: config.DATABASE_MIGRATIONS,
  });
  await registerDatabasePoolMetrics(metrics, [{ pool: 'main', orm }]);
  const nats = connectNats({
    servers: config.NATS_URL,
    name: 'vigil-incidents',
    logger,
    retryWaitMs: config.NATS_RETRY_WAIT_MS,
    auth: natsAuth,
  });
  registerNatsMetrics(metrics, nats);
  const ingestClient = new IngestServiceClient(config.INGEST_GRPC_ADDRESS, ingestCredentials, internalClientOptions());
  const stream = {
    name: config.NATS_STREAM,
    subjectPrefix: config.NATS_STATUS_SUBJECT_PREFIX,
    duplicateWindowMs: config.NATS_DUPLICATE_WINDOW_MS,
    replicas: config.NATS_STREAM_REPLICAS,
    maxAgeMs: config.NATS_STREAM_MAX_AGE_MS,
  };
  const relay = startOutboxRelay({
    orm,
    publisher: jetStreamPublisher(nats, stream, config.OUTBOX_PUBLISH_TIMEOUT_MS, logger),
    batchSize: config.OUTBOX_BATCH_SIZE,
    pollIntervalMs: config.OUTBOX_POLL_INTERVAL_MS,
    maxBackoffMs: config.OUTBOX_MAX_BACKOFF_MS,
    retentionMs: config.OUTBOX_RETENTION_MS,
    streamMaxAgeMs: config.NATS_STREAM_MAX_AGE_MS,
    now,
    logger,
    onPublished: outboxMetrics(metrics, orm, logger).published,
  });
  return {
    orm,
    ingestClient,
    relay,
    async close(steps = UNTRACKED_STEPS) {
      await steps.step('stopping the outbox relay', () => relay.stop());
      ingestClient.close();
      await steps.step('closing NATS', () => nats.close());
      await steps.step('closing the database pool', () => orm.close());
    },
  };
}
