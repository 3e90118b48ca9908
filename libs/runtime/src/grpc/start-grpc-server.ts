import { Server, ServerCredentials, type ServiceDefinition, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import { addHealthService } from './health-service.js';
import { addReflectionService } from './reflection-service.js';
import { withStrictDecoding } from './strict-decode.js';
import { nanosChecks } from './timestamp-nanos.js';
import { traceServerCalls } from '../tracing/trace-server-calls.js';

/** gRPC's own default for received messages, applied to sent ones too. */
export const DEFAULT_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

interface ServiceRegistration {
  /** The generated `…Service` definition (ts-proto `outputServices=grpc-js`). */
  definition: ServiceDefinition;
  /** The `…Server` implementation, e.g. built with `unaryHandler`. */
  implementation: UntypedServiceImplementation;
}

interface GrpcServerOptions {
  host: string;
  /** 0 lets the OS choose; the bound port is returned. */
  port: number;
  services: readonly ServiceRegistration[];
  /**
   * A FileDescriptorSet (`buf build -o`) describing `services`, grpc.health.v1
   * and gRPC reflection (v1, v1alpha), with their imports: reflection serves
   * its files byte for byte. @vigil/contracts' `descriptorSetPath` has them all.
   */
  descriptorSetPath: string;
  logger: Logger;
  /** Largest message accepted or sent; bigger ones fail with RESOURCE_EXHAUSTED. */
  maxMessageBytes?: number;
  /** TLS or mutual TLS, e.g. `serverCredentialsFromConfig(config)`. Default: plaintext. */
  credentials?: ServerCredentials;
  /**
   * Close each client connection (GOAWAY) after about this long, so clients
   * reconnect and a plain L4 load balancer spreads them over replicas again.
   * Unset: connections live as long as the client keeps them.
   */
  maxConnectionAgeMs?: number | undefined;
  /** After that GOAWAY, how long calls in flight may finish before the connection is cut. Unset: no limit. */
  maxConnectionAgeGraceMs?: number | undefined;
}

export type ShutdownOutcome = 'drained' | 'forced';

export interface RunningGrpcServer {
  /** The port actually bound (differs from the requested one when that was 0). */
  port: number;
  /** Health for "" and every registered service. The server starts SERVING. */
  setServing(serving: boolean): void;
  /**
   * Health → NOT_SERVING, refuse new calls, let in-flight calls finish; after
   * `graceMs` cancel whatever is still running. Says which of the two ended it.
   */
  shutdown(graceMs: number): Promise<ShutdownOutcome>;
}

/** Starts a grpc-js server with the given services, grpc.health.v1 and reflection. */
export async function startGrpcServer(options: GrpcServerOptions): Promise<RunningGrpcServer> {
  const { host, services, logger, maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES } = options;
  const credentials = options.credentials ?? ServerCredentials.createInsecure();
  const server = new Server({
    'grpc.max_receive_message_length': maxMessageBytes,
    'grpc.max_send_message_length': maxMessageBytes,
    ...connectionAgeOptions(options),
  });
  const serviceNames = services.map(({ definition }) => serviceNameOf(definition));
  const nanos = nanosChecks(readFileSync(options.descriptorSetPath));
  for (const { definition, implementation } of services) {
    server.addService(withStrictDecoding(definition, nanos), traceServerCalls(definition, implementation));
  }
  const health = addHealthService(server, serviceNames);
  addReflectionService(server, options.descriptorSetPath, serviceNames);

  const port = await bind(server, `${formatHost(host)}:${options.port}`, credentials);
  health.setServing(true);
  logger.info({ host, port, services: serviceNames }, 'gRPC server listening');

  return {
    port,
    setServing: (serving) => health.setServing(serving),
    async shutdown(graceMs) {
      health.setServing(false);
      health.endWatches();
      const outcome = await drain(server, graceMs);
      logger.info({ outcome, graceMs }, 'gRPC server stopped');
      return outcome;
    },
  };
}

// grpc-js reads these keys only when present; absent means unlimited.
function connectionAgeOptions({ maxConnectionAgeMs, maxConnectionAgeGraceMs }: GrpcServerOptions) {
  return {
    ...(maxConnectionAgeMs !== undefined && { 'grpc.max_connection_age_ms': maxConnectionAgeMs }),
    ...(maxConnectionAgeGraceMs !== undefined && { 'grpc.max_connection_age_grace_ms': maxConnectionAgeGraceMs }),
  };
}

function drain(server: Server, graceMs: number): Promise<ShutdownOutcome> {
  return new Promise((resolve) => {
    const deadline = setTimeout(() => {
      server.forceShutdown();
      resolve('forced');
    }, graceMs);
    server.tryShutdown(() => {
      clearTimeout(deadline);
      resolve('drained');
    });
  });
}

function bind(server: Server, address: string, credentials: ServerCredentials): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(address, credentials, (error, port) => {
      if (error) reject(new Error(`gRPC server could not listen on ${address}: ${error.message}`, { cause: error }));
      else resolve(port);
    });
  });
}

// Every method path is `/<package>.<Service>/<Method>`; health is reported
// under the fully qualified service name, as grpc.health.v1 expects.
function serviceNameOf(definition: ServiceDefinition): string {
  const path = Object.values(definition)[0]?.path;
  const name = path?.split('/')[1];
  if (!name) throw new Error('A gRPC service definition without methods cannot be registered');
  return name;
}

function formatHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
