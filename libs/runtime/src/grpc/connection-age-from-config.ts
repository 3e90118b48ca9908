interface ConnectionAgeConfig {
  readonly GRPC_MAX_CONNECTION_AGE_MS?: number | undefined;
  readonly GRPC_MAX_CONNECTION_AGE_GRACE_MS?: number | undefined;
}

/**
 * `startGrpcServer`'s connection-age options from `commonServiceConfig`'s
 * variables: `startGrpcServer({ …, ...connectionAgeFromConfig(config) })`.
 */
export function connectionAgeFromConfig(config: ConnectionAgeConfig): {
  maxConnectionAgeMs: number | undefined;
  maxConnectionAgeGraceMs: number | undefined;
} {
  return {
    maxConnectionAgeMs: config.GRPC_MAX_CONNECTION_AGE_MS,
    maxConnectionAgeGraceMs: config.GRPC_MAX_CONNECTION_AGE_GRACE_MS,
  };
}
