// Asks a service's grpc.health.v1 endpoint whether it serves, so the demo can
// say "start the services" before it tries anything.
import { makeGenericClientConstructor, type ServiceError } from '@grpc/grpc-js';
import { service as healthService } from 'grpc-health-check';
import { cliChannelCredentials } from '../channel-credentials.js';

interface HealthClient {
  check(
    request: { service: string },
    options: { deadline: number },
    callback: (error: ServiceError | null, response?: { status: string }) => void,
  ): void;
  close(): void;
}

// grpc-health-check types its definition with its own copy of proto-loader; same shape.
const HealthClient = makeGenericClientConstructor(healthService, 'grpc.health.v1.Health');

/** "SERVING", "NOT_SERVING", or why the service could not be asked. */
export function serviceHealth(address: string, timeoutMs: number): Promise<string> {
  const client = new HealthClient(address, cliChannelCredentials()) as unknown as HealthClient;
  return new Promise<string>((resolve) => {
    client.check({ service: '' }, { deadline: Date.now() + timeoutMs }, (error, response) => {
      client.close();
      resolve(error ? `not answering (${error.details || error.message})` : (response?.status ?? 'UNKNOWN'));
    });
  });
}
