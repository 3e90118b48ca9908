import { envDurationMs, envEnum, envHost, envPort, envPositiveInt, envReadableFile, LOG_LEVELS } from '@vigil/runtime';
import { z } from 'zod';
import { parseProjectKeys } from './domain/project-keys.js';

const MiB = 1024 * 1024;

/** `host:port` of a gRPC server, e.g. `127.0.0.1:50051` or `ingest:50051`. */
function envGrpcAddress(fallback: string) {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      const value = raw?.trim() ?? fallback;
      if (!/^[A-Za-z0-9.-]+:\d{1,5}$|^\[[0-9A-Fa-f:.]+\]:\d{1,5}$/.test(value)) {
        ctx.addIssue({ code: 'custom', message: 'a gRPC address host:port such as 127.0.0.1:50051' });
        return z.NEVER;
      }
      return value;
    });
}

/** `SENTRY_PROJECT_KEYS` (or `SENTRY_PROJECT_KEYS_FILE`): which key opens which project; see project-keys.ts. */
const projectKeys = z
  .string()
  .optional()
  .transform((text, ctx) => {
    const { keys, problems } = parseProjectKeys(text ?? '');
    if (problems.length === 0) return keys;
    ctx.addIssue({ code: 'custom', message: `project=key|key pairs, comma-separated: ${problems.join('; ')}` });
    return z.NEVER;
  });

/**
 * The relay has no database, no NATS and no gRPC server of its own: it reads
 * only what it uses (not `commonServiceConfig`), so a compose file or a
 * manifest cannot set a variable that would silently do nothing.
 */
export const relayConfigSchema = z.object({
  /** Where the Sentry-compatible HTTP API listens (`0.0.0.0` in containers). */
  HTTP_HOST: envHost('127.0.0.1'),
  HTTP_PORT: envPort(9000),
  METRICS_HOST: envHost('127.0.0.1'),
  METRICS_PORT: envPort(9467),
  LOG_LEVEL: envEnum(LOG_LEVELS, 'info'),
  /** On SIGTERM, how long requests in flight may finish. */
  SHUTDOWN_GRACE_MS: envDurationMs(10_000),
  SENTRY_PROJECT_KEYS: projectKeys,
  INGEST_GRPC_ADDRESS: envGrpcAddress('127.0.0.1:50051'),
  /** Deadline of each StoreEvents call; past it the SDK gets 429 (retry later). */
  INGEST_DEADLINE_MS: envDurationMs(5_000),
  GRPC_CLIENT_TLS_CA_FILE: envReadableFile().optional(),
  GRPC_CLIENT_TLS_CERT_FILE: envReadableFile().optional(),
  GRPC_CLIENT_TLS_KEY_FILE: envReadableFile().optional(),
  /** Largest request body, before and after decompression (a gzip bomb stops here too). */
  MAX_BODY_BYTES: envPositiveInt(MiB),
  /** How long the first event of a batch waits for others before StoreEvents. */
  BATCH_WINDOW_MS: envDurationMs(5),
  /** Most events in one StoreEvents call (ingest's MAX_BATCH_EVENTS must be at least this). */
  BATCH_MAX_EVENTS: envPositiveInt(500),
  /** StoreEvents calls open at once; while they are, the next batch keeps filling. */
  BATCH_MAX_IN_FLIGHT: envPositiveInt(4),
  /** Most encoded bytes in one StoreEvents call: below ingest's GRPC_MAX_MESSAGE_BYTES (4 MiB). */
  BATCH_MAX_BYTES: envPositiveInt(3 * MiB),
  /** The Retry-After of a 429 (ingest unavailable), rounded up to whole seconds. */
  RETRY_AFTER_MS: envDurationMs(10_000),
});

export type RelayConfig = z.output<typeof relayConfigSchema>;
