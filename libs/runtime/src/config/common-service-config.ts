import { envDurationMs, envEnum, envHost, envPort, envPositiveInt, envUrl } from './env-schemas.js';
import { LOG_LEVELS } from '../logging/create-logger.js';

const MiB = 1024 * 1024;

interface CommonServiceDefaults {
  /** The service's own PostgreSQL database, e.g. `vigil_ingest`. */
  database: string;
  /** The gRPC port this service listens on by default. */
  grpcPort: number;
}

/**
 * The variables every Vigil service reads, with defaults for a developer
 * machine. Spread it into the service's own schema:
 * `z.object({ ...commonServiceConfig({ database: 'vigil_ingest', grpcPort: 50051 }), … })`.
 */
export function commonServiceConfig({ database, grpcPort }: CommonServiceDefaults) {
  return {
    // Loopback by default: a developer machine should not expose the API to
    // its network by accident; containers set 0.0.0.0 explicitly.
    GRPC_HOST: envHost('127.0.0.1'),
    GRPC_PORT: envPort(grpcPort),
    GRPC_MAX_MESSAGE_BYTES: envPositiveInt(4 * MiB),
    LOG_LEVEL: envEnum(LOG_LEVELS, 'info'),
    DATABASE_URL: envUrl(['postgres', 'postgresql'], `postgres://postgres@127.0.0.1:5432/${database}`),
    DATABASE_POOL_SIZE: envPositiveInt(10),
    NATS_URL: envUrl(['nats', 'tls'], 'nats://127.0.0.1:4222'),
    SHUTDOWN_GRACE_MS: envDurationMs(10_000),
  };
}

