// @vigil/runtime: what every Vigil service's main.ts wires together.

// Configuration from environment variables.
export { loadConfig } from './config/load-config.js';
export { ConfigError, type ConfigIssue } from './config/config-error.js';
export {
  envDurationMs,
  envEnum,
  envHost,
  envPort,
  envPositiveInt,
  envStreamReplicas,
  envUrl,
} from './config/env-schemas.js';
export { commonServiceConfig } from './config/common-service-config.js';

// Logs.
export { createLogger, LOG_LEVELS, type Logger, type LogLevel } from './logging/create-logger.js';

// gRPC: server, handlers, errors, client calls.
export {
  startGrpcServer,
  DEFAULT_MAX_MESSAGE_BYTES,
  type RunningGrpcServer,
  type ShutdownOutcome,
} from './grpc/start-grpc-server.js';
export {
  AbortedError,
  AlreadyExistsError,
  CallEndedError,
  FailedPreconditionError,
  InternalError,
  InvalidArgumentError,
  NotFoundError,
  ResourceExhaustedError,
  UnavailableError,
} from './grpc/domain-errors.js';
export { toServiceError } from './grpc/to-service-error.js';
export { handlerMaker, unaryHandler, type HandlerMaker } from './grpc/unary-handler.js';
export { callUnary } from './grpc/call-unary.js';
export { internalClientOptions } from './grpc/internal-client-options.js';
export { connectionAgeFromConfig } from './grpc/connection-age-from-config.js';

// OpenTelemetry tracing, off unless OTEL_* asks for it (runService starts it).
export { grpcClientTracing } from './tracing/client-tracing.js';
export { inSpan, SpanKind } from './tracing/in-span.js';
export { activeTraceParent, contextFromTraceParent } from './tracing/stored-trace-context.js';
export { tracingConfigFromEnv } from './tracing/tracing-config.js';
export { isTracingVariable } from './tracing/tracing-variables.js';

// TLS and mutual TLS for gRPC, from config.
export { serverCredentialsFromConfig } from './tls/server-credentials-from-config.js';
export { clientCredentialsFromConfig } from './tls/client-credentials-from-config.js';

// Prometheus metrics, /healthz and /readyz.
export { createServiceMetrics, type ServiceMetrics } from './metrics/create-service-metrics.js';
export { startMetricsServer, type RunningMetricsServer } from './metrics/start-metrics-server.js';
export { registerNatsMetrics } from './metrics/register-nats-metrics.js';
export { registerDatabasePoolMetrics } from './metrics/register-database-pool-metrics.js';
export type { Counter, Gauge, Histogram } from 'prom-client';

// Lifecycle.
export { runService, type StartedService } from './lifecycle/run-service.js';
export { UNTRACKED_STEPS, type ShutdownSteps } from './lifecycle/shutdown-steps.js';
export { runMigrate } from './lifecycle/run-migrate.js';
export { runServiceCommand } from './lifecycle/run-service-command.js';

// PostgreSQL through MikroORM.
export { openDatabase, type MigrationMode } from './db/open-database.js';
export { schemaDrift, type DeliberateDrift, type SchemaDriftReport } from './db/schema-drift.js';
export { isDatabaseUnavailable } from './db/database-unavailable.js';
export { guardDatabase } from './db/guard-database.js';
export { inTransaction } from './db/in-transaction.js';
export { boundQuery } from './db/bound-query.js';

// NATS JetStream.
export { connectNats, type NatsHandle, type NatsState } from './nats/connect-nats.js';
export { natsAuthFromConfig } from './nats/nats-auth-from-config.js';
export { ensureStream } from './nats/ensure-stream.js';
