import { Client, credentials, type ChannelCredentials, type ServiceError } from '@grpc/grpc-js';
import { service as healthService } from 'grpc-health-check';

/** What grpc.health.v1 Check answers (`SERVICE_UNKNOWN` for a name it does not know). */
type ServingStatus = 'UNKNOWN' | 'SERVING' | 'NOT_SERVING' | 'SERVICE_UNKNOWN';

interface HealthCheckRequest {
  service: string;
}
interface HealthCheckResponse {
  status: ServingStatus;
}

const check = healthService['Check'];

/**
 * Asks the gRPC server at `address` (`host:port`) for the health of
 * `service` ("" = the whole server) within `timeoutMs`. Rejects with the
 * gRPC error when the server does not answer (refused, deadline exceeded).
 * Plaintext unless `channelCredentials` say otherwise (see probeCredentials).
 */
export function grpcServingStatus(
  address: string,
  timeoutMs: number,
  service = '',
  channelCredentials: ChannelCredentials = credentials.createInsecure(),
): Promise<ServingStatus> {
  if (check === undefined) throw new Error('grpc-health-check no longer defines grpc.health.v1.Health/Check');
  const client = new Client(address, channelCredentials);
  return new Promise<ServingStatus>((resolve, reject) => {
    client.makeUnaryRequest<HealthCheckRequest, HealthCheckResponse>(
      check.path,
      check.requestSerialize,
      // proto-loader decodes to a plain object (enums as names, as loaded by grpc-health-check).
      (bytes) => check.responseDeserialize(bytes) as HealthCheckResponse,
      { service },
      { deadline: Date.now() + timeoutMs },
      (error: ServiceError | null, response?: HealthCheckResponse) => {
        if (error !== null || response === undefined) reject(error ?? new Error('empty health response'));
        else resolve(response.status);
      },
    );
  }).finally(() => client.close());
}
