import { z } from 'zod';
import {
  envDurationMs,
  envEnum,
  envHost,
  envPort,
  envPositiveInt,
  envReadableFile,
  envUrl,
  envUrlList,
} from './env-schemas.js';
import { LOG_LEVELS } from '../logging/create-logger.js';
import type { MigrationMode } from '../db/open-database.js';

const MiB = 1024 * 1024;
const MIGRATION_MODES = ['apply', 'verify'] as const satisfies readonly MigrationMode[];

interface CommonServiceDefaults<MetricsPort extends number | undefined> {
  /** The service's own PostgreSQL database, e.g. `vigil_ingest`. */
  database: string;
  /** The gRPC port this service listens on by default. */
  grpcPort: number;
  /**
   * The port of /metrics, /healthz and /readyz by default. Without one,
   * METRICS_PORT is optional and its absence means "no metrics server".
   */
  metricsPort?: MetricsPort;
}

type PortSchema = ReturnType<typeof envPort>;
type MetricsPortSchema<MetricsPort> = MetricsPort extends number ? PortSchema : z.ZodOptional<PortSchema>;

/**
 * The variables every Vigil service reads, with defaults for a developer
 * machine. Spread it into the service's own schema:
 * `z.object({ ...commonServiceConfig({ database: 'vigil_ingest', grpcPort: 50051, metricsPort: 9464 }), … })`.
 * TLS and NATS credentials are optional; `serverCredentialsFromConfig`,
 * `clientCredentialsFromConfig` and `natsAuthFromConfig` turn them into
 * what grpc-js and the NATS client take.
 */
export function commonServiceConfig<MetricsPort extends number | undefined = undefined>({
  database,
  grpcPort,
  metricsPort,
}: CommonServiceDefaults<MetricsPort>) {
  const metricsPortSchema = (
    metricsPort === undefined ? envPort().optional() : envPort(metricsPort)
  ) as MetricsPortSchema<MetricsPort>;
  return {
    // Loopback by default: a developer machine should not expose the API to
    // its network by accident; containers set 0.0.0.0 explicitly.
    GRPC_HOST: envHost('127.0.0.1'),
    GRPC_PORT: envPort(grpcPort),
    GRPC_MAX_MESSAGE_BYTES: envPositiveInt(4 * MiB),
    LOG_LEVEL: envEnum(LOG_LEVELS, 'info'),
    DATABASE_URL: envUrl(['postgres', 'postgresql'], `postgres://postgres@127.0.0.1:5432/${database}`),
    DATABASE_POOL_SIZE: envPositiveInt(10),
    // PostgreSQL cancels any statement running longer, whoever sent it: no query outlives its use for long.
    DATABASE_STATEMENT_TIMEOUT_MS: envDurationMs(30_000),
    // `verify`: the service's role needs no DDL rights; `node main.js migrate`
    // (a Kubernetes init container or Job) applies the migrations beforehand.
    DATABASE_MIGRATIONS: envEnum(MIGRATION_MODES, 'apply'),
    // Several servers of one cluster, comma-separated: the first reachable one is used.
    NATS_URL: envUrlList(['nats', 'tls'], 'nats://127.0.0.1:4222'),
    SHUTDOWN_GRACE_MS: envDurationMs(10_000),
    // Unset by default: a connection lives as long as its client keeps it.
    GRPC_MAX_CONNECTION_AGE_MS: envDurationMs().optional(),
    GRPC_MAX_CONNECTION_AGE_GRACE_MS: envDurationMs().optional(),
    ...grpcTlsVariables(),
    ...natsCredentialVariables(),
    METRICS_HOST: envHost('127.0.0.1'),
    METRICS_PORT: metricsPortSchema,
  };
}

// The server's TLS: certificate and key make it TLS; a CA on top makes it
// mutual TLS (clients must present a certificate that CA signed). The client
// side applies to every outbound gRPC channel of the service.
function grpcTlsVariables() {
  return {
    GRPC_TLS_CERT_FILE: envReadableFile().optional(),
    GRPC_TLS_KEY_FILE: envReadableFile().optional(),
    GRPC_TLS_CA_FILE: envReadableFile().optional(),
    GRPC_CLIENT_TLS_CA_FILE: envReadableFile().optional(),
    GRPC_CLIENT_TLS_CERT_FILE: envReadableFile().optional(),
    GRPC_CLIENT_TLS_KEY_FILE: envReadableFile().optional(),
  };
}

// One way to authenticate at most (user + password, token, or a .creds
// file); a CA file makes the connection TLS, verified against that CA.
function natsCredentialVariables() {
  return {
    NATS_USER: z.string().optional(),
    NATS_PASSWORD: z.string().optional(),
    NATS_TOKEN: z.string().optional(),
    NATS_CREDS_FILE: envReadableFile().optional(),
    NATS_TLS_CA_FILE: envReadableFile().optional(),
  };
}
